"""Search latency with 10,000 pages: the search page, the header's suggestions and the
directory's text search, answered by PostgreSQL full-text search.

Run with `make bench` (or `.venv/bin/python bench/search.py`). It creates a throwaway
PostgreSQL database (TEST_DATABASE_URL's server, database name + "_bench_search"), inserts
10,000 published, indexed pages in bulk (news posts, standard pages and local groups, with
text drawn from a fixed vocabulary), then times each request, whole (view, template and
every query), through Django's test client. Prints the median and 95th percentile of each.
BENCH_PAGES and BENCH_ROUNDS change the sizes. Page text mixes 60 topical words (a tenth
of the words) with made-up words in Zipf's proportions, like real text.
"""

import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

PAGES = int(os.environ.get("BENCH_PAGES", "10000"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "30"))
VOCABULARY = [
    *("campaign", "members", "meeting", "branch", "suspended", "expelled", "party", "policy"),
    *("housing", "council", "transport", "union", "strike", "rally", "petition", "letter"),
    *("statement", "press", "hearing", "appeal", "rules", "democracy", "conference"),
    *("motion", "vote", "candidate", "selection", "community", "school", "hospital", "rent"),
    *("wages", "workers", "organising", "leaflet", "street", "stall", "coffee", "morning"),
    *("online", "agenda", "minutes", "report", "analysis", "racism", "antisemitism"),
    *("disability", "access", "solidarity", "justice", "socialist", "constituency", "ward"),
    *("region", "election", "leadership", "newsletter", "volunteers"),
]
TOWNS = ["Bristol", "Stroud", "Newham", "Plymouth", "Liverpool", "Brighton", "Sheffield"]
QUERIES = [
    ("/search/?q=campaign", "a topical word (in about a fifth of the pages)"),
    ("/search/?q=antisemitism+hearing", "two words"),
    ("/search/?q=%22coffee+morning%22", "a quoted phrase"),
    ("/search/?q=campaigning&page=3", "stemmed word, third page"),
    ("/search/?q=Newham", "a town"),
    ("/search/?q=BS10", "a postcode district (nearest groups too)"),
    ("/search/?q=zebra+crossings", "nothing found"),
    ("/search/suggestions/?q=coff", "suggestions, cache cleared each time"),
    ("/groups/?q=bristol", "directory text search"),
    ("/groups/?q=housing&postcode=BS10&radius=50", "directory text search by distance"),
]


# The rest of the text: 5,000 made-up words drawn by Zipf's law, as words in real text
# are, so that a topical word is in a fifth of the pages or so, not in every one.
FILLER_WORDS = 5000
TOPICAL_SHARE = 0.1


def filler_vocabulary(rng):
    letters = "bcdfghjklmnpqrstvwxz"
    vowels = "aeiouy"
    return [
        "".join(rng.choice(letters) + rng.choice(vowels) for _syllable in range(rng.randint(2, 4)))
        for _word in range(FILLER_WORDS)
    ]


FILLER = filler_vocabulary(random.Random(1))  # noqa: S311 (fixed, not secret)
FILLER_WEIGHTS = [1 / rank for rank in range(1, FILLER_WORDS + 1)]


def text(rng, words):
    topical = sum(1 for _word in range(words) if rng.random() < TOPICAL_SHARE)
    chosen = [rng.choice(VOCABULARY) for _word in range(topical)]
    chosen += rng.choices(FILLER, weights=FILLER_WEIGHTS, k=words - topical)
    rng.shuffle(chosen)
    return " ".join(chosen)


def build_site(rng):
    from blog.models import BlogPage
    from directory.models import LocalGroupPage, PostcodeDistrict
    from home.models import StandardPage
    from tests.support.bulk_pages import bulk_add_children
    from tests.support.factories import (
        BlogIndexPageFactory,
        LocalGroupIndexPageFactory,
        WorkingGroupIndexPageFactory,
        make_site_home,
    )

    home = make_site_home()
    news = BlogIndexPageFactory(parent=home)
    WorkingGroupIndexPageFactory(parent=home)
    directory = LocalGroupIndexPageFactory(parent=home)
    PostcodeDistrict.objects.create(outward_code="BS10", latitude=51.5095, longitude=-2.6101)
    posts, standard, groups = PAGES * 7 // 10, PAGES * 2 // 10, PAGES // 10
    started = time.perf_counter()
    for start in range(0, posts, 1000):
        bulk_add_children(
            news,
            [
                BlogPage(
                    title=f"{rng.choice(TOWNS)} {text(rng, 4)} {number}",
                    slug=f"post-{number:05d}",
                    intro=text(rng, 25),
                    body=[("paragraph", "<p>" + text(rng, 150) + "</p>")],
                )
                for number in range(start, min(start + 1000, posts))
            ],
        )
    bulk_add_children(
        home,
        [
            StandardPage(
                title=f"{text(rng, 3)} {number}",
                slug=f"page-{number:05d}",
                intro=text(rng, 20),
                body=[("paragraph", "<p>" + text(rng, 200) + "</p>")],
            )
            for number in range(standard)
        ],
    )
    bulk_add_children(
        directory,
        [
            LocalGroupPage(
                title=f"{rng.choice(TOWNS)} group {number}",
                slug=f"group-{number:05d}",
                kind="shadow-clp",
                constituencies=f"{rng.choice(TOWNS)} {number}",
                description="<p>" + text(rng, 60) + "</p>",
                postcode_district="BS10",
                latitude=51.0 + rng.random(),
                longitude=-3.0 + rng.random(),
            )
            for number in range(groups)
        ],
    )
    print(
        f"{posts + standard + groups} pages inserted and indexed in "
        f"{time.perf_counter() - started:.0f} s"
    )


def main():
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment

    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench_search"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ):
            # Wagtail caches the site's root paths: none may come from another database.
            cache.clear()
            build_site(random.Random(15))  # noqa: S311 (fixed, not secret)
            with connection.cursor() as cursor:
                cursor.execute("VACUUM ANALYZE")
            client = Client()
            print(f"{'request':<46} {'median':>8} {'p95':>8}  results")
            medians = []
            for path, label in QUERIES:
                client.get(path)  # the first view fills the site's caches
                times = []
                for _round in range(ROUNDS):
                    if "suggestions" in path:
                        cache.clear()  # suggestions are cached: measure the database
                    start = time.perf_counter()
                    response = client.get(path)
                    times.append((time.perf_counter() - start) * 1000)
                    assert response.status_code == 200, path
                times.sort()
                median = statistics.median(times)
                medians.append(median)
                p95 = times[int(len(times) * 0.95) - 1]
                print(f"{label:<46} {median:>6.1f}ms {p95:>6.1f}ms  {path}")
            print(f"median of the medians: {statistics.median(medians):.1f} ms")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""Search latency with 10,000 pages: the site search, the header's suggestions and the
directory's text and postcode searches, answered by PostgreSQL.

Run with `make bench` (or `.venv/bin/python bench/search.py`). It creates a PostgreSQL
database of its own on TEST_DATABASE_URL's server (`bench_search`, or BENCH_SEARCH_DATABASE),
inserts in bulk the realistic data set of issue 18: 2,000 news posts, 20 working groups,
5,000 local groups spread over about 1,100 postcode districts of Great Britain, 50 events
and standard pages up to 10,000 pages in all, published and indexed; then times each
request, whole (view, template and every query), through Django's test client, taking
turns round after round so that the machine's load weighs on each alike, and prints the
median and 95th percentile of each. Rows "the page around" time the same pages with
nothing to search: what remains is the search's own cost. Page text mixes 60 topical
words (a tenth of the words) with made-up words in Zipf's proportions, like real text.

BENCH_PAGES and BENCH_ROUNDS change the sizes; BENCH_KEEP=1 keeps the database afterwards
and reuses it on the next run (for profiling: the build takes a minute or two).
"""

import datetime
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
DATABASE = os.environ.get("BENCH_SEARCH_DATABASE", "bench_search")
KEEP = os.environ.get("BENCH_KEEP", "") not in ("", "0")
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
# Postcode areas of Great Britain: (area, latitude, longitude of its centre, region).
AREAS = [
    ("AB", 57.15, -2.10, "scotland"),
    ("B", 52.48, -1.90, "west-midlands"),
    ("BN", 50.83, -0.14, "south-east"),
    ("BS", 51.45, -2.59, "south-west"),
    ("CB", 52.20, 0.12, "east"),
    ("CF", 51.48, -3.18, "wales"),
    ("DH", 54.78, -1.57, "north-east"),
    ("E", 51.53, -0.03, "london"),
    ("EH", 55.95, -3.19, "scotland"),
    ("EX", 50.72, -3.53, "south-west"),
    ("G", 55.86, -4.25, "scotland"),
    ("GL", 51.86, -2.24, "south-west"),
    ("HU", 53.74, -0.33, "yorkshire"),
    ("IP", 52.06, 1.16, "east"),
    ("L", 53.41, -2.98, "north-west"),
    ("LD", 52.24, -3.38, "wales"),
    ("LS", 53.80, -1.55, "yorkshire"),
    ("M", 53.48, -2.24, "north-west"),
    ("N", 51.57, -0.11, "london"),
    ("NE", 54.97, -1.61, "north-east"),
    ("NG", 52.95, -1.15, "east-midlands"),
    ("NR", 52.63, 1.30, "east"),
    ("OX", 51.75, -1.26, "south-east"),
    ("PL", 50.38, -4.14, "south-west"),
    ("S", 53.38, -1.47, "yorkshire"),
    ("SA", 51.62, -3.94, "wales"),
    ("SE", 51.47, -0.06, "london"),
    ("SO", 50.90, -1.40, "south-east"),
    ("TR", 50.26, -5.05, "south-west"),
    ("IV", 57.48, -4.22, "scotland"),
]
DISTRICTS_PER_AREA = 36
QUERIES = [
    ("/search/", "site: the search page, no query (the page around)"),
    ("/search/?q=campaign", "site: a common word (a fifth of the pages)"),
    ("/search/?q=campaign&fresh=1", "site: a common word, after an index change"),
    ("/search/?q=antisemitism+hearing", "site: two words"),
    ("/search/?q=%22coffee+morning%22", "site: a quoted phrase"),
    ("/search/?q=campaigning&page=3", "site: stemmed word, third page"),
    ("/search/?q=campaign&type=blog.blogpage", "site: a common word, one type"),
    ("/search/?q=Newham", "site: a town"),
    ("/search/?q=BS10", "site: a postcode district (nearest groups)"),
    ("/search/?q=zebra+crossings", "site: nothing found"),
    ("/groups/", "directory: no filter (the page around)"),
    ("/groups/?postcode=BS10", "directory: postcode (25 miles)"),
    ("/groups/?postcode=LS1+4AP&radius=100", "directory: full postcode, 100 miles"),
    ("/groups/?q=bristol", "directory: text search"),
    ("/groups/?q=housing&postcode=BS10&radius=50", "directory: text search by distance"),
]
# Measured apart: its answers are cached, so the cache is emptied before each request.
SUGGESTIONS = ("/search/suggestions/?q=coff", "suggestions, cache emptied each time")


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


def paragraphs(rng, count, words):
    return "".join(f"<p>{text(rng, words)}</p>" for _paragraph in range(count))


def postcode_districts(rng):
    from directory.models import PostcodeDistrict

    districts = [
        PostcodeDistrict(
            outward_code=f"{area}{number}",
            latitude=latitude + rng.uniform(-0.25, 0.25),
            longitude=longitude + rng.uniform(-0.4, 0.4),
            region=region,
        )
        for area, latitude, longitude, region in AREAS
        for number in range(1, DISTRICTS_PER_AREA + 1)
    ]
    return PostcodeDistrict.objects.bulk_create(districts)


def in_batches(parent, make, count, size=1000):
    from tests.support.bulk_pages import bulk_add_children

    for start in range(0, count, size):
        bulk_add_children(
            parent, [make(number) for number in range(start, min(start + size, count))]
        )


def build_site(rng):
    from blog.models import BlogPage
    from directory.models import LocalGroupPage
    from events.models import EventPage
    from home.models import StandardPage
    from tests.support.factories import (
        AimFactory,
        BlogIndexPageFactory,
        EventIndexPageFactory,
        LocalGroupIndexPageFactory,
        WorkingGroupIndexPageFactory,
        make_site_home,
    )
    from workinggroups.models import WorkingGroupPage

    home = make_site_home()
    news = BlogIndexPageFactory(parent=home)
    working_groups = WorkingGroupIndexPageFactory(parent=home)
    directory = LocalGroupIndexPageFactory(parent=home)
    events = EventIndexPageFactory(parent=home)
    districts = postcode_districts(rng)
    aims = [AimFactory(name=f"Aim: {text(rng, 3)}") for _aim in range(4)]
    scale = PAGES / 10000
    counts = {
        "posts": round(2000 * scale),
        "working groups": max(1, round(20 * scale)),
        "local groups": round(5000 * scale),
        "events": max(1, round(50 * scale)),
    }
    counts["standard pages"] = PAGES - sum(counts.values()) - 5
    started = time.perf_counter()
    in_batches(
        news,
        lambda number: BlogPage(
            title=f"{rng.choice(TOWNS)} {text(rng, 4)} {number}",
            slug=f"post-{number:05d}",
            date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number % 2000),
            intro=text(rng, 25),
            body=[("paragraph", paragraphs(rng, 3, 50))],
        ),
        counts["posts"],
    )
    in_batches(
        working_groups,
        lambda number: WorkingGroupPage(
            title=f"{text(rng, 2).title()} working group {number}",
            slug=f"working-group-{number:03d}",
            summary=text(rng, 12),
            aim=aims[number % len(aims)],
            remit=paragraphs(rng, 2, 60),
            current_work=paragraphs(rng, 2, 60),
        ),
        counts["working groups"],
    )

    def local_group(number):
        district = rng.choice(districts)
        return LocalGroupPage(
            title=f"{rng.choice(TOWNS)} group {number}",
            slug=f"group-{number:05d}",
            kind="shadow-clp" if number % 3 else "campaign-network",
            constituencies=f"{rng.choice(TOWNS)} {number}",
            description=paragraphs(rng, 1, 60),
            postcode_district=district.outward_code,
            region=district.region,
            latitude=district.latitude,
            longitude=district.longitude,
            contact_email=f"group-{number}@example.org",
        )

    in_batches(directory, local_group, counts["local groups"])
    start = datetime.datetime(2026, 1, 5, 19, tzinfo=datetime.UTC)
    in_batches(
        events,
        lambda number: EventPage(
            title=f"{text(rng, 3).title()} meeting {number}",
            slug=f"meeting-{number:03d}",
            summary=text(rng, 15),
            description=paragraphs(rng, 2, 50),
            start=start + datetime.timedelta(days=7 * number),
            end=start + datetime.timedelta(days=7 * number, hours=2),
            attendance="online",
        ),
        counts["events"],
    )
    in_batches(
        home,
        lambda number: StandardPage(
            title=f"{text(rng, 3)} {number}",
            slug=f"page-{number:05d}",
            intro=text(rng, 20),
            body=[("paragraph", paragraphs(rng, 4, 50))],
        ),
        counts["standard pages"],
    )
    made = ", ".join(f"{count} {name}" for name, count in counts.items())
    print(f"{made}: inserted and indexed in {time.perf_counter() - started:.0f} s")


def index_changed():
    """What a publish does to the search's cached answers (its ranking and results)."""
    try:
        from search.index_version import index_changed as search_index_changed
    except ImportError:  # a version of the portal that caches nothing
        return
    search_index_changed()


def timed_get(client, path):
    if "fresh=1" in path:
        index_changed()
    start = time.perf_counter()
    response = client.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    assert response.status_code == 200, (path, response.status_code)
    return elapsed


def percentiles(times):
    times = sorted(times)
    return statistics.median(times), times[max(0, int(len(times) * 0.95) - 1)]


def measure_all(client, cache):
    """{path: (median, p95)}. The requests take turns, round after round, so that a
    change in the machine's load weighs on every row alike."""
    for path, _label in QUERIES:
        client.get(path)  # the first view fills the site's caches
    times = {path: [] for path, _label in QUERIES}
    for _round in range(ROUNDS):
        for path, _label in QUERIES:
            times[path].append(timed_get(client, path))
    results = {path: percentiles(found) for path, found in times.items()}
    path = SUGGESTIONS[0]
    suggestion_times = []
    for _round in range(ROUNDS):
        cache.clear()
        suggestion_times.append(timed_get(client, path))
    results[path] = percentiles(suggestion_times)
    return results


def main():
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client, override_settings

    from wagtail.models import Page

    # No setup_test_environment(): its template instrumentation (a signal and a copy of
    # the context for every template rendered) would be timed with the portal.
    connection.settings_dict["TEST"]["NAME"] = DATABASE
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, keepdb=KEEP)
    try:
        with override_settings(
            TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
        ):
            # Wagtail caches the site's root paths: none may come from another database.
            cache.clear()
            if Page.objects.count() < PAGES:
                build_site(random.Random(15))  # noqa: S311 (fixed, not secret)
                with connection.cursor() as cursor:
                    cursor.execute("VACUUM ANALYZE")
            client = Client()
            print(f"{Page.objects.count()} pages; {ROUNDS} rounds of each request")
            results = measure_all(client, cache)
            print(f"{'request':<52} {'median':>8} {'p95':>8}  path")
            for path, label in [*QUERIES, SUGGESTIONS]:
                median, p95 = results[path]
                print(f"{label:<52} {median:>6.1f}ms {p95:>6.1f}ms  {path}")
    finally:
        if KEEP:
            connection.close()
            connection.settings_dict["NAME"] = old_name
        else:
            connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

"""The data set of `make bench`, made in a child process of bench/pages.py with Django set
up on the new database (`python -m bench.dataset TARGETS.json`): the realistic site
(tests/support/realistic_site.py), the worker's picture jobs queued, and the URLs to
measure written to TARGETS.json with the counts of what was made."""

import datetime
import json
import os
import sys
import time
from pathlib import Path

SCALE = float(os.environ.get("BENCH_SCALE", "1"))


def say(message):
    print(message, flush=True)


def fill(targets_path):
    """In the child process, with Django set up on the new database: the content, the
    queued picture jobs, and the URLs to measure (written to `targets_path`)."""
    import django

    django.setup()
    from django.db import connection

    from tests.support.realistic_site import build_realistic_site, queue_picture_jobs

    started = time.monotonic()
    counts = build_realistic_site(scale=SCALE)
    say(
        f"content made in {time.monotonic() - started:.0f} s: "
        + ", ".join(f"{number} {name}" for name, number in counts.items())
    )
    measured = targets()
    queued = queue_picture_jobs([page for _name, _path, page in measured if page is not None])
    say(f"{queued} picture jobs queued for the worker")
    Path(targets_path).write_text(
        json.dumps({"targets": [(name, path) for name, path, _page in measured], "counts": counts})
    )
    connection.close()


def targets():
    """(name, path, page or None) of each URL to measure."""
    from wagtail.models import Locale

    from blog.models import BlogCategory, BlogIndexPage, BlogPage
    from directory.models import LocalGroupPage
    from events.models import EventPage
    from home.models import HomePage
    from workinggroups.models import WorkingGroupPage

    english = Locale.get_default()
    post = BlogPage.objects.live().filter(locale=english).order_by("-date", "pk").first()
    category = BlogCategory.objects.filter(locale=english, posts__isnull=False).first()
    group = WorkingGroupPage.objects.live().filter(locale=english, slug="press").first()
    local_group = LocalGroupPage.objects.live().filter(locale=english).order_by("pk").first()
    event = (
        EventPage.objects.live()
        .filter(locale=english, start__gte=datetime.datetime.now(datetime.UTC))
        .order_by("start")
        .first()
    )
    home = HomePage.objects.get(depth=2, locale=english)
    news = BlogIndexPage.objects.get(locale=english)
    return [
        ("home", "/", home),
        ("news index", news.url, news),
        ("a post", post.url, post),
        ("category archive", f"{news.url}category/{category.slug}/", news),
        ("a working group", group.url, group),
        ("directory", "/groups/", None),
        ("postcode search", "/groups/?postcode=E13&radius=25", None),
        ("a local group", local_group.url, local_group),
        ("an event", event.url, event),
        ("site search", "/search/?q=housing+campaign", None),
        ("news feed", f"{news.url}feed/", None),
    ]


if __name__ == "__main__":
    fill(sys.argv[1])

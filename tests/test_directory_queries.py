"""The directory costs the same number of SQL queries with 10 groups as with 5,000.

The numbers are exact: a change that adds a query per group (a lookup in a loop) shows up
here first. If a change adds a fixed query on purpose, update the number and say why.
"""

from django.test import override_settings

import pytest

from directory.models import LocalGroupPage, PostcodeDistrict
from tests.support.bulk_pages import bulk_add_children
from tests.support.factories import LocalGroupIndexPageFactory, make_site_home
from tests.support.queries import count_queries

PATHS = [
    "/groups/",
    "/groups/?q=group",
    "/groups/?postcode=BS1+4DJ&radius=100",
    "/groups/?region=south-west&kind=shadow-clp&page=1",
    "/groups/map.geojson",
    "/groups/map.geojson?postcode=BS1&radius=100",
]
EXPECTED_QUERIES = {
    # The page of groups, their card renditions. The site, the home page and the directory
    # (routing), the number of groups, the languages the page is published in (the
    # switcher), menu, footer and settings come from the cache.
    "/groups/": 2,
    # A search: the ids of every match in order (their number), then the page of them.
    "/groups/?q=group": 3,
    # One more: the postcode's district.
    "/groups/?postcode=BS1+4DJ&radius=100": 4,
    "/groups/?region=south-west&kind=shadow-clp&page=1": 2,
    # The directory page found by its path from the cached home page and sections; the
    # unfiltered map comes from the cache.
    "/groups/map.geojson": 1,
    # A filtered map: its district and its groups.
    "/groups/map.geojson?postcode=BS1&radius=100": 3,
}
NO_BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
REGIONS = ["south-west", "london", "wales", "north-west"]
KINDS = ["shadow-clp", "campaign-network"]


def add_groups(index_page, start, count):
    """Groups spread over southern Britain (a fixed pattern), in bulk."""
    bulk_add_children(
        index_page,
        [
            LocalGroupPage(
                title=f"Group {number}",
                slug=f"group-{number:05d}",
                kind=KINDS[number % len(KINDS)],
                region=REGIONS[number % len(REGIONS)],
                constituencies=f"Constituency {number}",
                description=f"<p>Group number {number}.</p>",
                postcode_district="BS1",
                latitude=50.5 + (number * 37 % 250) / 100,
                longitude=-4.5 + (number * 53 % 500) / 100,
                contact_email=f"group-{number}@example.org",
            )
            for number in range(start, start + count)
        ],
    )


@pytest.mark.django_db
@override_settings(TASKS=NO_BACKGROUND_TASKS)
def test_directory_costs_the_same_queries_with_10_or_5000_groups(client):
    home = make_site_home()
    index_page = LocalGroupIndexPageFactory(parent=home)
    PostcodeDistrict.objects.create(
        outward_code="BS1", latitude=51.4545, longitude=-2.5879, region="south-west"
    )
    add_groups(index_page, start=1, count=10)
    with_10 = {path: count_queries(client, path, warm=True) for path in PATHS}

    add_groups(index_page, start=11, count=4990)
    assert LocalGroupPage.objects.live().count() == 5000
    with_5000 = {path: count_queries(client, path, warm=True) for path in PATHS}

    # Each listing shows a full page of 20 at 5,000 groups: the cost is not per group.
    page = client.get("/groups/?postcode=BS1+4DJ&radius=100").content.decode()
    assert page.count('class="group-card local-group-card"') == 20
    assert (with_10, with_5000) == (EXPECTED_QUERIES, EXPECTED_QUERIES)

"""Every public page type costs a fixed number of SQL queries, the same with 3 posts,
groups and events as with 60."""

import os

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

import pytest

from tests.support.budget_site import PAGES, BudgetSite

NO_BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def measure(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    if os.environ.get("SHOW_QUERIES"):
        print(f"\n==== {path}: {len(queries)}")
        for query in queries:
            print("  ", query["sql"])
    return len(queries)


@pytest.mark.django_db
@override_settings(TASKS=NO_BACKGROUND_TASKS)
def test_budgets(client):
    site = BudgetSite()
    for path in PAGES.values():
        client.get(path)
    small = {name: measure(client, path) for name, path in PAGES.items()}
    site.grow(57)
    site.make_renditions()
    for path in PAGES.values():
        client.get(path)
    large = {name: measure(client, path) for name, path in PAGES.items()}
    print()
    for name in PAGES:
        print(f"{name:22} {small[name]:3} {large[name]:3}")
    assert small == large

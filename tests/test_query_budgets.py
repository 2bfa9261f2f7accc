"""Every public page type costs a fixed number of SQL queries, the same with 3 posts, working
groups, local groups, events and registrations as with 60 (tests/support/budget_site.py).

The numbers are exact: a change that adds a query per item (a missing prefetch) or a query
per page view shows here first. If a change adds a fixed query on purpose, update the number
and say why in the commit. To see the queries:

    SHOW_QUERIES=1 .venv/bin/pytest -s tests/test_query_budgets.py

Each count is after a first visit (the shared caches filled, as on a live site). Every page
pays for one query per level of its address below the home page's sections
(home/routing.py). The site, its home page and sections, the locales, the settings, the
menu, the footer (as HTML), the section pages, the categories and the addresses of the
page's translations (the language switcher and hreflang) come from the cache
(portal/cached.py).
"""

from django.test import override_settings

import pytest

from tests.support.budget_site import BudgetSite
from tests.support.queries import count_queries

NO_BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

BUDGETS = {
    # The latest posts (posts, their categories, their card renditions), the working groups
    # (groups, renditions), the next event, the hero image.
    "/": 7,
    # The page of posts, their categories and renditions (their number is cached).
    "/blog/": 4,
    "/blog/category/campaigns/": 4,
    # The authors, the categories, the tags, the previous and next posts (one query), the
    # related posts (posts, categories, renditions).
    "/blog/post-0002/": 8,
    # The groups with their aims, their renditions.
    "/working-groups/": 3,
    # The group's coming events, its tagged news (posts, categories, renditions) and tag.
    "/working-groups/press/": 6,
    # The page of groups and their renditions (their count comes from the cache).
    "/groups/": 3,
    # The group's coming events (its news is read only when it has sub-pages).
    "/groups/group-00002/": 2,
    # The page of events and their count.
    "/events/": 3,
    # The places taken (one aggregate).
    "/events/fightback/": 2,
    "/about/": 1,
    # The form's fields.
    "/contact/": 2,
    # Welsh: the Welsh home page is found from the English one (one query more).
    "/cy/": 9,
    "/cy/blog/post-0002/": 7,
}


@pytest.mark.django_db
@override_settings(TASKS=NO_BACKGROUND_TASKS)
def test_every_page_type_costs_the_same_queries_with_little_or_much_content(client):
    site = BudgetSite()
    small = {path: count_queries(client, path, warm=True) for path in BUDGETS}

    site.grow(57)
    site.make_renditions()
    large = {path: count_queries(client, path, warm=True) for path in BUDGETS}

    assert small == BUDGETS
    assert large == BUDGETS

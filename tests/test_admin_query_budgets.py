"""The back office's busiest pages cost a fixed number of SQL queries, however much waits:
the page listing of a news index with many posts, and the dashboard of a moderator with a
long moderation queue (moderation/queue.py)."""

import os

from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

import pytest

from moderation.roles import EDITORS, MODERATORS
from tests.support.budget_site import BudgetSite
from tests.support.factories import FooterTextFactory, StandardPageFactory, make_member

NO_BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def queries_of(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, url
    if os.environ.get("SHOW_QUERIES"):
        print(f"\n==== {url}: {len(queries)}")
        for query in queries:
            print("  ", query["sql"])
    return len(queries), response


def submit_for_moderation(obj, editor):
    obj.save_revision(user=editor)
    return obj.get_workflow().start(obj, editor)


@pytest.mark.django_db
@override_settings(TASKS=NO_BACKGROUND_TASKS)
def test_admin_costs(client):
    site = BudgetSite()
    editor = make_member(EDITORS)
    client.force_login(make_member(MODERATORS))

    def waiting(count, start):
        for number in range(start, start + count):
            submit_for_moderation(
                StandardPageFactory(parent=site.home, title=f"Draft {number}", live=False),
                editor,
            )

    waiting(3, 0)
    # The footer text waits too: a second kind of object in the queue.
    site.footer.body = "<p>Published by the volunteers of the network.</p>"
    submit_for_moderation(site.footer, editor)
    dashboard = reverse("wagtailadmin_home")
    explorer = reverse("wagtailadmin_explore", args=[site.news.pk])
    for url in (dashboard, explorer):
        client.get(url)
    small = {url: queries_of(client, url)[0] for url in (dashboard, explorer)}
    site.grow(57)
    waiting(30, 3)
    submit_for_moderation(
        FooterTextFactory(body="<p>Newid</p>", live=False, locale=site.welsh), editor
    )
    for url in (dashboard, explorer):
        client.get(url)
    large = {url: queries_of(client, url)[0] for url in (dashboard, explorer)}
    print(small, large)
    assert small == large

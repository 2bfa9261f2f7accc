"""The back office's busiest pages cost a fixed number of SQL queries, however much waits:
the page listing of a news index with many posts, and the dashboard of a moderator with a
long moderation queue (moderation/queue.py)."""

from django.test import override_settings
from django.urls import reverse

import pytest

from moderation.roles import EDITORS, MODERATORS
from tests.support.budget_site import BudgetSite
from tests.support.factories import FooterTextFactory, StandardPageFactory, make_member
from tests.support.queries import count_queries

NO_BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}

BUDGETS = {
    # Wagtail's own panels (the pages in moderation, the user's drafts and recent edits,
    # the site summary), the menu's permission checks, and the queue: its task states,
    # one query per kind of object waiting (pages, footer texts), their public forms.
    "dashboard": 27,
    # Wagtail's listing of the news index's children: one page of 50 posts, their
    # workflow states, locks, translations and permissions.
    "news listing": 36,
}


def submit_for_moderation(obj, editor):
    obj.save_revision(user=editor)
    return obj.get_workflow().start(obj, editor)


@pytest.mark.django_db
@override_settings(TASKS=NO_BACKGROUND_TASKS)
def test_the_listing_and_the_dashboard_cost_the_same_however_much_waits(client):
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
    pages = {
        "dashboard": reverse("wagtailadmin_home"),
        "news listing": reverse("wagtailadmin_explore", args=[site.news.pk]),
    }
    small = {name: count_queries(client, url, warm=True) for name, url in pages.items()}
    site.grow(57)
    waiting(30, 3)
    submit_for_moderation(
        FooterTextFactory(body="<p>Newid</p>", live=False, locale=site.welsh), editor
    )
    large = {name: count_queries(client, url, warm=True) for name, url in pages.items()}

    assert small == BUDGETS
    assert large == BUDGETS

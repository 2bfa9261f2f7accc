"""Drafts stay out of sight; the dashboard shows moderators what waits, oldest first."""

from datetime import timedelta

from django.urls import reverse
from django.utils import timezone

from wagtail.models import TaskState

import pytest

from moderation.drafts import submit_public_draft
from tests.support.factories import StandardPageFactory, make_member, make_site_home

pytestmark = pytest.mark.django_db

PAGE_FACTORY = StandardPageFactory


@pytest.fixture
def home():
    return make_site_home()


@pytest.fixture
def draft(home):
    editor = make_member("Editors", username="editor", first_name="Ada", last_name="Editor")
    page = PAGE_FACTORY(parent=home, title="Secret strategy", slug="secret", live=False)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)
    return page


@pytest.fixture
def unpublished(home):
    page = PAGE_FACTORY(parent=home, title="Withdrawn statement", slug="withdrawn")
    page.save_revision().publish()
    page.unpublish()
    return page


def test_drafts_and_unpublished_pages_answer_404(client, draft, unpublished):
    assert client.get("/secret/").status_code == 404
    assert client.get("/withdrawn/").status_code == 404


def test_draft_preview_needs_a_login(client, draft):
    response = client.get(reverse("wagtailadmin_pages:view_draft", args=[draft.pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_drafts_are_in_no_sitemap_search_or_listing(client, home, draft, unpublished):
    PAGE_FACTORY(parent=home, title="Public statement", slug="public")
    sitemap = client.get("/sitemap.xml").content.decode()
    assert "/public/" in sitemap
    assert "/secret/" not in sitemap
    assert "/withdrawn/" not in sitemap

    results = client.get("/search/", {"q": "statement"}).content.decode()
    assert "Public statement" in results
    assert "Withdrawn statement" not in results
    assert "Secret strategy" not in client.get("/search/", {"q": "secret"}).content.decode()

    assert [page.title for page in home.get_children().live()] == ["Public statement"]


def test_dashboard_lists_waiting_pages_oldest_first_with_age_and_origin(client, home, draft):
    public = submit_public_draft(PAGE_FACTORY.build(title="Stroud shadow CLP"), home)
    # The public submission has waited longest.
    TaskState.objects.filter(workflow_state__object_id=str(public.pk)).update(
        started_at=timezone.now() - timedelta(days=3)
    )

    client.force_login(make_member("Moderators", username="moderator"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "Waiting for a moderator" in html
    panel = html[html.index("moderation-queue") :]
    assert panel.index("Stroud shadow CLP") < panel.index("Secret strategy")
    assert "Public submission" in panel
    assert "A visitor to the site" in panel
    assert "Ada Editor" in panel
    assert "3\xa0days" in panel


def test_dashboard_queue_is_not_shown_to_editors(client, draft):
    client.force_login(make_member("Editors", username="another-editor"))
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    assert "moderation-queue" not in html
    assert "Waiting for a moderator" not in html
    assert "Ada Editor" not in html

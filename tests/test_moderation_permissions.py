"""Who may do what, proven through the real admin views as each role's member would.

Every cell logs a member of one group in, makes the request the admin's own buttons make,
and checks what happened to the page (not merely the status code).
"""

from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import WorkflowState

import pytest

from home.models import StandardPage
from tests.support.factories import (
    ContactFormFieldFactory,
    ContactPageFactory,
    StandardPageFactory,
    make_member,
    make_site_home,
    page_form_data,
)

pytestmark = pytest.mark.django_db

# The page type the matrix is proven on: swap both for the blog's post type when merged.
PAGE_MODEL = StandardPage
PAGE_FACTORY = StandardPageFactory

ROLES = ["Editors", "Moderators", "Translators", "superuser"]
ALLOWED = {
    #                create edit  submit publish approve reject unpublish delete submissions
    "Editors": (True, True, True, False, False, False, False, False, False),
    "Moderators": (True, True, True, True, True, True, True, False, True),
    # On these default-language pages; a translator's own work is a page's translation,
    # which they edit and submit (test_a_translators_work_reaches_the_site_only_...).
    "Translators": (False, False, False, False, False, False, False, False, False),
    "superuser": (True, True, True, True, True, True, True, True, True),
}
ACTIONS = [
    "create",
    "edit",
    "submit",
    "publish",
    "approve",
    "reject",
    "unpublish",
    "delete",
    "view submissions",
]


@pytest.fixture
def site():
    home = make_site_home()
    author = make_member("Editors", username="author")
    live = PAGE_FACTORY(parent=home, title="Live page", slug="live-page", owner=author)
    live.save_revision(user=author).publish()
    pending = PAGE_FACTORY(parent=home, title="Pending page", slug="pending", live=False)
    pending.save_revision(user=author)
    pending.get_workflow().start(pending, author)
    contact = ContactPageFactory(parent=home)
    ContactFormFieldFactory(page=contact, label="Message", field_type="multiline")
    FormSubmission.objects.create(
        page=contact, form_data={"message": "Is there a group in Stroud?"}
    )
    return {"home": home, "live": live, "pending": pending, "contact": contact}


def reload(page):
    return PAGE_MODEL.objects.filter(pk=page.pk).first()


def workflow_status(page):
    return WorkflowState.objects.filter(object_id=str(page.pk)).latest("created_at").status


def do_create(client, site):
    url = reverse(
        "wagtailadmin_pages:add",
        args=[PAGE_MODEL._meta.app_label, PAGE_MODEL._meta.model_name, site["home"].pk],
    )
    client.post(url, page_form_data(title="Brand new", slug="brand-new"))
    return PAGE_MODEL.objects.filter(slug="brand-new").exists()


def do_edit(client, site):
    page = site["live"]
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.post(url, page_form_data(title="Edited title", slug=page.slug))
    return reload(page).get_latest_revision().content["title"] == "Edited title"


def do_submit(client, site):
    page = site["live"]
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.post(url, page_form_data(title="For review", slug=page.slug, **{"action-submit": "1"}))
    return reload(page).workflow_in_progress


def do_publish(client, site):
    page = site["live"]
    url = reverse("wagtailadmin_pages:edit", args=[page.pk])
    client.post(
        url, page_form_data(title="Published now", slug=page.slug, **{"action-publish": "1"})
    )
    return reload(page).title == "Published now"


def workflow_action(client, site, action, data):
    page = site["pending"]
    task_state = page.current_workflow_task_state
    url = reverse("wagtailadmin_pages:workflow_action", args=[page.pk, action, task_state.pk])
    client.post(url, data)
    return workflow_status(page)


def do_approve(client, site):
    status = workflow_action(client, site, "approve", {"comment": ""})
    return status == WorkflowState.STATUS_APPROVED and reload(site["pending"]).live


def do_reject(client, site):
    status = workflow_action(client, site, "reject", {"comment": "Needs a date."})
    return status == WorkflowState.STATUS_NEEDS_CHANGES


def do_unpublish(client, site):
    client.post(reverse("wagtailadmin_pages:unpublish", args=[site["live"].pk]))
    return not reload(site["live"]).live


def do_delete(client, site):
    client.post(reverse("wagtailadmin_pages:delete", args=[site["live"].pk]))
    return reload(site["live"]) is None


def do_view_submissions(client, site):
    url = reverse("wagtailforms:list_submissions", args=[site["contact"].pk])
    response = client.get(url)
    return (
        response.status_code == 200 and "Is there a group in Stroud?" in response.content.decode()
    )


DO = {
    "create": do_create,
    "edit": do_edit,
    "submit": do_submit,
    "publish": do_publish,
    "approve": do_approve,
    "reject": do_reject,
    "unpublish": do_unpublish,
    "delete": do_delete,
    "view submissions": do_view_submissions,
}


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("role", ROLES)
def test_permission_matrix(client, site, role, action):
    client.force_login(make_member(role, username=f"member-{role.lower()}"))
    expected = ALLOWED[role][ACTIONS.index(action)]
    assert DO[action](client, site) is expected, f"{role} {action}: expected {expected}"


@pytest.mark.parametrize("role", ["Editors", "Translators"])
def test_members_without_publish_rights_cannot_schedule(client, site, role):
    client.force_login(make_member(role, username="scheduler"))
    page = site["live"]
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_form_data(
            title="Scheduled",
            slug=page.slug,
            go_live_at="2099-01-01 10:00",
            **{"action-publish": "1"},
        ),
    )
    page = reload(page)
    assert page.title == "Live page"
    assert page.get_latest_revision().approved_go_live_at is None


def test_a_moderator_schedules_a_page(client, site):
    client.force_login(make_member("Moderators", username="scheduler"))
    page = site["live"]
    client.post(
        reverse("wagtailadmin_pages:edit", args=[page.pk]),
        page_form_data(
            title="Scheduled",
            slug=page.slug,
            go_live_at="2099-01-01 10:00",
            **{"action-publish": "1"},
        ),
    )
    page = reload(page)
    assert page.title == "Live page"
    assert page.get_latest_revision().approved_go_live_at.year == 2099


def test_a_translators_work_reaches_the_site_only_through_a_moderator(
    client, site, django_capture_on_commit_callbacks
):
    from wagtail.models import Locale

    welsh = Locale.objects.get(language_code="cy")
    translator = make_member("Translators", username="cyfieithydd")
    client.force_login(translator)
    client.post(
        reverse("wagtail_localize:submit_page_translation", args=[site["home"].pk]),
        {"locales": [welsh.pk], "include_subtree": "on"},
    )
    translated = PAGE_MODEL.objects.get(translation_key=site["live"].translation_key, locale=welsh)
    edit_url = reverse("wagtailadmin_pages:edit", args=[translated.pk])

    # The translation editor opens for the translator, but will not publish for them.
    assert client.get(edit_url).status_code == 200
    # wagtail-localize publishes once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(edit_url, {"action": "publish"})
    assert refused.status_code == 302
    assert refused["Location"] == reverse("wagtailadmin_home")  # "no permission"
    assert not reload(translated).live

    client.force_login(make_member("Moderators", username="cymedrolwr"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(edit_url, {"action": "publish"})
    assert reload(translated).live


@pytest.mark.parametrize(
    ("role", "own_draft", "others_draft", "unpublished_live"),
    [
        ("Editors", True, False, False),
        ("Translators", True, False, False),
        ("Moderators", True, True, True),
    ],
)
def test_who_deletes_drafts(client, site, role, own_draft, others_draft, unpublished_live):
    member = make_member(role, username="deleter")
    mine = PAGE_FACTORY(parent=site["home"], slug="mine", live=False, owner=member)
    client.force_login(member)

    client.post(reverse("wagtailadmin_pages:delete", args=[mine.pk]))
    assert (reload(mine) is None) is own_draft

    # Someone else's draft, waiting for a moderator.
    client.post(reverse("wagtailadmin_pages:delete", args=[site["pending"].pk]))
    assert (reload(site["pending"]) is None) is others_draft

    # A live page must be unpublished before a moderator may delete it.
    site["live"].unpublish()
    client.post(reverse("wagtailadmin_pages:delete", args=[site["live"].pk]))
    assert (reload(site["live"]) is None) is unpublished_live


def test_bulk_delete_cannot_take_a_live_page(client, site):
    client.force_login(make_member("Moderators", username="bulk"))
    url = (
        reverse("wagtail_bulk_action", args=["wagtailcore", "page", "delete"])
        + f"?id={site['live'].pk}&id={site['pending'].pk}"
    )
    client.post(url)
    assert reload(site["live"]) is not None
    assert reload(site["pending"]) is not None

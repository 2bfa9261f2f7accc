"""Roles, the one moderation workflow, its locks and its emails, on the real models."""

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.urls import reverse

from wagtail.models import (
    GroupCollectionPermission,
    GroupPagePermission,
    Page,
    Task,
    Workflow,
    WorkflowState,
)

import pytest

from home.models import FooterText, MainMenu
from moderation.drafts import submit_public_draft
from moderation.roles import MODERATION_WORKFLOW_NAME
from tests.support.factories import StandardPageFactory, make_member, make_site_home, page_form_data

pytestmark = pytest.mark.django_db

# The page type the workflow is proven on; the blog's post type replaces it when merged.
PAGE_FACTORY = StandardPageFactory


def page_permissions(group_name):
    return sorted(
        GroupPagePermission.objects.filter(group__name=group_name).values_list(
            "permission__codename", flat=True
        )
    )


def collection_permissions(group_name):
    return sorted(
        GroupCollectionPermission.objects.filter(group__name=group_name).values_list(
            "permission__codename", flat=True
        )
    )


def model_permissions(group_name):
    return sorted(
        Permission.objects.filter(group__name=group_name).values_list("codename", flat=True)
    )


def test_roles_have_exactly_their_permissions_on_the_whole_tree():
    assert page_permissions("Editors") == ["add_page", "change_page"]
    assert page_permissions("Moderators") == [
        "add_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
    ]
    assert page_permissions("Translators") == ["change_page"]
    assert set(
        GroupPagePermission.objects.filter(
            group__name__in=["Editors", "Moderators", "Translators"]
        ).values_list("page__depth", flat=True)
    ) == {1}

    assert collection_permissions("Editors") == [
        "add_document",
        "add_image",
        "choose_document",
        "choose_image",
    ]
    assert collection_permissions("Moderators") == [
        "add_document",
        "add_image",
        "change_document",
        "change_image",
        "choose_document",
        "choose_image",
        "delete_document",
        "delete_image",
    ]
    assert collection_permissions("Translators") == ["choose_document", "choose_image"]

    # The footer text and main menu are moderated (migration 0011): Editors write drafts,
    # Moderators also publish them.
    assert model_permissions("Editors") == [
        "access_admin",
        "add_footertext",
        "add_mainmenu",
        "change_footertext",
        "change_mainmenu",
        "view_footertext",
        "view_mainmenu",
    ]
    # The glossary of agreed translations: moderators keep it, translators read it.
    # Promoted search results are live once saved: moderators' too (search migration 0002).
    assert model_permissions("Moderators") == [
        "access_admin",
        "add_footertext",
        "add_glossaryterm",
        "add_mainmenu",
        "add_searchpromotion",
        "change_footertext",
        "change_glossaryterm",
        "change_mainmenu",
        "change_searchpromotion",
        "delete_glossaryterm",
        "delete_searchpromotion",
        "publish_footertext",
        "publish_mainmenu",
        "view_footertext",
        "view_glossaryterm",
        "view_mainmenu",
    ]
    # Translators also change the translations of the snippets visitors see.
    assert model_permissions("Translators") == [
        "access_admin",
        "change_aim",
        "change_blogcategory",
        "change_footertext",
        "change_mainmenu",
        "change_person",
        "submit_translation",
        "view_aim",
        "view_blogcategory",
        "view_footertext",
        "view_glossaryterm",
        "view_mainmenu",
        "view_person",
    ]


def test_one_workflow_of_moderators_covers_every_page():
    workflow = Workflow.objects.get(active=True)
    assert workflow.name == MODERATION_WORKFLOW_NAME
    [task] = [task.specific for task in workflow.tasks]
    assert list(task.groups.values_list("name", flat=True)) == ["Moderators"]
    assert Page.get_first_root_node().get_workflow() == workflow
    # The site-wide snippets every page shows go through it too.
    assert FooterText.get_default_workflow() == workflow
    assert MainMenu.get_default_workflow() == workflow

    home = make_site_home()
    nested = PAGE_FACTORY(parent=PAGE_FACTORY(parent=home))
    assert nested.get_workflow() == workflow
    assert Group.objects.filter(name__in=["Editors", "Moderators", "Translators"]).count() == 3


@pytest.fixture
def team():
    return {
        "editor": make_member("Editors", username="editor"),
        "moderator": make_member("Moderators", username="moderator"),
        "other_moderator": make_member("Moderators", username="moderator2"),
    }


@pytest.fixture
def draft(team):
    home = make_site_home()
    page = PAGE_FACTORY(parent=home, title="Rally on Saturday", live=False, owner=team["editor"])
    page.save_revision(user=team["editor"])
    return page


def current_state(page):
    return WorkflowState.objects.get(base_content_type__model="page", object_id=str(page.pk))


def test_submission_tells_every_moderator_and_nobody_else(team, draft):
    workflow = draft.get_workflow()
    workflow.start(draft, team["editor"])

    state = current_state(draft)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by == team["editor"]
    recipients = sorted(address for message in mail.outbox for address in message.to)
    assert recipients == ["moderator2@example.org", "moderator@example.org"]
    assert all("Rally on Saturday" in message.subject for message in mail.outbox)
    assert all(
        message.extra_headers["Auto-Submitted"] == "auto-generated" for message in mail.outbox
    )


def test_changes_requested_reach_the_author_with_the_comment(team, draft):
    draft.get_workflow().start(draft, team["editor"])
    mail.outbox.clear()

    task_state = current_state(draft).current_task_state.specific
    task_state.task.specific.on_action(
        task_state, team["moderator"], "reject", comment="Please add the meeting's address."
    )

    state = current_state(draft)
    assert state.status == WorkflowState.STATUS_NEEDS_CHANGES
    draft.refresh_from_db()
    assert not draft.live
    [message] = mail.outbox
    assert message.to == ["editor@example.org"]
    assert "Please add the meeting's address." in message.body
    assert "Rally on Saturday" in message.body


def test_resubmitted_and_approved_page_goes_live_and_the_author_is_told(team, draft):
    workflow = draft.get_workflow()
    workflow.start(draft, team["editor"])
    task_state = current_state(draft).current_task_state.specific
    task_state.task.specific.on_action(task_state, team["moderator"], "reject", comment="Fix it.")

    draft.title = "Rally on Sunday"
    draft.save_revision(user=team["editor"])
    state = current_state(draft)
    state.resume(team["editor"])
    assert current_state(draft).status == WorkflowState.STATUS_IN_PROGRESS
    mail.outbox.clear()

    task_state = current_state(draft).current_task_state.specific
    task_state.task.specific.on_action(task_state, team["moderator"], "approve")

    assert current_state(draft).status == WorkflowState.STATUS_APPROVED
    draft.refresh_from_db()
    assert draft.live
    assert draft.title == "Rally on Sunday"
    [message] = mail.outbox
    assert message.to == ["editor@example.org"]
    assert "Rally on Sunday" in message.body


def test_page_in_moderation_is_locked_for_its_editor_but_not_for_moderators(team, draft, client):
    draft.get_workflow().start(draft, team["editor"])
    assert draft.get_lock().for_user(team["editor"])
    assert draft.get_lock().for_user(team["moderator"]) is False

    client.force_login(team["editor"])
    edit_url = reverse("wagtailadmin_pages:edit", args=[draft.pk])
    response = client.get(edit_url)
    assert "Only reviewers for this task can edit the page." in response.content.decode()
    client.post(edit_url, page_form_data(title="Changed while in moderation", slug=draft.slug))
    draft.refresh_from_db()
    assert draft.get_latest_revision().content["title"] == "Rally on Saturday"

    client.force_login(team["moderator"])
    response = client.post(
        edit_url, page_form_data(title="Typo fixed by a moderator", slug=draft.slug)
    )
    assert response.status_code == 302, response.context["form"].errors
    draft.refresh_from_db()
    assert draft.get_latest_revision().content["title"] == "Typo fixed by a moderator"


def test_a_public_submission_waits_for_a_moderator_and_tells_them(team):
    home = make_site_home()
    page = submit_public_draft(PAGE_FACTORY.build(title="Stroud shadow CLP"), home)

    page.refresh_from_db()
    assert not page.live
    state = current_state(page)
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by is None
    assert page.public_submission is not None
    assert sorted(address for message in mail.outbox for address in message.to) == [
        "moderator2@example.org",
        "moderator@example.org",
    ]


def test_the_workflow_task_is_the_moderators_own():
    [task] = Task.objects.filter(active=True).specific()
    assert task.name == MODERATION_WORKFLOW_NAME

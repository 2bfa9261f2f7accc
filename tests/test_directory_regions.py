"""Regional moderators approve the local groups of their own region, and no others.

The workflow is the one the README describes: a regional approval task for the South West
(its moderators' group), and one with no region for every other page (the Moderators).
"""

from io import StringIO

from django.contrib.auth.models import Group, Permission
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import TaskState, Workflow, WorkflowPage, WorkflowState, WorkflowTask

import pytest

from demo.directory import DEMO_POSTCODES
from directory.models import LocalGroupNewsPage, LocalGroupPage, RegionalApprovalTask
from moderation.roles import MODERATORS
from tests.support.factories import (
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    make_member,
    make_site_home,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def regions():
    call_command("import_postcodes", str(DEMO_POSTCODES), stdout=StringIO())
    home = make_site_home()
    index = LocalGroupIndexPageFactory(parent=home)
    pages = {
        "bristol": LocalGroupPageFactory(
            parent=index, title="Bristol North West", slug="bristol", postcode_district="BS10"
        ),
        "newham": LocalGroupPageFactory(
            parent=index, title="Newham", slug="newham", postcode_district="E13"
        ),
        "online": LocalGroupPageFactory(parent=index, title="Online network", slug="online"),
    }
    pages["news"] = LocalGroupNewsPage(
        title="Stall on Saturday", slug="stall", date="2026-12-05", intro="Come along."
    )
    pages["bristol"].add_child(instance=pages["news"])

    south_west_moderators = Group.objects.create(name="Moderators: South West")
    south_west_moderators.permissions.add(Permission.objects.get(codename="access_admin"))
    south_west = RegionalApprovalTask.objects.create(
        name="South West approval", region="south-west"
    )
    south_west.groups.set([south_west_moderators])
    elsewhere = RegionalApprovalTask.objects.create(name="Approval elsewhere", region="")
    elsewhere.groups.set([Group.objects.get(name=MODERATORS)])
    workflow = Workflow.objects.create(name="Local groups approval")
    WorkflowTask.objects.create(workflow=workflow, task=south_west, sort_order=0)
    WorkflowTask.objects.create(workflow=workflow, task=elsewhere, sort_order=1)
    WorkflowPage.objects.create(workflow=workflow, page=index)

    regional = make_member("Editors", username="south-west-moderator")
    regional.groups.set([south_west_moderators])
    return {
        **pages,
        "workflow": workflow,
        "south_west": south_west,
        "elsewhere": elsewhere,
        "regional": regional,
        "moderator": make_member(MODERATORS),
        "editor": make_member("Editors", username="editor"),
    }


def submit(page, user, title):
    page.title = title
    page.save_revision(user=user)
    workflow = page.get_workflow()
    return workflow.start(page, user)


def test_a_page_goes_to_its_own_regions_task_and_passes_the_others(regions):
    assert regions["bristol"].get_workflow() == regions["workflow"]

    bristol_state = submit(regions["bristol"], regions["editor"], "Bristol North West CLP")
    assert bristol_state.current_task_state.task.specific == regions["south_west"]

    newham_state = submit(regions["newham"], regions["editor"], "Newham CLP")
    assert newham_state.current_task_state.task.specific == regions["elsewhere"]
    skipped = TaskState.objects.get(workflow_state=newham_state, task=regions["south_west"])
    assert skipped.status == TaskState.STATUS_SKIPPED

    # A group with no region, and news under a South West group, find their task too.
    online_state = submit(regions["online"], regions["editor"], "Online")
    assert online_state.current_task_state.task.specific == regions["elsewhere"]
    news_state = submit(regions["news"], regions["editor"], "Stall moved to Sunday")
    assert news_state.current_task_state.task.specific == regions["south_west"]

    # The regional moderator is told of their region's pages only.
    told = [message.subject for message in mail.outbox if regions["regional"].email in message.to]
    assert any("Bristol North West CLP" in subject for subject in told), told
    assert any("Stall moved to Sunday" in subject for subject in told), told
    assert not any("Newham" in subject or "Online" in subject for subject in told), told


def test_regional_moderators_may_act_on_their_region_only(regions):
    regional, moderator = regions["regional"], regions["moderator"]
    submit(regions["bristol"], regions["editor"], "Bristol North West CLP")
    submit(regions["newham"], regions["editor"], "Newham CLP")

    south_west, elsewhere = regions["south_west"], regions["elsewhere"]
    assert [name for name, *_ in south_west.get_actions(regions["bristol"], regional)] == [
        "reject",
        "approve",
        "approve",
    ]
    assert elsewhere.get_actions(regions["newham"], regional) == []
    assert south_west.get_actions(regions["bristol"], moderator) == []

    def permissions(page, user):
        return LocalGroupPage.objects.get(pk=page.pk).permissions_for_user(user)

    assert permissions(regions["bristol"], regional).can_publish()
    assert (
        LocalGroupNewsPage.objects.get(pk=regions["news"].pk)
        .permissions_for_user(regional)
        .can_publish()
    )
    assert not permissions(regions["newham"], regional).can_publish()
    assert not permissions(regions["newham"], regional).can_edit()
    assert not permissions(regions["bristol"], regions["editor"]).can_publish()


def test_a_regional_moderator_approves_through_the_admin_and_the_page_goes_live(client, regions):
    bristol = regions["bristol"]
    submit(bristol, regions["editor"], "Bristol North West CLP")
    submit(regions["newham"], regions["editor"], "Newham CLP")
    client.force_login(regions["regional"])

    def approve(page):
        page = LocalGroupPage.objects.get(pk=page.pk)
        url = reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", page.current_workflow_task_state.pk],
        )
        return client.post(url, {"comment": ""})

    assert client.get(reverse("wagtailadmin_pages:edit", args=[bristol.pk])).status_code == 200
    approve(bristol)
    bristol = LocalGroupPage.objects.get(pk=bristol.pk)
    assert bristol.live
    assert bristol.title == "Bristol North West CLP"
    assert (
        WorkflowState.objects.filter(object_id=str(bristol.pk)).latest("created_at").status
        == WorkflowState.STATUS_APPROVED
    )

    # Another region's page: no editor, no approval.
    newham = regions["newham"]
    assert client.get(reverse("wagtailadmin_pages:edit", args=[newham.pk])).status_code != 200
    approve(newham)
    newham = LocalGroupPage.objects.get(pk=newham.pk)
    assert newham.title == "Newham"
    assert newham.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

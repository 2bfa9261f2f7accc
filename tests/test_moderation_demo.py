"""`load_demo --with-admin` gives one member of each role and a page waiting for them."""

from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import call_command
from django.test import override_settings

from wagtail.models import Page, Revision, WorkflowState

import pytest

from demo.management.commands.load_demo import DEMO_MEMBERS, PENDING_PAGE_SLUG

pytestmark = pytest.mark.django_db


def load_demo(*args):
    output = StringIO()
    call_command("load_demo", *args, stdout=output)
    return output.getvalue()


@override_settings(DEBUG=True)
def test_each_role_logs_in_with_its_printed_password_and_a_page_waits():
    output = load_demo("--with-admin")

    for username, group_name, password in DEMO_MEMBERS:
        assert f"user {username}, password {password}" in output
        user = authenticate(username=username, password=password)
        assert user is not None
        assert list(user.groups.values_list("name", flat=True)) == [group_name]
        assert not user.is_superuser

    page = Page.objects.get(slug=PENDING_PAGE_SLUG)
    assert not page.live
    state = WorkflowState.objects.get(object_id=str(page.pk))
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.requested_by.username == "editor"


@override_settings(DEBUG=True)
def test_running_again_leaves_accounts_and_the_waiting_page_alone():
    load_demo("--with-admin")
    counts = (Page.objects.count(), Revision.objects.count(), WorkflowState.objects.count())
    load_demo("--with-admin")
    assert (Page.objects.count(), Revision.objects.count(), WorkflowState.objects.count()) == counts


def test_no_demo_member_is_created_on_a_server():
    with pytest.raises(Exception, match="DEBUG is off"):
        load_demo("--with-admin")
    assert not authenticate(username="editor", password=DEMO_MEMBERS[0][2])

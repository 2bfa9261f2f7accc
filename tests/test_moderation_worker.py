"""The worker really sends queued emails and publishes what is due, in one pass."""

import io
import logging
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.utils import timezone

from wagtail.models import WorkflowState

import pytest
from django_tasks_db.models import DBTaskResult

from privacy.logging import RedactEmailAddresses
from tests.support.factories import StandardPageFactory, make_member, make_site_home

# The worker commits and closes its connections as in production: no test transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGE_FACTORY = StandardPageFactory
DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker_once():
    call_command("run_worker", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115


@override_settings(TASKS=DATABASE_QUEUE)
def test_submission_only_queues_the_email_and_the_worker_sends_it():
    home = make_site_home()
    editor = make_member("Editors", username="editor")
    make_member("Moderators", username="moderator")
    page = PAGE_FACTORY(parent=home, title="Coffee morning", live=False)
    page.save_revision(user=editor)

    page.get_workflow().start(page, editor)

    assert mail.outbox == []
    queued = DBTaskResult.objects.filter(task_path__endswith="send_moderation_email")
    assert queued.exists()
    assert set(queued.values_list("status", flat=True)) == {"READY"}
    # Ids only: no address or name waits in the queue table.
    assert "example.org" not in str(list(queued.values_list("args_kwargs", flat=True)))

    run_worker_once()

    [message] = mail.outbox
    assert message.to == ["moderator@example.org"]
    assert "Coffee morning" in message.subject
    assert set(queued.values_list("status", flat=True)) == {"SUCCESSFUL"}
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()
    assert WorkflowState.objects.get().status == WorkflowState.STATUS_IN_PROGRESS


@override_settings(TASKS=DATABASE_QUEUE)
def test_worker_publishes_an_approved_page_when_its_time_comes(client):
    home = make_site_home()
    moderator = make_member("Moderators", username="moderator")
    page = PAGE_FACTORY(
        parent=home,
        title="Conference report",
        slug="report",
        live=False,
        go_live_at=timezone.now() + timedelta(hours=1),
    )
    revision = page.save_revision(user=moderator)
    # With go_live_at in the future, publishing only schedules the revision.
    revision.publish(user=moderator)
    page.refresh_from_db()
    assert not page.live
    run_worker_once()
    assert client.get("/report/").status_code == 404

    # Time passes: the go-live moment the moderator approved is now behind us.
    moment_passed = timezone.now() - timedelta(seconds=1)
    revision.refresh_from_db()
    revision.content["go_live_at"] = moment_passed.isoformat()
    revision.approved_go_live_at = moment_passed
    revision.save(update_fields=["content", "approved_go_live_at"])
    run_worker_once()

    page.refresh_from_db()
    assert page.live
    assert client.get("/report/").status_code == 200


class BrokenMailServer:
    def __init__(self, *args, **kwargs):
        pass

    def open(self):
        return True

    def close(self):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("mail server down")


@override_settings(
    TASKS=DATABASE_QUEUE, EMAIL_BACKEND="tests.test_moderation_worker.BrokenMailServer"
)
def test_a_dead_mail_server_fails_the_task_without_logging_addresses():
    home = make_site_home()
    editor = make_member("Editors", username="editor")
    make_member("Moderators", username="moderator")
    page = PAGE_FACTORY(parent=home, title="Coffee morning", live=False)
    page.save_revision(user=editor)
    page.get_workflow().start(page, editor)

    console = next(
        handler
        for handler in logging.getLogger().handlers
        if any(isinstance(f, RedactEmailAddresses) for f in handler.filters)
    )
    log = io.StringIO()
    previous_stream = console.setStream(log)
    try:
        run_worker_once()
    finally:
        console.setStream(previous_stream)

    failed = DBTaskResult.objects.filter(
        task_path__endswith="send_moderation_email", status="FAILED"
    )
    assert failed.count() == 1
    assert "example.org" not in failed.get().traceback
    logged = log.getvalue()
    assert "Failed to send notification email" in logged
    assert "moderator@example.org" not in logged

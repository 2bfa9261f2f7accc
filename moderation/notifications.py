"""The moderation workflow's notification emails, sent in the background.

Wagtail already knows whom to tell and what to say when a page is submitted, approved or
sent back with a comment. Here its notifiers run inside a background task instead of the
moderator's request, so that a slow or dead mail server never slows the admin: the
request only queues the task (ids, never addresses), and the worker (`run_worker`)
renders and sends the emails through Django's email backend.
"""

import logging

from django.contrib.auth import get_user_model

from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import TaskState, WorkflowState
from wagtail.signals import task_submitted, workflow_approved, workflow_rejected, workflow_submitted

from django_tasks import task

logger = logging.getLogger(__name__)


class RejectionNotifier(WorkflowStateRejectionEmailNotifier):
    """Wagtail's notifier, reading the comment of the task state that asked for changes.

    By the time the worker runs, the author may already have resubmitted the page, which
    moves the workflow on to a new task state with no comment.
    """

    def __init__(self, rejected_task_state):
        super().__init__()
        self.rejected_task_state = rejected_task_state

    def get_context(self, workflow_state, **kwargs):
        context = super(WorkflowStateRejectionEmailNotifier, self).get_context(
            workflow_state, **kwargs
        )
        task_state = self.rejected_task_state.specific
        context["task"] = task_state.task
        context["task_state"] = task_state
        context["comment"] = task_state.get_comment()
        return context


class MailNotSent(Exception):
    """Raised so that the task is recorded as failed (Wagtail's notifier logs the cause)."""


@task()
def send_moderation_email(event, state_id, acting_user_id=None, rejected_task_state_id=None):
    acting_user = get_user_model().objects.filter(pk=acting_user_id).first()
    if event == "task_submitted":
        state = TaskState.objects.filter(pk=state_id).first()
        notifier = GroupApprovalTaskStateSubmissionEmailNotifier()
    else:
        state = WorkflowState.objects.filter(pk=state_id).first()
        if event == "workflow_submitted":
            notifier = WorkflowStateSubmissionEmailNotifier()
        elif event == "workflow_approved":
            notifier = WorkflowStateApprovalEmailNotifier()
        else:
            rejected_task_state = TaskState.objects.filter(pk=rejected_task_state_id).first()
            notifier = RejectionNotifier(rejected_task_state) if rejected_task_state else None
    if state is None or notifier is None or not notifier.can_handle(state):
        # Deleted before the worker got to it, or a task type Wagtail has no email for.
        return False
    if not notifier(instance=state, user=acting_user):
        raise MailNotSent(f"{event} notification for state {state_id}")
    return True


def _queue(event):
    def receiver(sender, instance, user=None, **kwargs):
        rejected_task_state_id = None
        if event == "workflow_rejected":
            rejected_task_state_id = instance.current_task_state_id
        send_moderation_email.enqueue(
            event,
            instance.pk,
            acting_user_id=user.pk if user else None,
            rejected_task_state_id=rejected_task_state_id,
        )

    return receiver


queue_task_submitted = _queue("task_submitted")
queue_workflow_submitted = _queue("workflow_submitted")
queue_workflow_approved = _queue("workflow_approved")
queue_workflow_rejected = _queue("workflow_rejected")


def replace_wagtail_email_notifiers():
    """Connect the queueing receivers under the dispatch_uids Wagtail's own use.

    Called from ModerationConfig.ready(), which runs before wagtail.admin's (moderation
    comes before it in INSTALLED_APPS): a signal keeps the first receiver connected under a
    dispatch_uid, so Wagtail's synchronous notifiers are never connected.
    """
    task_submitted.connect(
        queue_task_submitted,
        sender=TaskState,
        dispatch_uid="group_approval_task_submitted_email_notification",
    )
    workflow_submitted.connect(
        queue_workflow_submitted,
        sender=WorkflowState,
        dispatch_uid="workflow_state_submitted_email_notification",
    )
    workflow_rejected.connect(
        queue_workflow_rejected,
        sender=WorkflowState,
        dispatch_uid="workflow_state_rejected_email_notification",
    )
    workflow_approved.connect(
        queue_workflow_approved,
        sender=WorkflowState,
        dispatch_uid="workflow_state_approved_email_notification",
    )

"""Moderation: notification emails sent in the background, public submissions, the queue.

Wagtail already knows whom to tell and what to say when a page is submitted, approved or
sent back with a comment. Here its notifiers run inside a background task instead of the
moderator's request, so that a slow or dead mail server never slows the admin: the
request only queues the task (ids, never addresses), and the worker (`run_worker`)
renders and sends the emails through Django's email backend.
"""

import logging

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.admin.mail import (
    GroupApprovalTaskStateSubmissionEmailNotifier,
    WorkflowStateApprovalEmailNotifier,
    WorkflowStateRejectionEmailNotifier,
    WorkflowStateSubmissionEmailNotifier,
)
from wagtail.models import Page, TaskState, WorkflowState
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

    Called from HomeConfig.ready(), which runs before wagtail.admin's (home comes first in
    INSTALLED_APPS): a signal keeps the first receiver connected under a dispatch_uid, so
    Wagtail's synchronous notifiers are never connected.
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


def submit_public_draft(page, parent):
    """Save what a member of the public sent as a draft page waiting for a moderator.

    The public forms of later issues (group registration, working-group proposals) call
    this instead of saving and publishing themselves. The page is added under `parent` as
    a draft (never live), marked with a PublicSubmission so that moderators see where it
    came from, and started in the page's moderation workflow with no requesting user:
    the visitor has no account, and their contact details stay with the form, not here.
    """
    from home.models import PublicSubmission

    with transaction.atomic():
        page.live = False
        parent.add_child(instance=page)
        page.save_revision(log_action=False)
        PublicSubmission.objects.create(page=page)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user=None)
    return page


def moderation_queue_for(user, limit=50):
    """What waits for this user's review, oldest first: one row per page or snippet (the
    footer text and the main menu are moderated too).

    Each row gives the object, its title and editing address, how long it has waited, who
    submitted it (None for a public submission, which is marked as such) and whether it
    came from a public form.
    """
    from home.models import PublicSubmission

    page_type = ContentType.objects.get_for_model(Page)
    task_states = (
        TaskState.objects.reviewable_by(user)
        .select_related("workflow_state__requested_by", "task")
        .order_by("started_at")[:limit]
    )
    ids_by_type = {}
    for state in task_states:
        ids_by_type.setdefault(state.workflow_state.base_content_type_id, []).append(
            state.workflow_state.object_id
        )
    objects = {}
    for content_type_id, ids in ids_by_type.items():
        model = Page if content_type_id == page_type.pk else None
        if model is None:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        for pk, obj in model.objects.in_bulk(ids).items():
            objects[(content_type_id, str(pk))] = obj
    page_ids = [int(pk) for pk in ids_by_type.get(page_type.pk, [])]
    public_page_ids = set(
        PublicSubmission.objects.filter(page_id__in=page_ids).values_list("page_id", flat=True)
    )
    url_finder = AdminURLFinder(user)
    now = timezone.now()
    rows = []
    for state in task_states:
        workflow_state = state.workflow_state
        obj = objects.get((workflow_state.base_content_type_id, workflow_state.object_id))
        if obj is None:
            continue
        is_page = isinstance(obj, Page)
        rows.append(
            {
                "page": obj if is_page else None,
                "title": obj.get_admin_display_title() if is_page else str(obj),
                "edit_url": url_finder.get_edit_url(obj),
                "task_state": state,
                "waiting_since": state.started_at,
                "waiting_for": now - state.started_at,
                "submitted_by": workflow_state.requested_by,
                "is_public_submission": is_page and obj.pk in public_page_ids,
            }
        )
    return rows

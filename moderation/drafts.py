"""Public drafts: what a member of the public sends through a form becomes a draft page
waiting in the moderation workflow, never a live page."""

from django.db import transaction

from .models import PublicSubmission


def submit_public_draft(page, parent):
    """Save what a member of the public sent as a draft page waiting for a moderator.

    The public forms (group registration, working-group proposals) call this instead of
    saving and publishing themselves. The page is added under `parent` as
    a draft (never live), marked with a PublicSubmission so that moderators see where it
    came from, and started in the page's moderation workflow with no requesting user:
    the visitor has no account, and their contact details stay with the form, not here.
    """
    with transaction.atomic():
        page.live = False
        parent.add_child(instance=page)
        page.save_revision(log_action=False)
        PublicSubmission.objects.create(page=page)
        workflow = page.get_workflow()
        if workflow is not None:
            workflow.start(page, user=None)
    return page

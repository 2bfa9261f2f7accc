"""How long the personal data typed by the public is kept, and what deletes it after.

Each app that keeps such data says so in its wagtail_hooks.py with the
`register_personal_data` hook: a function taking the cutoff moment and returning
{kind: queryset of the records received before it that may now go}. The
`purge_personal_data` command (run daily by `run_worker`) deletes them; privacy, a lower
app, thus never imports the feature apps, and a new public form adds its records in one
place beside its models.

A record that a moderator still needs is not returned: a group registration or proposal
whose draft page is still in moderation (waiting, or sent back for changes) stays until
that moderation ends, then goes at the next daily run if it is older than the period.
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.utils import timezone

from wagtail import hooks
from wagtail.models import Page, WorkflowState

PERSONAL_DATA_HOOK = "register_personal_data"


def retention_cutoff(now=None):
    return (now or timezone.now()) - timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)


def pages_in_moderation():
    """Ids of the pages whose moderation has not ended (in progress or needing changes)."""
    object_ids = (
        WorkflowState.objects.active()
        .filter(base_content_type=ContentType.objects.get_for_model(Page))
        .values_list("object_id", flat=True)
    )
    return [int(object_id) for object_id in object_ids]


def expired_personal_data(cutoff):
    """{kind: queryset} of every record of personal data received before `cutoff` that no
    moderation still needs, gathered from the apps' `register_personal_data` hooks."""
    expired = {}
    for records_before in hooks.get_hooks(PERSONAL_DATA_HOOK):
        expired.update(records_before(cutoff))
    return expired


def purge_personal_data(*, dry_run=False, now=None):
    """Delete (or with dry_run only count) what is older than the retention period, all or
    nothing. Returns {kind: number of records}; never the records themselves."""
    cutoff = retention_cutoff(now)
    counts = {}
    with transaction.atomic():
        for kind, records in expired_personal_data(cutoff).items():
            if dry_run:
                counts[kind] = records.count()
            else:
                # The kind's own rows, not the (absent) cascades: what a person would lose.
                counts[kind] = records.delete()[1].get(records.model._meta.label, 0)
    return counts

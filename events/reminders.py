"""Reminders to the people with a place: the day before and an hour before the meeting.

The worker calls queue_due_reminders() once a minute (run_worker, through the
"run_every_minute" hook in wagtail_hooks.py). Each reminder is marked sent in the same
transaction that queues its email, so a second run, or a second worker, never sends it
twice; someone who registered after a reminder's moment does not get that one.
"""

from datetime import timedelta

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .models import EventRegistration
from .registrations import DAY_REMINDER, HOUR_REMINDER, queue_email

DAY = timedelta(days=1)
HOUR = timedelta(hours=1)


def due(now, lead_time, sent_field):
    return (
        EventRegistration.objects.filter(
            status=EventRegistration.CONFIRMED,
            event__live=True,
            event__cancelled=False,
            event__start__gt=now,
            event__start__lte=now + lead_time,
            created_at__lt=F("event__start") - lead_time,
            **{f"{sent_field}__isnull": True},
        )
        .select_for_update(of=("self",), skip_locked=True)
        .order_by("pk")
    )


@transaction.atomic
def queue_due_reminders(now=None):
    """Queue the reminders now due; returns how many of each kind."""
    now = now or timezone.now()
    counts = {}
    # The hour reminder first: who gets it is past the day reminder's moment too, and
    # one email is enough an hour before.
    for kind, lead_time, field, email_index in (
        ("hour", HOUR, "hour_reminder_sent_at", HOUR_REMINDER),
        ("day", DAY, "day_reminder_sent_at", DAY_REMINDER),
    ):
        registrations = list(due(now, lead_time, field))
        for registration in registrations:
            EventRegistration.objects.filter(pk=registration.pk).update(**{field: now})
            queue_email(registration, email_index)
        if kind == "hour" and registrations:
            # No day reminder an hour before: it would say the same thing, late.
            EventRegistration.objects.filter(
                pk__in=[registration.pk for registration in registrations],
                day_reminder_sent_at__isnull=True,
            ).update(day_reminder_sent_at=now)
        counts[kind] = len(registrations)
    return counts

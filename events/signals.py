"""When a moderator publishes a change that cancels or moves a published event, everyone
registered is emailed (from the worker); added places go to the waiting list at once, and
so does a place freed by a registration deleted in any way."""

from django.db import transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver

from wagtail.models import PageLogEntry
from wagtail.signals import page_published

from .models import EventPage, EventRegistration
from .registrations import (
    EVENT_CANCELLED,
    EVENT_MOVED,
    fill_free_places,
    give_freed_places,
    lock_event,
    queue_email,
)


def previous_live_version(event, revision):
    """The event as it was last published before this revision (None if never)."""
    entry = (
        PageLogEntry.objects.filter(page_id=event.pk, action="wagtail.publish")
        .exclude(revision_id=revision.pk if revision else None)
        .exclude(revision__isnull=True)
        .select_related("revision")
        .order_by("-timestamp", "-pk")
        .first()
    )
    return entry.revision.as_object() if entry else None


@receiver(page_published, sender=EventPage)
def tell_registrants_of_changes(sender, instance, revision=None, **kwargs):
    # Registrations are kept on the original; translations follow it (synchronised).
    if instance.registration_event.pk != instance.pk:
        return
    previous = previous_live_version(instance, revision)
    with transaction.atomic():
        event = lock_event(instance.pk)
        registrations = EventRegistration.objects.filter(event=event)
        if previous is not None and not previous.cancelled and event.cancelled:
            for registration in registrations:
                queue_email(registration, EVENT_CANCELLED)
            return
        if (
            previous is not None
            and not event.cancelled
            and (previous.start != event.start or previous.end != event.end)
        ):
            for registration in registrations:
                queue_email(registration, EVENT_MOVED)
            # A new time is a new day and hour to be reminded of.
            registrations.update(day_reminder_sent_at=None, hour_reminder_sent_at=None)
        if not event.cancelled and not event.has_ended():
            fill_free_places(event)


@receiver(post_delete, sender=EventRegistration)
def give_the_place_to_the_waiting_list(sender, instance, **kwargs):
    # However a registration goes (cancelled, erased on request, consent withdrawn), a
    # place it held goes to the first waiting, once the deletion is committed.
    if instance.status == EventRegistration.CONFIRMED:
        event_id = instance.event_id
        transaction.on_commit(lambda: give_freed_places(event_id))

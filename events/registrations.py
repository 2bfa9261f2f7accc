"""Places and the waiting list, kept right however many people register at once.

Every change to an event's registrations (a registration, a cancellation, a moderator
adding places) first locks the event's row (SELECT ... FOR UPDATE) inside its
transaction: PostgreSQL then lets one of them count and decide at a time, so two people
can never both take the last place.
"""

from django.db import transaction

from privacy.publicforms import send_public_form_email

from .models import EventPage, EventRegistration

REGISTRATION_FORM = "events.registration"

# The emails of the registration form, by their place in RegisterForEvent.emails.
CONFIRMATION = 0
ALREADY_REGISTERED = 1
PLACE_FREED = 2
DAY_REMINDER = 3
HOUR_REMINDER = 4
EVENT_MOVED = 5
EVENT_CANCELLED = 6


def queue_email(registration, email_index):
    # Queued in the caller's transaction: the worker sees the change and the email together.
    send_public_form_email.enqueue(
        REGISTRATION_FORM, email_index, registration.pk, registration.language
    )


def lock_event(event_id):
    """The event's row, locked until the end of the transaction (the page's own table
    only: editors saving other pages are not held up)."""
    return EventPage.objects.select_for_update(of=("self",)).get(pk=event_id)


def confirmed_count(event):
    return EventRegistration.objects.filter(event=event, status=EventRegistration.CONFIRMED).count()


def fill_free_places(event):
    """Give the free places to the first on the waiting list, and email each at once.

    Call inside a transaction holding lock_event(event). Returns those promoted.
    """
    waiting = EventRegistration.objects.filter(event=event, status=EventRegistration.WAITING)
    if event.capacity is None:
        free = waiting.count()
    else:
        free = max(event.capacity - confirmed_count(event), 0)
    promoted = list(waiting.order_by("created_at", "pk")[:free])
    for registration in promoted:
        registration.status = EventRegistration.CONFIRMED
        registration.save(update_fields=["status"])
        queue_email(registration, PLACE_FREED)
    return promoted


@transaction.atomic
def give_freed_places(event_id):
    """fill_free_places() for an event that may be gone, ended or cancelled meanwhile."""
    event = EventPage.objects.select_for_update(of=("self",)).filter(pk=event_id).first()
    if event is not None and not event.cancelled and not event.has_ended():
        fill_free_places(event)


@transaction.atomic
def cancel(registration_id, event_id):
    """Delete the registration, and give its place to the first on the waiting list.

    Returns False when there was no such registration (already cancelled, or deleted).
    """
    event = lock_event(event_id)
    deleted, _kinds = EventRegistration.objects.filter(pk=registration_id, event=event).delete()
    if not deleted:
        return False
    if not event.cancelled and not event.has_ended():
        fill_free_places(event)
    return True

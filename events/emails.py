"""The emails sent to the people who registered for an event, built by the background
worker (privacy/publicforms.py). Only these carry an online meeting's joining link, and
only to people with a place; every one has a link to cancel.
"""

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from wagtail.models import Locale

from privacy.withdrawal import withdrawal_url

from .calendars import event_calendar_bytes

CANCEL_SALT = "events.cancel-registration"


def cancel_token(registration):
    return signing.dumps({"r": registration.pk, "e": registration.event_id}, salt=CANCEL_SALT)


def registration_from_token(token):
    """(registration id, event id) from a cancel link's token; raises BadSignature."""
    data = signing.loads(token, salt=CANCEL_SALT)
    if not isinstance(data, dict):
        raise signing.BadSignature("unexpected token")
    return data.get("r"), data.get("e")


def event_in_language(event, language):
    """The event's page in the registrant's language when it is live, else the original."""
    locale = Locale.objects.filter(language_code=language).first()
    if locale is None or locale.pk == event.locale_id:
        return event
    translation = event.get_translation_or_none(locale)
    return translation.specific if translation is not None and translation.live else event


def cancel_url(registration, page):
    return f"{page.get_full_url()}cancel/?token={cancel_token(registration)}"


def build_email(registration, kind, subject, *, with_calendar=True):
    event = registration.event
    page = event_in_language(event, registration.language)
    sends_link = (
        registration.status == registration.CONFIRMED
        and event.is_online
        and bool(event.joining_url)
        and not event.cancelled
    )
    message = EmailMessage(
        subject % {"event": page.title},
        render_to_string(
            f"events/emails/{kind}.txt",
            {
                "registration": registration,
                "event": page,
                "page_url": page.get_full_url(),
                "joining_url": event.joining_url if sends_link else "",
                "cancel_url": cancel_url(registration, page),
                "withdrawal_url": withdrawal_url(registration.email),
                "on_waiting_list": registration.status == registration.WAITING,
            },
        ),
        settings.DEFAULT_FROM_EMAIL,
        [registration.email],
    )
    if with_calendar and not event.cancelled:
        message.attach("event.ics", event_calendar_bytes(page), "text/calendar")
    return message


def registration_confirmation(registration):
    if registration.status == registration.WAITING:
        return build_email(registration, "waiting_list", _("On the waiting list: %(event)s"))
    return build_email(registration, "confirmation", _("Your place: %(event)s"))


def already_registered(registration):
    return build_email(
        registration, "already_registered", _("You are already registered: %(event)s")
    )


def place_freed(registration):
    return build_email(registration, "place_freed", _("A place for you: %(event)s"))


def day_reminder(registration):
    return build_email(registration, "reminder_day", _("Tomorrow: %(event)s"))


def hour_reminder(registration):
    return build_email(registration, "reminder_hour", _("In an hour: %(event)s"))


def event_moved(registration):
    return build_email(registration, "moved", _("New time: %(event)s"))


def event_cancelled(registration):
    return build_email(registration, "cancelled", _("Cancelled: %(event)s"), with_calendar=False)

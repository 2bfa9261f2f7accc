from datetime import timedelta

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.widgets import Button

from portal.management.commands.run_worker import MINUTE_JOBS_HOOK
from privacy.audit import log_personal_data_access
from privacy.records import PersonalRecordViewSet
from privacy.retention import PERSONAL_DATA_HOOK
from privacy.subject_access import PERSONAL_RECORDS_HOOK, PersonalRecords

from .models import EventPage, EventRegistration
from .organisers import is_organiser, registrations_csv
from .reminders import queue_due_reminders


class EventRegistrationViewSet(PersonalRecordViewSet):
    model = EventRegistration
    icon = "date"
    menu_label = _("Event registrations")
    menu_order = 290
    add_to_admin_menu = True
    list_display = ["name", "event", "status", "created_at"]
    list_filter = ["event", "status"]
    search_fields = ["name", "email"]
    inspect_view_fields = [
        "event",
        "name",
        "email",
        "status",
        "postcode_district",
        "access_needs",
        "consent_text",
        "consented_at",
        "lawful_basis",
        "created_at",
    ]
    # No form is ever shown: the policy refuses adding and changing.
    form_fields = ["name"]


@hooks.register("register_admin_viewset")
def register_event_registrations():
    return EventRegistrationViewSet("event_registrations")


def event_registrations(request, page_id):
    """One event's registrations, and their CSV for the meeting's host: moderators and the
    organising group's convenors only."""
    event = get_object_or_404(EventPage, pk=page_id)
    event = event.registration_event
    if not is_organiser(request.user, event):
        raise PermissionDenied
    registrations = list(event.registrations.order_by("status", "created_at", "pk"))
    # Every reading, on screen or exported, goes in the audit log (Reports › Site history).
    exporting = request.GET.get("format") == "csv"
    log_personal_data_access(
        registrations, "privacy.export" if exporting else "privacy.view", request.user
    )
    if exporting:
        response = HttpResponse(
            registrations_csv(event, registrations), content_type="text/csv; charset=utf-8"
        )
        response["Content-Disposition"] = f'attachment; filename="{event.slug}-registrations.csv"'
        return response
    return TemplateResponse(
        request,
        "events/admin/registrations.html",
        {"event": event, "registrations": registrations},
    )


@hooks.register("register_admin_urls")
def register_event_registrations_url():
    return [
        path("events/<int:page_id>/registrations/", event_registrations, name="event_registrations")
    ]


@hooks.register("register_page_header_buttons")
def registrations_button(page, user, view_name, next_url=None):
    if page.specific_class is EventPage and page.live and is_organiser(user, page):
        yield Button(
            _("Registrations"),
            reverse("event_registrations", args=[page.pk]),
            icon_name="group",
            priority=80,
        )


@hooks.register(PERSONAL_DATA_HOOK)
def expired_event_registrations(cutoff):
    # Counted from the end of each event, not from when people registered: the period of
    # the other records (the cutoff) gives back the purge's "now".
    now = cutoff + timedelta(days=settings.PERSONAL_DATA_RETENTION_DAYS)
    ended_before = now - timedelta(days=settings.EVENT_REGISTRATION_RETENTION_DAYS)
    return {"event registrations": EventRegistration.objects.filter(event__end__lt=ended_before)}


@hooks.register(PERSONAL_RECORDS_HOOK)
def event_personal_records():
    return [
        PersonalRecords(
            _("event registrations"),
            lambda email: EventRegistration.objects.filter(email__iexact=email),
        )
    ]


@hooks.register(MINUTE_JOBS_HOOK)
def send_due_reminders():
    queue_due_reminders(timezone.now())

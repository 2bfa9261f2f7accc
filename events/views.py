"""An event's registration form (declared for privacy.publicforms), cancelling a
registration from the link in its emails, and the calendars."""

from django.conf import settings
from django.core import signing
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from wagtail.models import Site

from portal.visibility import public
from privacy.publicforms import FormEmail, PublicForm

from . import emails, registrations
from .calendars import calendar_of, calendar_response
from .forms import EventRegistrationForm
from .models import GROUP_PAGE_TYPES, EventIndexPage, EventPage, EventRegistration

FEED_LENGTH = 200


class RegisterForEvent(PublicForm):
    """A visitor registering for a meeting: a place, or a place on the waiting list.

    The answer on the page is the same whether or not the address had registered
    before; only the email, sent to that address, says which.
    """

    name = registrations.REGISTRATION_FORM
    form_class = EventRegistrationForm
    record_model = EventRegistration
    thanks_template = "events/registration_thanks.html"
    # In the order of the indexes in events/registrations.py.
    emails = (
        FormEmail("registration confirmation", emails.registration_confirmation),
        FormEmail("already registered", emails.already_registered),
        FormEmail("place freed", emails.place_freed),
        FormEmail("day-before reminder", emails.day_reminder),
        FormEmail("hour-before reminder", emails.hour_reminder),
        FormEmail("event moved", emails.event_moved),
        FormEmail("event cancelled", emails.event_cancelled),
    )

    def get_form(self, request, page):
        return EventRegistrationForm(request.POST if request.method == "POST" else None, event=page)

    def record_fields(self, form, event):
        data = form.cleaned_data
        return {
            "event": event,
            "name": data["name"],
            "email": data["email"],
            "postcode_district": data["postcode_district"],
            "access_needs": data["access_needs"],
        }

    def save(self, form, page):
        # Inside the flow's transaction: the lock holds until the record and its email
        # are both saved.
        event = registrations.lock_event(page.registration_event.pk)
        if not event.accepts_registrations():
            # Closed since the form was checked: said on the thank-you page.
            self.closed = True
            return None
        existing = EventRegistration.objects.filter(
            event=event, email__iexact=form.cleaned_data["email"]
        ).first()
        if existing is not None:
            self.repeated = existing
            return existing
        fields = self.record_fields(form, event)
        fields["status"] = (
            EventRegistration.WAITING
            if event.capacity is not None and registrations.confirmed_count(event) >= event.capacity
            else EventRegistration.CONFIRMED
        )
        fields["language"] = translation.get_language() or settings.LANGUAGE_CODE
        fields.update(
            consent_text=form.consent_text,
            consented_at=timezone.now(),
            lawful_basis=self.lawful_basis,
        )
        self.repeated = None
        return EventRegistration.objects.create(**fields)

    def emails_for(self, record):
        if getattr(self, "repeated", None) is not None:
            return [self.emails[registrations.ALREADY_REGISTERED]]
        return [self.emails[registrations.CONFIRMATION]]

    def render_thanks(self, request, page, record=None):
        return TemplateResponse(
            request,
            self.thanks_template,
            {"page": page, "self": page, "closed": getattr(self, "closed", False)},
        )

    def page_of(self, record):
        return record.event


@never_cache
def cancel_registration(request, event):
    """The link in every email: GET asks to confirm (mail scanners follow links), POST
    cancels and frees the place. No login: the signed token is the proof."""
    token = request.POST.get("token") if request.method == "POST" else request.GET.get("token")
    context = {"page": event, "self": event, "token": token or ""}
    try:
        registration_id, event_id = emails.registration_from_token(token or "")
    except signing.BadSignature:
        return TemplateResponse(
            request, "events/cancel.html", {**context, "state": "invalid"}, status=400
        )
    if event_id != event.registration_event.pk:
        return TemplateResponse(
            request, "events/cancel.html", {**context, "state": "invalid"}, status=400
        )
    if request.method == "POST":
        cancelled = registrations.cancel(registration_id, event_id)
        return TemplateResponse(
            request,
            "events/cancel.html",
            {**context, "state": "cancelled" if cancelled else "gone"},
        )
    exists = EventRegistration.objects.filter(pk=registration_id, event_id=event_id).exists()
    return TemplateResponse(
        request, "events/cancel.html", {**context, "state": "confirm" if exists else "gone"}
    )


def page_at(request, page_path):
    """The live, public page at this path, in the visitor's language (or 404)."""
    site = Site.find_for_request(request)
    if site is None:
        raise Http404
    page, _args, _kwargs = site.root_page.localized.specific.route(
        request, [component for component in page_path.split("/") if component]
    )
    if page.get_view_restrictions().exists():
        raise Http404
    return page.specific


def feed_at(request, page_path):
    """/events/feed.ics, and <group page>/feed.ics: the upcoming events of the site or of
    one group, each linking to its page."""
    page = page_at(request, page_path)
    if isinstance(page, EventIndexPage):
        events = page.upcoming_events()
    elif page.specific_class._meta.label in GROUP_PAGE_TYPES:
        events = public(EventPage.objects.live()).organised_by(page).upcoming()
    else:
        raise Http404
    calendar = calendar_of(
        events.filter(cancelled=False)[:FEED_LENGTH],
        _("%(name)s: meetings") % {"name": page.title},
        request,
    )
    return calendar_response(calendar, f"{page.slug}.ics")


def event_calendar_at(request, page_path):
    """<event page>/event.ics: the "Add to calendar" download."""
    page = page_at(request, page_path)
    if not isinstance(page, EventPage):
        raise Http404
    return calendar_response(calendar_of([page], page.title, request), f"{page.slug}.ics")

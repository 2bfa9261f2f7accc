"""Events shown on other apps' pages: the home page's next open meeting and a group's
upcoming meetings. Those templates load this library; their apps never import events."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from localisation.locales import active_and_default_locales
from portal.visibility import public

from ..models import EventPage

register = template.Library()

GROUP_EVENTS = 5


@register.inclusion_tag("events/includes/next_event.html", takes_context=True)
def next_event(context, fallback=""):
    """The next public event in the visitor's language (else the site's default), or the
    home page's own text about the next meeting when none is announced."""
    request = context["request"]
    active, default = active_and_default_locales(request)
    upcoming = public(EventPage.objects.live()).filter(cancelled=False).upcoming()
    event = upcoming.filter(locale=active).first()
    if event is None and default != active:
        event = upcoming.filter(locale=default).first()
    return {"request": request, "event": event, "fallback": fallback}


@register.inclusion_tag("events/includes/group_events.html", takes_context=True)
def upcoming_events(context, group_page, count=GROUP_EVENTS):
    """A group page's upcoming events (organised by it or under its page), and its feed."""
    request = context["request"]
    events = list(
        public(EventPage.objects.live())
        .filter(locale_id=group_page.locale_id)
        .organised_by(group_page)
        .upcoming()[:count]
    )
    return {"request": request, "events": events, "group": group_page}


@register.simple_tag
def event_json_ld(event, request=None):
    """schema.org Event data, for search engines to show the date. A data block, not a
    script: the Content Security Policy's script-src does not apply to it."""
    page_url = event.get_full_url(request)
    modes = {
        EventPage.ONLINE: "https://schema.org/OnlineEventAttendanceMode",
        EventPage.IN_PERSON: "https://schema.org/OfflineEventAttendanceMode",
        EventPage.BOTH: "https://schema.org/MixedEventAttendanceMode",
    }
    locations = []
    if event.is_online:
        # The event's page, never the joining link.
        locations.append({"@type": "VirtualLocation", "url": page_url})
    if event.is_in_person and event.venue:
        venue_lines = [line.strip() for line in event.venue.splitlines() if line.strip()]
        locations.append(
            {"@type": "Place", "name": venue_lines[0], "address": ", ".join(venue_lines)}
        )
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "description": event.summary,
        "startDate": event.start.isoformat(),
        "endDate": event.end.isoformat(),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": modes.get(event.attendance),
        "url": page_url,
    }
    if locations:
        data["location"] = locations[0] if len(locations) == 1 else locations
    if event.organiser_id and getattr(event, "organiser", None):
        data["organizer"] = {
            "@type": "Organization",
            "name": event.organiser.title,
            "url": event.organiser.get_full_url(request),
        }
    # As json_script does: nothing in the data can close the element or open a comment.
    text = (
        json.dumps(data, ensure_ascii=False)
        .replace("<", "\\u003C")
        .replace(">", "\\u003E")
        .replace("&", "\\u0026")
    )
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))  # noqa: S308

"""iCalendar (RFC 5545) for events: the feeds of upcoming events and one event's file.

Each event links back to its page and never carries the joining link: a calendar is
public, shared and synced to other services.
"""

from django.http import HttpResponse
from django.utils import timezone
from django.utils.html import strip_tags

from wagtail.models import Site

import icalendar

PRODUCT_ID = "-//Campaign portal//Events//EN"


def event_uid(event, host):
    # The same in every language and across edits, so calendars update the entry.
    return f"event-{event.translation_key}@{host}"


def site_host(event):
    site = event.get_site() or Site.objects.filter(is_default_site=True).first()
    return site.hostname if site else "localhost"


def event_component(event, page_url, host):
    component = icalendar.Event()
    component.add("uid", event_uid(event, host))
    component.add("dtstamp", timezone.now())
    component.add("dtstart", event.start)
    component.add("dtend", event.end)
    component.add("summary", event.title)
    component.add("description", f"{event.summary}\n\n{page_url}")
    component.add("url", page_url)
    if event.is_in_person and event.venue:
        component.add("location", " ".join(event.venue.split()))
    elif event.is_online:
        component.add("location", page_url)
    component.add("status", "CANCELLED" if event.cancelled else "CONFIRMED")
    if event.last_published_at:
        component.add("last-modified", event.last_published_at)
    return component


def calendar_of(events, name, request=None):
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    host = None
    for event in events:
        host = host or site_host(event)
        calendar.add_component(event_component(event, event.get_full_url(request), host))
    return calendar


def event_calendar_bytes(event, request=None):
    """One event as an .ics file (the "Add to calendar" download, the email attachment)."""
    return calendar_of([event], event.title, request).to_ical()


def calendar_response(calendar, filename):
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def plain_text(html):
    return " ".join(strip_tags(html).split())

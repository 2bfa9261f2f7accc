"""The events' calendar files: addresses that do not end in a slash, which Wagtail's page
routing cannot answer, so they are routed here to their page.

/events/feed.ics and <group page>/feed.ics: upcoming events; <event page>/event.ics: one.
"""

from django.urls import re_path

from .views import event_calendar_at, feed_at

urlpatterns = [
    re_path(r"^(?P<page_path>(?:[\w\-]+/)+)feed\.ics$", feed_at, name="events_feed"),
    re_path(r"^(?P<page_path>(?:[\w\-]+/)+)event\.ics$", event_calendar_at, name="event_ics"),
]

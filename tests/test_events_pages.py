"""What the public sees of events: the listings, the pages, calendars and their times
across the clock changes, structured data, the home and group pages, and never the
joining link anywhere but in registrants' emails."""

import datetime
import json

from django.core import mail
from django.test import TestCase

from wagtail.models import Locale
from wagtail_localize.models import Translation, TranslationSource

import icalendar
import pytest

from events.models import EventPage
from tests.support.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    days_from_now,
    make_site_home,
)
from tests.support.html import soup_of, texts

JOINING_URL = "https://zoom.example.net/j/555000111?pwd=registrants-only"
UTC = datetime.UTC


def utc(*args):
    return datetime.datetime(*args, tzinfo=UTC)


def events_in(calendar_bytes):
    calendar = icalendar.Calendar.from_ical(calendar_bytes)
    return calendar.walk("VEVENT")


class EventPagesTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home(next_meeting="<p>Meetings every month.</p>")
        cls.index = EventIndexPageFactory(parent=cls.home)
        cls.groups = LocalGroupIndexPageFactory(parent=cls.home)
        cls.newham = LocalGroupPageFactory(parent=cls.groups, title="Newham", slug="newham")
        cls.working_groups = WorkingGroupIndexPageFactory(parent=cls.home)
        cls.press = WorkingGroupPageFactory(parent=cls.working_groups, title="Press", slug="press")
        cls.online = EventPageFactory(
            parent=cls.index,
            title="Fightback meeting",
            slug="fightback",
            summary="The launch of the working groups.",
            start=days_from_now(5),
            end=days_from_now(5) + datetime.timedelta(hours=2),
            joining_url=JOINING_URL,
            organiser=cls.press,
            capacity=600,
            speakers=[("speaker", {"name": "A Speaker", "role": "Press working group"})],
        )
        cls.local = EventPageFactory(
            parent=cls.newham,
            title="Newham members' meeting",
            slug="newham-meeting",
            summary="Planning the street stalls.",
            attendance="in-person",
            venue="Community hall\n1 Example Road\nLondon E13",
            access_notes="Step-free entrance; hearing loop.",
            joining_url="",
            start=days_from_now(12),
            end=days_from_now(12) + datetime.timedelta(hours=2),
        )
        cls.past = EventPageFactory(
            parent=cls.index,
            title="Spring rally",
            slug="spring-rally",
            start=days_from_now(-30),
            end=days_from_now(-30) + datetime.timedelta(hours=2),
            report_url="https://example.org/report.pdf",
            joining_url=JOINING_URL + "-old",
        )

    def test_the_index_lists_upcoming_events_soonest_first_and_past_ones_apart(self):
        soup = soup_of(self.client.get("/events/"))
        assert texts(soup, ".event-card__title") == ["Fightback meeting", "Newham members' meeting"]
        past = soup_of(self.client.get("/events/past/"))
        assert texts(past, ".event-card__title") == ["Spring rally"]
        assert self.client.get("/events/past/?page=9").status_code == 404

    def test_the_event_page_says_when_where_who_and_links_back(self):
        soup = soup_of(self.client.get("/groups/newham/newham-meeting/"))
        facts = soup.select_one(".event__facts").get_text(" ", strip=True)
        assert "Community hall" in facts
        assert "Step-free entrance" in facts
        online = soup_of(self.client.get("/events/fightback/"))
        calendar_link = online.find("a", string="Add to calendar (.ics)")
        assert "A Speaker, Press working group" in texts(online, ".event__speakers li")
        assert online.select_one(".event__facts a[href='/working-groups/press/']")
        assert calendar_link["href"] == "/events/fightback/event.ics"
        assert texts(online, ".event__places") == ["0 registered, 600 places left"]
        # After the meeting: the report, no form.
        past = soup_of(self.client.get("/events/spring-rally/"))
        assert past.find("a", string="Read the report of the meeting")["href"] == (
            "https://example.org/report.pdf"
        )
        assert past.find("form", class_="form") is None

    def test_a_group_page_lists_its_upcoming_events_with_its_calendar(self):
        group = soup_of(self.client.get("/groups/newham/"))
        assert texts(group, ".event-card__title") == ["Newham members' meeting"]
        press = soup_of(self.client.get("/working-groups/press/"))
        assert texts(press, ".event-card__title") == ["Fightback meeting"]
        assert press.find("a", href="/working-groups/press/feed.ics")

        (event,) = events_in(self.client.get("/working-groups/press/feed.ics").content)
        assert str(event["url"]) == "http://localhost/events/fightback/"
        (event,) = events_in(self.client.get("/groups/newham/feed.ics").content)
        assert str(event["summary"]) == "Newham members' meeting"
        assert "Community hall" in str(event["location"])

    def test_the_feed_lists_upcoming_events_linking_to_their_pages(self):
        response = self.client.get("/events/feed.ics")
        assert response["Content-Type"] == "text/calendar; charset=utf-8"
        events = events_in(response.content)
        assert [str(event["summary"]) for event in events] == [
            "Fightback meeting",
            "Newham members' meeting",
        ]
        assert [str(event["url"]) for event in events] == [
            "http://localhost/events/fightback/",
            "http://localhost/groups/newham/newham-meeting/",
        ]
        assert events[0]["dtstart"].dt == self.online.start
        assert self.client.get("/blog/feed.ics").status_code == 404
        assert self.client.get("/nowhere/feed.ics").status_code == 404

    def test_the_home_page_shows_the_real_next_meeting_or_its_own_text(self):
        section = soup_of(self.client.get("/")).select_one(".next-meeting")
        assert section.find("a", string="Fightback meeting")["href"] == "/events/fightback/"
        EventPage.objects.filter(pk__in=[self.online.pk, self.local.pk]).update(cancelled=True)
        section = soup_of(self.client.get("/")).select_one(".next-meeting")
        assert section.get_text(" ", strip=True) == "Next open meeting Meetings every month."

    def test_structured_data_describes_the_event_without_the_joining_link(self):
        soup = soup_of(self.client.get("/events/fightback/"))
        (script,) = soup.find_all("script", type="application/ld+json")
        data = json.loads(script.string)
        assert data["@type"] == "Event"
        assert data["name"] == "Fightback meeting"
        assert datetime.datetime.fromisoformat(data["startDate"]) == self.online.start
        assert data["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
        assert data["location"] == {
            "@type": "VirtualLocation",
            "url": "http://localhost/events/fightback/",
        }
        assert data["organizer"]["name"] == "Press"

    def test_the_joining_link_is_in_no_public_response_and_in_the_registrants_email(self):
        paths = [
            "/",
            "/events/",
            "/events/past/",
            "/events/fightback/",
            "/events/spring-rally/",
            "/events/feed.ics",
            "/events/fightback/event.ics",
            "/events/spring-rally/event.ics",
            "/working-groups/press/",
            "/working-groups/press/feed.ics",
            "/sitemap.xml",
            "/search/?q=fightback",
            "/search/?q=zoom",
            "/search/?q=registrants-only",
        ]
        for path in paths:
            response = self.client.get(path)
            assert response.status_code == 200, path
            assert b"zoom.example.net" not in response.content, path
            assert b"555000111" not in response.content, path
        assert "/events/fightback/" in self.client.get("/sitemap.xml").content.decode()
        assert "Fightback meeting" in texts(
            soup_of(self.client.get("/search/?q=fightback")), "ol.search-results h3"
        )
        # Searching for the link finds nothing.
        assert (
            soup_of(self.client.get("/search/?q=registrants-only")).select("ol.search-results li")
            == []
        )

        response = self.client.post(
            "/events/fightback/register/",
            {"name": "Sam Example", "email": "sam@example.net", "consent": "on"},
        )
        assert b"zoom.example.net" not in response.content
        (email,) = mail.outbox
        assert JOINING_URL in email.body

    def test_the_add_to_calendar_file(self):
        response = self.client.get("/groups/newham/newham-meeting/event.ics")
        assert response.status_code == 200
        assert response["Content-Disposition"] == 'attachment; filename="newham-meeting.ics"'
        (event,) = events_in(response.content)
        assert event["dtstart"].dt == self.local.start
        assert event["dtend"].dt == self.local.end
        assert str(event["uid"]) == f"event-{self.local.translation_key}@localhost"
        assert self.client.get("/groups/newham/event.ics").status_code == 404


@pytest.mark.parametrize(
    ("start", "shown", "zone"),
    [
        # The Thursdays either side of the clocks going forward (28 March 2027) and back
        # (31 October 2027): 19:00 in London each time, whatever UTC says.
        (utc(2027, 3, 25, 19), "Thursday 25 March 2027, 19:00 – 21:00", "GMT"),
        (utc(2027, 4, 1, 18), "Thursday 1 April 2027, 19:00 – 21:00", "BST"),
        (utc(2027, 10, 28, 18), "Thursday 28 October 2027, 19:00 – 21:00", "BST"),
        (utc(2027, 11, 4, 19), "Thursday 4 November 2027, 19:00 – 21:00", "GMT"),
    ],
)
def test_times_are_shown_in_london_across_the_clock_changes(client, db, start, shown, zone):
    home = make_site_home()
    index = EventIndexPageFactory(parent=home)
    EventPageFactory(
        parent=index, slug="monthly", start=start, end=start + datetime.timedelta(hours=2)
    )
    soup = soup_of(client.get("/events/monthly/"))
    when = soup.select_one(".event__facts dd").get_text(" ", strip=True)
    assert when == f"{shown} {zone}"
    assert soup.select_one(".event__facts time")["datetime"].startswith(
        start.astimezone(
            datetime.timezone(datetime.timedelta(hours=1 if zone == "BST" else 0))
        ).isoformat()[:19]
    )
    # Calendars carry UTC: every calendar program then shows it in its own zone.
    (event,) = events_in(client.get("/events/monthly/event.ics").content)
    assert event["dtstart"].dt == start
    assert event["dtstart"].to_ical() == start.strftime("%Y%m%dT%H%M%SZ").encode()


def test_the_joining_link_is_synchronised_never_in_a_translation_file(db):
    home = make_site_home()
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(
        parent=index, slug="fightback", title="Fightback meeting", joining_url=JOINING_URL
    )
    welsh, _created = Locale.objects.get_or_create(language_code="cy")
    home.copy_for_translation(welsh).save_revision().publish()
    welsh_index = index.copy_for_translation(welsh)
    welsh_index.save_revision().publish()
    source, _created = TranslationSource.get_or_create_from_instance(event)
    translation = Translation.objects.create(source=source, target_locale=welsh)
    catalogue = translation.export_po()
    msgids = {entry.msgid for entry in catalogue}
    assert "Fightback meeting" in msgids
    assert not any("zoom.example.net" in msgid for msgid in msgids)
    assert not any("zoom.example.net" in str(entry.msgctxt) for entry in catalogue)

    translation.save_target(publish=True)
    welsh_event = EventPage.objects.get(locale=welsh, translation_key=event.translation_key)
    assert welsh_event.joining_url == JOINING_URL
    assert welsh_event.start == event.start
    # Registrations on the Welsh page count against the original's places.
    assert welsh_event.registration_event == event


def test_registering_on_the_welsh_page_takes_a_place_of_the_original(client, db):
    home = make_site_home()
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(
        parent=index, slug="fightback", title="Fightback meeting", joining_url=JOINING_URL,
        capacity=1,
    )  # fmt: skip
    welsh, _created = Locale.objects.get_or_create(language_code="cy")
    home.copy_for_translation(welsh).save_revision().publish()
    index.copy_for_translation(welsh).save_revision().publish()
    welsh_event = event.copy_for_translation(welsh)
    welsh_event.title = "Cyfarfod ymladd yn ôl"
    welsh_event.save_revision().publish()

    response = client.post(
        "/cy/events/fightback/register/",
        {"name": "Siân Example", "email": "sian@example.net", "consent": "on"},
    )
    assert response.status_code == 200
    registration = event.registrations.get()
    assert (registration.status, registration.language) == ("confirmed", "cy")
    (email,) = mail.outbox
    assert JOINING_URL in email.body
    # Its links lead to the Welsh page.
    assert "http://localhost/cy/events/fightback/cancel/?token=" in email.body
    # One place, counted in both languages.
    for path, full in (
        ("/events/fightback/", "the meeting is full"),
        ("/cy/events/fightback/", "mae’r cyfarfod yn llawn"),
    ):
        assert full in soup_of(client.get(path)).select_one(".event__places").text


def test_an_event_must_end_after_it_starts():
    from django.core.exceptions import ValidationError

    start = utc(2027, 3, 25, 19)
    event = EventPage(title="Backwards", slug="backwards", summary="x", start=start, end=start)
    with pytest.raises(ValidationError) as error:
        event.clean()
    assert "The meeting must end after it starts." in str(error.value)

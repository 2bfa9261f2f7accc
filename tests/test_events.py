"""Meetings and events: the pages, registration with its places and waiting list,
cancelling from the emails' link, the private joining link, calendars and clock changes."""

import datetime
import logging
import re
from urllib.parse import urlsplit

from django.core import mail, signing
from django.test import TestCase
from django.utils import timezone

import icalendar

from events.emails import cancel_token
from events.models import EventPage, EventRegistration
from tests.support.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    EventRegistrationFactory,
    days_from_now,
    make_site_home,
)
from tests.support.html import soup_of, texts
from tests.support.network import unreachable_mail_server

JOINING_URL = "https://zoom.example.net/j/123456789?pwd=only-for-registrants"
VISITOR = {"name": "Sam Example", "email": "sam@example.net", "consent": "on"}
HOSTILE = "<script>alert('x')</script>'; DROP TABLE events_eventregistration; --"
UTC = datetime.UTC


def error_summary(response):
    summary = soup_of(response).find(class_="error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def cancel_link(message):
    match = re.search(r"(http://\S+/cancel/\?token=\S+)", message.body)
    assert match, message.body
    return match.group(1)


def local_path(url):
    parts = urlsplit(url)
    return parts.path + ("?" + parts.query if parts.query else "")


class EventTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.index = EventIndexPageFactory(parent=cls.home)
        cls.event = EventPageFactory(
            parent=cls.index,
            title="Fightback meeting",
            slug="fightback",
            summary="Speakers from local groups and the launch of the working groups.",
            joining_url=JOINING_URL,
            capacity=3,
        )

    def register(self, path="/events/fightback/register/", **changes):
        data = {**VISITOR, **changes}
        return self.client.post(
            path, {key: value for key, value in data.items() if value is not None}
        )


class RegistrationTests(EventTestCase):
    def test_a_visitor_registers_and_receives_the_link_by_email_only(self):
        response = self.register(postcode_district="e13 9aa", access_needs="Captions please")
        self.assertContains(response, "We have sent an email about Fightback meeting")
        assert JOINING_URL not in response.content.decode()

        registration = EventRegistration.objects.get()
        assert (registration.name, registration.email, registration.status) == (
            "Sam Example",
            "sam@example.net",
            EventRegistration.CONFIRMED,
        )
        assert registration.postcode_district == "E13"  # never the full postcode
        assert registration.access_needs == "Captions please"
        assert registration.consent_text.startswith("I agree that the network keeps my name")

        (email,) = mail.outbox
        assert email.to == ["sam@example.net"]
        assert email.subject == "Your place: Fightback meeting"
        assert JOINING_URL in email.body
        assert "http://localhost/events/fightback/" in email.body
        assert "/cancel/?token=" in email.body
        (attachment,) = email.attachments
        assert attachment[0] == "event.ics"
        calendar = icalendar.Calendar.from_ical(attachment[1])
        (component,) = calendar.walk("VEVENT")
        assert str(component["summary"]) == "Fightback meeting"
        assert JOINING_URL not in str(attachment[1])

    def test_the_page_counts_registrations_and_places_left(self):
        EventRegistrationFactory(event=self.event)
        response = self.client.get("/events/fightback/")
        assert texts(soup_of(response), ".event__places") == ["1 registered, 2 places left"]

    def test_when_full_new_registrants_go_on_the_waiting_list_and_are_told_so(self):
        EventRegistrationFactory.create_batch(3, event=self.event)
        response = self.register()
        self.assertContains(
            response, "The meeting is full: new registrations go on the waiting list"
        )
        registration = EventRegistration.objects.get(email="sam@example.net")
        assert registration.status == EventRegistration.WAITING
        (email,) = mail.outbox
        assert email.subject == "On the waiting list: Fightback meeting"
        assert "you are on its waiting list" in email.body
        # Only people with a place get the joining link.
        assert JOINING_URL not in email.body
        assert "/cancel/?token=" in email.body
        page = soup_of(self.client.get("/events/fightback/"))
        assert "the meeting is full" in texts(page, ".event__places")[0]

    def test_registering_twice_keeps_one_and_the_answer_does_not_tell(self):
        first = self.register()
        second = self.register(email="SAM@example.NET", name="Someone else")
        # The page says the same both times: only the owner of the address learns more.
        assert texts(soup_of(first), "main") == texts(soup_of(second), "main")
        assert EventRegistration.objects.count() == 1
        assert EventRegistration.objects.get().name == "Sam Example"
        confirmation, repeat = mail.outbox
        assert repeat.to == ["sam@example.net"]
        assert repeat.subject == "You are already registered: Fightback meeting"
        assert "You were already registered and you have a place" in repeat.body
        # A stranger typing someone's address gets them nothing new, but the owner still
        # has the link and the way to cancel.
        assert JOINING_URL in repeat.body
        assert "/cancel/?token=" in repeat.body

    def test_empty_form_is_explained_and_nothing_is_kept(self):
        response = self.register(name="", email="", consent=None)
        summary = error_summary(response)
        assert "Your name: This field is required." in summary
        assert "Your email address: This field is required." in summary
        assert "Please tick this box to agree" in summary
        assert not EventRegistration.objects.exists()
        assert mail.outbox == []

    def test_over_long_hostile_and_null_byte_input_is_refused_and_kept_in_the_form(self):
        response = self.register(
            name="N" * 500,
            email="not an address",
            access_needs="A" * 5000,
            postcode_district="99 9AA",
        )
        summary = error_summary(response)
        assert response.status_code == 200
        assert "at most 120 characters" in summary
        assert "Enter a valid email address." in summary
        assert "at most 1000 characters" in summary
        assert "Enter the first half of a postcode" in summary
        form = soup_of(response)
        assert form.find(attrs={"name": "name"})["value"] == "N" * 500
        assert form.find(attrs={"name": "access_needs"}).get_text().strip() == "A" * 5000
        assert not EventRegistration.objects.exists()

        response = self.register(name="Sam\x00Example")
        assert response.status_code == 200
        assert "Null characters are not allowed." in error_summary(response)

        response = self.register(name=HOSTILE, access_needs=HOSTILE)
        assert response.status_code == 200
        assert "<script>" not in response.content.decode()
        registration = EventRegistration.objects.get()
        assert registration.name == HOSTILE  # kept as text, never run
        assert HOSTILE in mail.outbox[0].body  # a plain-text email

    def test_a_closed_or_past_or_cancelled_event_takes_no_registration(self):
        for changes, message in [
            ({"registration_open": False}, "Registration for this meeting has closed."),
            (
                {"registration_closes_at": timezone.now() - datetime.timedelta(minutes=1)},
                "Registration for this meeting has closed.",
            ),
            ({"cancelled": True}, "This meeting has been cancelled"),
            (
                {
                    "start": days_from_now(-3),
                    "end": days_from_now(-3) + datetime.timedelta(hours=2),
                },
                "This meeting is over",
            ),
        ]:
            EventPage.objects.filter(pk=self.event.pk).update(
                registration_open=True,
                registration_closes_at=None,
                cancelled=False,
                start=days_from_now(10),
                end=days_from_now(10) + datetime.timedelta(hours=2),
            )
            EventPage.objects.filter(pk=self.event.pk).update(**changes)
            response = self.register()
            assert response.status_code == 200, changes
            assert message in error_summary(response), changes
            assert not EventRegistration.objects.exists(), changes
        assert mail.outbox == []

    def test_a_failing_mail_server_loses_no_registration_and_logs_no_address(self):
        with (
            unreachable_mail_server(),
            self.assertLogs("privacy.mail", level=logging.ERROR) as logs,
        ):
            response = self.register()
        self.assertContains(response, "Thank you")
        assert EventRegistration.objects.filter(email="sam@example.net").exists()
        assert "sam@example.net" not in "\n".join(logs.output)

    def test_honeypot_keeps_nothing(self):
        response = self.register(website="http://spam.example.net")
        self.assertContains(response, "Thank you")
        assert not EventRegistration.objects.exists()
        assert mail.outbox == []


class CancellationTests(EventTestCase):
    def test_cancelling_frees_the_place_for_the_first_on_the_waiting_list(self):
        registered = EventRegistration.objects.create(
            event=self.event,
            name="Kim",
            email="kim@example.net",
            status="confirmed",
            consent_text="I agree",
            consented_at=timezone.now(),
        )
        EventRegistrationFactory.create_batch(2, event=self.event)
        self.register()
        self.register(name="Alex Example", email="alex@example.net")
        mail.outbox.clear()
        link = local_path(
            f"http://localhost/events/fightback/cancel/?token={cancel_token(registered)}"
        )

        confirm = self.client.get(link)
        # Following the link (as a mail scanner does) cancels nothing: a button does.
        assert EventRegistration.objects.filter(pk=registered.pk).exists()
        self.assertContains(confirm, "Cancel my registration")

        token = soup_of(confirm).find("input", attrs={"name": "token"})["value"]
        done = self.client.post("/events/fightback/cancel/", {"token": token})
        self.assertContains(done, "Your registration is cancelled")
        assert not EventRegistration.objects.filter(pk=registered.pk).exists()

        sam = EventRegistration.objects.get(email="sam@example.net")
        alex = EventRegistration.objects.get(email="alex@example.net")
        assert (sam.status, alex.status) == ("confirmed", "waiting")
        (email,) = mail.outbox
        assert email.to == ["sam@example.net"]
        assert email.subject == "A place for you: Fightback meeting"
        assert JOINING_URL in email.body

        again = self.client.post("/events/fightback/cancel/", {"token": token})
        self.assertContains(again, "already been cancelled")
        assert len(mail.outbox) == 1

    def test_the_link_in_the_email_cancels(self):
        self.register()
        link = cancel_link(mail.outbox[0])
        page = self.client.get(local_path(link))
        token = soup_of(page).find("input", attrs={"name": "token"})["value"]
        self.client.post("/events/fightback/cancel/", {"token": token})
        assert not EventRegistration.objects.exists()

    def test_a_forged_or_altered_token_cancels_nothing(self):
        registration = EventRegistrationFactory(event=self.event)
        other = EventPageFactory(parent=self.index, slug="other")
        forged = signing.dumps({"r": registration.pk, "e": self.event.pk}, salt="another-salt")
        tampered = cancel_token(registration)[:-2] + "xx"
        for token in [forged, tampered, "", "<script>", "x" * 10_000]:
            response = self.client.post("/events/fightback/cancel/", {"token": token})
            assert response.status_code == 400, token
            self.assertContains(response, "This cancellation link is not valid", status_code=400)
        # A good token on another event's page does not cancel either.
        response = self.client.post(
            f"/events/{other.slug}/cancel/", {"token": cancel_token(registration)}
        )
        assert response.status_code == 400
        assert EventRegistration.objects.filter(pk=registration.pk).exists()


def test_the_551st_of_550_waits_and_moves_up_when_someone_cancels(client, db):
    home = make_site_home()
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, slug="fightback", capacity=550, joining_url=JOINING_URL)
    now = timezone.now()
    EventRegistration.objects.bulk_create(
        EventRegistration(
            event=event,
            name=f"Member {number}",
            email=f"member{number}@example.net",
            status="confirmed",
            consent_text="I agree",
            consented_at=now,
        )
        for number in range(550)
    )
    page = soup_of(client.get("/events/fightback/"))
    assert "550 registered: the meeting is full" in texts(page, ".event__places")[0]

    client.post("/events/fightback/register/", VISITOR)
    latecomer = EventRegistration.objects.get(email="sam@example.net")
    assert latecomer.status == "waiting"
    assert JOINING_URL not in mail.outbox[-1].body

    leaving = EventRegistration.objects.get(email="member7@example.net")
    mail.outbox.clear()
    client.post("/events/fightback/cancel/", {"token": cancel_token(leaving)})
    latecomer.refresh_from_db()
    assert latecomer.status == "confirmed"
    (email,) = mail.outbox
    assert email.to == ["sam@example.net"]
    assert JOINING_URL in email.body
    assert EventRegistration.objects.filter(event=event, status="confirmed").count() == 550

"""Behind the event pages: reminders from the worker, registrants told when a moderator
moves or cancels an event, who may read and export registrations, their deletion after
the event, and what the pages cost in queries."""

import csv
import datetime
import io

from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase, override_settings
from django.utils import timezone

import pytest

from directory.convenors import grant_convenor_access
from events.models import EventPage, EventRegistration
from events.organisers import safe_cell
from events.reminders import queue_due_reminders
from privacy.retention import purge_personal_data
from tests.support.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    EventRegistrationFactory,
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    days_from_now,
    make_member,
    make_site_home,
)
from tests.support.queries import count_queries

JOINING_URL = "https://zoom.example.net/j/777?pwd=registrants-only"
HOUR = datetime.timedelta(hours=1)


def backdate(registration, moment):
    EventRegistration.objects.filter(pk=registration.pk).update(created_at=moment)


class EventSiteTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.index = EventIndexPageFactory(parent=cls.home)
        cls.start = days_from_now(3)
        cls.event = EventPageFactory(
            parent=cls.index,
            slug="fightback",
            title="Fightback meeting",
            start=cls.start,
            end=cls.start + 2 * HOUR,
            joining_url=JOINING_URL,
            capacity=2,
        )


class ReminderTests(EventSiteTestCase):
    def test_the_day_before_and_the_hour_before_each_once_with_the_link(self):
        sam = EventRegistrationFactory(event=self.event, email="sam@example.net")
        waiting = EventRegistrationFactory(event=self.event, status="waiting")
        backdate(sam, self.start - 3 * datetime.timedelta(days=1))
        backdate(waiting, self.start - 3 * datetime.timedelta(days=1))

        assert queue_due_reminders(self.start - 25 * HOUR) == {"hour": 0, "day": 0}
        assert queue_due_reminders(self.start - 23 * HOUR) == {"hour": 0, "day": 1}
        (day,) = mail.outbox
        assert day.to == ["sam@example.net"]
        assert day.subject == "Tomorrow: Fightback meeting"
        assert JOINING_URL in day.body
        # The worker runs every minute: nothing is sent twice.
        assert queue_due_reminders(self.start - 23 * HOUR + datetime.timedelta(minutes=1)) == {
            "hour": 0,
            "day": 0,
        }
        assert queue_due_reminders(self.start - HOUR / 2) == {"hour": 1, "day": 0}
        assert mail.outbox[-1].subject == "In an hour: Fightback meeting"
        assert queue_due_reminders(self.start - HOUR / 4) == {"hour": 0, "day": 0}
        assert len(mail.outbox) == 2  # none to the waiting list

    def test_someone_registering_late_gets_only_the_reminders_still_ahead(self):
        late = EventRegistrationFactory(event=self.event)
        backdate(late, self.start - 5 * HOUR)
        assert queue_due_reminders(self.start - 4 * HOUR) == {"hour": 0, "day": 0}
        assert queue_due_reminders(self.start - HOUR / 2) == {"hour": 1, "day": 0}


# The worker commits and closes its connections as in production: no test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}})
def test_the_worker_queues_the_reminders_due_and_sends_them():
    home = make_site_home()
    index = EventIndexPageFactory(parent=home)
    start = timezone.now() + 20 * HOUR
    event = EventPageFactory(parent=index, start=start, end=start + 2 * HOUR)
    registration = EventRegistrationFactory(event=event)
    backdate(registration, start - datetime.timedelta(days=3))

    call_command("run_worker", "--once", stdout=io.StringIO())

    assert [message.subject for message in mail.outbox] == [f"Tomorrow: {event.title}"]
    registration.refresh_from_db()
    assert registration.day_reminder_sent_at is not None


class ChangesTests(EventSiteTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Published as a moderator does: the revision that later changes are compared with.
        cls.event.save_revision().publish()

    def test_moving_a_published_event_emails_every_registrant(self):
        EventRegistrationFactory(event=self.event, email="sam@example.net")
        EventRegistrationFactory(event=self.event)
        EventRegistrationFactory(event=self.event, email="alex@example.net", status="waiting")
        event = EventPage.objects.get(pk=self.event.pk)
        event.summary = "A new summary"
        event.save_revision().publish()
        assert mail.outbox == []  # nothing that matters to them changed

        event.start += datetime.timedelta(days=7)
        event.end += datetime.timedelta(days=7)
        event.save_revision().publish()
        moved = {message.to[0]: message for message in mail.outbox}
        assert len(moved) == 3
        assert {"sam@example.net", "alex@example.net"} < set(moved)
        assert moved["sam@example.net"].subject == "New time: Fightback meeting"
        assert JOINING_URL in moved["sam@example.net"].body
        assert JOINING_URL not in moved["alex@example.net"].body

    def test_cancelling_a_published_event_emails_every_registrant(self):
        EventRegistrationFactory(event=self.event, email="sam@example.net")
        event = EventPage.objects.get(pk=self.event.pk)
        event.cancelled = True
        event.save_revision().publish()
        (message,) = mail.outbox
        assert message.subject == "Cancelled: Fightback meeting"
        assert JOINING_URL not in message.body
        assert message.attachments == []

    def test_adding_places_gives_them_to_the_waiting_list(self):
        EventRegistrationFactory.create_batch(2, event=self.event)
        first = EventRegistrationFactory(event=self.event, status="waiting")
        second = EventRegistrationFactory(event=self.event, status="waiting")
        event = EventPage.objects.get(pk=self.event.pk)
        event.capacity = 3
        event.save_revision().publish()
        first.refresh_from_db()
        second.refresh_from_db()
        assert (first.status, second.status) == ("confirmed", "waiting")
        assert [message.to for message in mail.outbox] == [[first.email]]


class OrganiserAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.groups = LocalGroupIndexPageFactory(parent=cls.home)
        cls.newham = LocalGroupPageFactory(parent=cls.groups, slug="newham")
        cls.bristol = LocalGroupPageFactory(parent=cls.groups, slug="bristol")
        cls.event = EventPageFactory(parent=cls.newham, slug="newham-meeting")
        EventRegistrationFactory(
            event=cls.event,
            name='=HYPERLINK("http://evil.example.net")',
            email="sam@example.net",
            access_needs="+1 wheelchair space",
        )
        cls.url = f"/admin/events/{cls.event.pk}/registrations/"

    def test_moderators_and_the_groups_convenor_read_and_export_nobody_else(self):
        moderator = make_member("Moderators")
        editor = make_member("Editors")
        convenor, _created = grant_convenor_access(self.newham, "convenor@example.org")
        other_convenor, _created = grant_convenor_access(self.bristol, "other@example.org")
        for user, allowed in [
            (moderator, True),
            (convenor, True),
            (editor, False),
            (other_convenor, False),
        ]:
            client = Client()
            client.force_login(user)
            response = client.get(self.url)
            assert (response.status_code == 200) is allowed, user
            # The way there: a button in the event's header in the admin.
            edit_page = client.get(f"/admin/pages/{self.event.pk}/edit/")
            assert (self.url in edit_page.content.decode()) is allowed, user
            if allowed:
                assert b"sam@example.net" in response.content
            else:
                assert b"sam@example.net" not in response.content

    def test_the_csv_neutralises_formulas(self):
        client = Client()
        client.force_login(make_member("Moderators"))
        response = client.get(self.url + "?format=csv")
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        rows = list(csv.reader(io.StringIO(response.content.decode())))
        assert rows[0][:2] == ["name", "email"]
        assert rows[1][0] == '\'=HYPERLINK("http://evil.example.net")'
        assert rows[1][1] == "sam@example.net"
        assert rows[1][4] == "'+1 wheelchair space"

    def test_the_registrations_list_is_for_moderators_only(self):
        editor_client = Client()
        editor_client.force_login(make_member("Editors"))
        assert editor_client.get("/admin/event_registrations/").status_code in (302, 403)
        moderator_client = Client()
        moderator_client.force_login(make_member("Moderators"))
        response = moderator_client.get("/admin/event_registrations/")
        assert response.status_code == 200
        assert b"HYPERLINK" in response.content  # the registrant's name, as text


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+44 20", "'+44 20"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("Sam", "Sam"),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_cell(value, safe):
    assert safe_cell(value) == safe


@override_settings(EVENT_REGISTRATION_RETENTION_DAYS=30)
def test_registrations_are_deleted_thirty_days_after_the_event(db):
    home = make_site_home()
    index = EventIndexPageFactory(parent=home)
    ended_31_days_ago = EventPageFactory(
        parent=index, start=days_from_now(-31) - 2 * HOUR, end=days_from_now(-31)
    )
    ended_29_days_ago = EventPageFactory(
        parent=index, start=days_from_now(-29) - 2 * HOUR, end=days_from_now(-29)
    )
    upcoming = EventPageFactory(parent=index)
    old = EventRegistrationFactory(event=ended_31_days_ago)
    kept = EventRegistrationFactory(event=ended_29_days_ago)
    # Registered long ago for an event still ahead: kept, whatever its age.
    early = EventRegistrationFactory(event=upcoming, received_days_ago=400)

    assert purge_personal_data(dry_run=True)["event registrations"] == 1
    call_command("purge_personal_data", stdout=io.StringIO())
    assert set(EventRegistration.objects.values_list("pk", flat=True)) == {kept.pk, early.pk}
    assert not EventRegistration.objects.filter(pk=old.pk).exists()
    # The event pages themselves stay.
    assert EventPage.objects.filter(pk=ended_31_days_ago.pk).exists()


def test_a_bad_retention_setting_stops_start_up():
    from tests.support.environment import run_python

    result = run_python(
        "import django; django.setup()",
        "portal.settings.dev",
        EVENT_REGISTRATION_RETENTION_DAYS="thirty",
    )
    assert result.returncode != 0
    assert "EVENT_REGISTRATION_RETENTION_DAYS must be a whole number of days" in result.stderr


# The exact cost of the pages, the same with few events and registrations as with many.
EXPECTED_QUERIES = {
    # The page of events and their count, and the index itself (routing below the home
    # page's sections); the site, the home page, the index's translations (the language
    # switcher), menu, footer and settings come from the cache.
    "/events/": 3,
    "/events/past/": 3,
    # The event with its organiser (one query under the index) and one aggregate that
    # counts the places taken and waiting.
    "/events/fightback/": 2,
}


def add_events(index, count, start_days):
    for number in range(count):
        EventPageFactory(
            parent=index,
            slug=f"event-{start_days}-{number}",
            start=days_from_now(start_days + number % 20),
            end=days_from_now(start_days + number % 20) + 2 * HOUR,
        )


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_event_pages_cost_the_same_queries_with_many_events_and_registrations(client, db):
    home = make_site_home()
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, slug="fightback", capacity=600)
    add_events(index, 3, 2)
    add_events(index, 3, -40)
    EventRegistrationFactory.create_batch(3, event=event)
    few = {path: count_queries(client, path, warm=True) for path in EXPECTED_QUERIES}

    add_events(index, 40, 30)
    add_events(index, 40, -100)
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
    many = {path: count_queries(client, path, warm=True) for path in EXPECTED_QUERIES}
    assert few == many == EXPECTED_QUERIES


def event_form_data(**changes):
    from wagtail.test.utils.form_data import (
        inline_formset,
        nested_form_data,
        rich_text,
        streamfield,
    )

    return nested_form_data(
        {
            "title": "Street stall planning",
            "slug": "street-stall-planning",
            "summary": "Planning the stalls for the spring.",
            "start": "2027-03-25 19:00",
            "end": "2027-03-25 21:00",
            "attendance": "in-person",
            "venue": "Community hall",
            "access_notes": "",
            "description": rich_text("<p>All welcome.</p>"),
            "agenda": rich_text(""),
            "speakers": streamfield([]),
            "organiser": "",
            "capacity": "30",
            "registration_open": "on",
            "registration_closes_at": "",
            "joining_url": "",
            "livestream_url": "",
            "recording": streamfield([]),
            "report_url": "",
            "comments": inline_formset([]),
            **changes,
        }
    )


def test_a_convenor_adds_an_event_under_their_group_and_it_waits_for_a_moderator(client, db):
    from django.urls import reverse

    from wagtail.models import WorkflowState

    home = make_site_home()
    groups = LocalGroupIndexPageFactory(parent=home)
    newham = LocalGroupPageFactory(parent=groups, slug="newham")
    bristol = LocalGroupPageFactory(parent=groups, slug="bristol")
    convenor, _created = grant_convenor_access(newham, "convenor@example.org")
    client.force_login(convenor)

    add_url = reverse("wagtailadmin_pages:add", args=["events", "eventpage", newham.pk])
    assert client.get(add_url).status_code == 200
    client.post(add_url, event_form_data(**{"action-submit": "1"}))
    event = EventPage.objects.child_of(newham).get()
    assert not event.live
    assert event.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    # Stored in UTC: 19:00 in London on 25 March 2027 (GMT) is 19:00 UTC.
    assert event.start == datetime.datetime(2027, 3, 25, 19, tzinfo=datetime.UTC)
    assert client.get(f"/admin/events/{event.pk}/registrations/").status_code == 200

    # Not under another group.
    client.post(
        reverse("wagtailadmin_pages:add", args=["events", "eventpage", bristol.pk]),
        event_form_data(slug="intruder", **{"action-submit": "1"}),
    )
    assert not EventPage.objects.child_of(bristol).exists()


class PersonalDataTests(EventSiteTestCase):
    def test_registrations_are_in_the_subject_access_export_and_erasure_frees_the_place(self):
        from privacy.subject_access import erase_personal_data, export_personal_data

        sam = EventRegistrationFactory(event=self.event, email="sam@example.net")
        EventRegistrationFactory(event=self.event)
        waiting = EventRegistrationFactory(event=self.event, status="waiting")

        export = export_personal_data("SAM@example.net")
        (record,) = export["records"]["event registrations"]
        assert (record["name"], record["lawful_basis"]) == (sam.name, "consent")

        with self.captureOnCommitCallbacks(execute=True):
            counts, _pages = erase_personal_data("sam@example.net")
        assert counts == {"event registrations": 1}
        waiting.refresh_from_db()
        assert waiting.status == "confirmed"
        assert [message.to for message in mail.outbox] == [[waiting.email]]

    def test_every_email_has_the_withdrawal_link_and_reading_them_is_audited(self):
        from wagtail.models import ModelLogEntry

        self.client.post(
            "/events/fightback/register/",
            {"name": "Sam Example", "email": "sam@example.net", "consent": "on"},
        )
        (email,) = mail.outbox
        assert "http://testserver/consent/withdraw/" in email.body

        moderator = make_member("Moderators")
        self.client.force_login(moderator)
        self.client.get(f"/admin/events/{self.event.pk}/registrations/")
        self.client.get(f"/admin/events/{self.event.pk}/registrations/?format=csv")
        entries = ModelLogEntry.objects.filter(
            user=moderator, content_type__model="eventregistration"
        )
        assert sorted(entries.values_list("action", flat=True)) == [
            "privacy.export",
            "privacy.view",
        ]
        assert not [entry for entry in entries if "@" in entry.label or "Sam" in entry.label]

"""The demo's meetings: one full with a waiting list, one in person, one past with its
recording and report; nothing private on the pages; running it again changes nothing."""

from io import StringIO

from django.core.management import call_command

import pytest

from events.models import EventPage, EventRegistration
from tests.support.html import soup_of, texts

pytestmark = pytest.mark.django_db


def load_demo():
    call_command("load_demo", stdout=StringIO())


def test_the_demo_meetings(client):
    load_demo()
    soup = soup_of(client.get("/events/"))
    assert texts(soup, ".event-card__title") == [
        "Open online meeting: organising after the suspensions",
        "Members' meeting: street stalls and housing",
    ]
    upcoming = soup_of(client.get("/events/open-meeting/"))
    assert "40 registered: the meeting is full" in texts(upcoming, ".event__places")[0]
    assert EventRegistration.objects.filter(status="waiting").count() == 6
    # Invented people only, and their names are never on a page.
    assert set(EventRegistration.objects.values_list("email", flat=True)) == {
        f"member{number}@example.net" for number in range(1, 47)
    }
    assert "Demo member" not in client.get("/events/open-meeting/").content.decode()
    assert b"meet.example.net" not in client.get("/events/open-meeting/").content

    local = soup_of(client.get("/groups/newham/newham-members-meeting/"))
    assert "Step-free entrance" in local.select_one(".event__facts").get_text()
    assert "Members' meeting: street stalls and housing" in texts(
        soup_of(client.get("/groups/newham/")), "h3"
    )

    past = soup_of(client.get("/events/past/"))
    assert texts(past, ".event-card__title") == ["Fightback: the network's first open meeting"]
    fightback = soup_of(client.get("/events/fightback/"))
    assert fightback.find("a", string="Read the report of the meeting")
    assert fightback.select_one("figure.video")  # the recording (a link without oEmbed)

    home = soup_of(client.get("/"))
    assert home.select_one(".next-meeting a")["href"] == "/events/open-meeting/"


def test_running_the_demo_twice_adds_no_meeting_or_registration():
    load_demo()
    counts = (EventPage.objects.count(), EventRegistration.objects.count())
    load_demo()
    assert (EventPage.objects.count(), EventRegistration.objects.count()) == counts

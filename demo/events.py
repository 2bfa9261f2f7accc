"""Demo meetings for `load_demo`, modelled on the network's open meetings: an upcoming
online meeting that is full with a waiting list, a local group's meeting in person, and
the first "fightback" meeting, past, with its recording and report.

The registrants are invented (example.net addresses); the real first meeting had more
than 550 registrations, the demo a smaller meeting that shows the same waiting list.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from wagtail.models import Locale

from directory.models import LocalGroupPage
from events.models import EventIndexPage, EventPage, EventRegistration
from workinggroups.models import WorkingGroupPage

from .blog import DEMO_MEETING_VIDEO_URL
from .publishing import publish_child

LONDON = ZoneInfo("Europe/London")
UPCOMING_CAPACITY = 40
UPCOMING_REGISTRANTS = 46  # six on the waiting list
DEMO_CONSENT = "I agree that the network keeps my name and email address (demo record)."


def evening(days_ahead, hour=19):
    """`hour` o'clock in London, `days_ahead` days from today (in UTC, as stored)."""
    day = timezone.localdate() + timedelta(days=days_ahead)
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def ensure_events(home, created):
    """Create the events index, the three meetings and the registrations that are missing."""
    index = EventIndexPage.objects.child_of(home).filter(locale=Locale.get_default()).first()
    if index is None:
        index = EventIndexPage(
            title="Meetings and events",
            slug="events",
            intro="Open meetings of the whole network, and the meetings of its local and "
            "working groups. Anyone who shares our aims is welcome.",
        )
        publish_child(home, index, created, "events index")

    press = WorkingGroupPage.objects.filter(slug="press").first()
    if not EventPage.objects.filter(slug="open-meeting").exists():
        start = evening(14)
        event = EventPage(
            title="Open online meeting: organising after the suspensions",
            slug="open-meeting",
            summary="Reports from the shadow CLPs and the working groups, and what we do next.",
            start=start,
            end=start + timedelta(hours=2),
            attendance=EventPage.ONLINE,
            access_notes="Live captions. Speakers describe their slides. Join by phone too.",
            description="<p>Our monthly open meeting. Convenors of the shadow CLPs and of "
            "the working groups report, then the meeting discusses the next campaign.</p>",
            agenda="<ol><li>Welcome</li><li>Reports from the local groups</li><li>Reports "
            "from the working groups</li><li>Discussion and decisions</li></ol>",
            speakers=[
                ("speaker", {"name": "A shadow CLP convenor", "role": "Newham shadow CLP"}),
                ("speaker", {"name": "The press officer", "role": "Press working group"}),
            ],
            organiser=press,
            capacity=UPCOMING_CAPACITY,
            joining_url="https://meet.example.net/j/1234567890?pwd=demo-only",
            livestream_url="https://stream.example.net/labour-in-exile",
        )
        publish_child(index, event, created, "an upcoming online meeting")
        now = timezone.now()
        EventRegistration.objects.bulk_create(
            EventRegistration(
                event=event,
                name=f"Demo member {number + 1}",
                email=f"member{number + 1}@example.net",
                status=(
                    EventRegistration.CONFIRMED
                    if number < UPCOMING_CAPACITY
                    else EventRegistration.WAITING
                ),
                consent_text=DEMO_CONSENT,
                consented_at=now,
            )
            for number in range(UPCOMING_REGISTRANTS)
        )
        created.append(f"{UPCOMING_REGISTRANTS} demo registrations with a waiting list")

    newham = LocalGroupPage.objects.filter(slug="newham").first()
    if newham is not None and not EventPage.objects.filter(slug="newham-members-meeting").exists():
        start = evening(21, hour=18)
        event = EventPage(
            title="Members' meeting: street stalls and housing",
            slug="newham-members-meeting",
            summary="Planning the street stalls and the housing campaign for the spring.",
            start=start,
            end=start + timedelta(hours=2),
            attendance=EventPage.IN_PERSON,
            venue="Community hall (demo)\n1 Example Road\nLondon E13",
            access_notes="Step-free entrance from the car park; hearing loop; accessible "
            "toilet on the ground floor.",
            description="<p>Every member in the borough is welcome.</p>",
            organiser=newham,
            capacity=60,
        )
        publish_child(newham, event, created, "a local group's meeting in person")

    if not EventPage.objects.filter(slug="fightback").exists():
        start = evening(-90)
        event = EventPage(
            title="Fightback: the network's first open meeting",
            slug="fightback",
            summary="More than 550 registered and about 1,500 watched: speakers from the "
            "local groups, and the launch of eight working groups.",
            start=start,
            end=start + timedelta(hours=2, minutes=30),
            attendance=EventPage.ONLINE,
            description="<p>The meeting that started the network: members from suspended "
            "local parties met online to organise together.</p>",
            agenda="<ol><li>Why we are here</li><li>Speakers from the local groups</li>"
            "<li>Launching the working groups</li><li>Questions and next steps</li></ol>",
            speakers=[("speaker", {"name": "Convenors of the local groups", "role": ""})],
            registration_open=False,
            recording=[("video", DEMO_MEETING_VIDEO_URL)],
            report_url="https://example.org/reports/fightback-meeting.pdf",
        )
        publish_child(index, event, created, "the first fightback meeting, with its recording")
    return index

"""No overbooking under load: fifty people registering at the same moment for the last ten
places of a meeting, against a real server (threads, one PostgreSQL connection each)."""

import threading
import urllib.parse
import urllib.request

from django.core.servers.basehttp import ThreadedWSGIServer
from django.test import override_settings
from django.test.testcases import LiveServerThread, _StaticFilesHandler
from django.utils import timezone

import pytest

from events.models import EventRegistration
from tests.support.factories import EventIndexPageFactory, EventPageFactory, make_site_home

CAPACITY = 550
ALREADY_REGISTERED = 540
CONCURRENT = 50


class RoomyServer(ThreadedWSGIServer):
    # Room in the listen queue for every request at once (socketserver's default is 5;
    # a full queue resets connections): the requests themselves are what the test races.
    request_queue_size = 128


class RoomyServerThread(LiveServerThread):
    server_class = RoomyServer


@pytest.fixture
def server_url():
    thread = RoomyServerThread("127.0.0.1", _StaticFilesHandler)
    thread.daemon = True
    thread.start()
    thread.is_ready.wait()
    if thread.error:
        raise thread.error
    yield f"http://127.0.0.1:{thread.port}"
    thread.terminate()


def registration_request(base_url, number):
    """A registration as a browser sends it: from the site's own page (its Origin, which
    the CSRF protection of public forms checks), each from its own visitor address (one
    proxy trusted), as fifty people's would be."""
    data = urllib.parse.urlencode(
        {"name": f"Latecomer {number}", "email": f"latecomer{number}@example.net", "consent": "on"}
    ).encode()
    return urllib.request.Request(
        f"{base_url}/events/fightback/register/",
        data=data,
        headers={
            "Origin": base_url,
            "X-Forwarded-For": f"10.0.{number // 250}.{number % 250 + 1}",
        },
    )


# The server's threads see only what is committed: no test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(TRUSTED_PROXY_COUNT=1)
def test_fifty_concurrent_registrations_for_the_last_ten_places_fill_exactly_ten(server_url):
    home = make_site_home()
    index = EventIndexPageFactory(parent=home)
    event = EventPageFactory(parent=index, slug="fightback", capacity=CAPACITY)
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
        for number in range(ALREADY_REGISTERED)
    )
    prepared = [registration_request(server_url, number) for number in range(CONCURRENT)]
    start_together = threading.Barrier(CONCURRENT)
    statuses, errors = [], []

    def post(request):
        start_together.wait()
        try:
            with urllib.request.urlopen(request, timeout=120) as response:
                statuses.append(response.status)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(repr(error))

    threads = [threading.Thread(target=post, args=(request,)) for request in prepared]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert statuses == [200] * CONCURRENT
    latecomers = EventRegistration.objects.filter(email__startswith="latecomer")
    assert latecomers.count() == CONCURRENT
    assert latecomers.filter(status="confirmed").count() == CAPACITY - ALREADY_REGISTERED
    assert latecomers.filter(status="waiting").count() == CONCURRENT - (
        CAPACITY - ALREADY_REGISTERED
    )
    assert EventRegistration.objects.filter(event=event, status="confirmed").count() == CAPACITY

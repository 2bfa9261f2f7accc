"""Generated hostile input against the registration form, the cancel link and the event
listings: a page or a message every time, never a server error or live markup, and a
refused registration keeps nothing (hypothesis, about 240 requests a run)."""

import datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from events.models import EventRegistration
from tests.support.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    days_from_now,
    make_site_home,
)

MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
HOSTILE = MARKUP + [
    "\x00",
    "%00",
    "' OR 1=1 --",
    '"; DROP TABLE events_eventregistration; --',
    "{{ 7*7 }}",
    '=HYPERLINK("http://x")',
    "E13 \x00",
    "😀" * 50,
    "\u202e\u200b",
    "a" * 5000,
    "-1",
]
any_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=200),
    st.sampled_from(HOSTILE),
)
addresses = st.ip_addresses(v=4).map(str)
EXAMPLES = 60
fuzz = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
)


class FuzzedEventRequestsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_home()
        index = EventIndexPageFactory(parent=home)
        EventPageFactory(
            parent=index,
            slug="fightback",
            capacity=5,
            start=days_from_now(5),
            end=days_from_now(5) + datetime.timedelta(hours=2),
        )

    def assert_answered(self, response, sent):
        assert response.status_code < 500, sent
        body = response.content.decode(errors="replace")
        for markup in MARKUP:
            if markup in sent:
                assert markup not in body, "typed markup came back unescaped"

    @fuzz
    @given(
        name=any_text,
        email=st.one_of(any_text, st.emails()),
        district=any_text,
        needs=any_text,
        consent=st.booleans(),
        ip=addresses,
    )
    def test_registration_form(self, name, email, district, needs, consent, ip):  # noqa: PLR0913
        data = {"name": name, "email": email, "postcode_district": district, "access_needs": needs}
        if consent:
            data["consent"] = "on"
        before = EventRegistration.objects.count()
        response = self.client.post("/events/fightback/register/", data, REMOTE_ADDR=ip)
        sent = " ".join(data.values())
        self.assert_answered(response, sent)
        assert response.status_code in (200, 429), sent
        if response.status_code == 429 or b"error-summary" in response.content:
            assert EventRegistration.objects.count() == before, "a refused form kept something"

    @fuzz
    @given(token=any_text, page=any_text)
    def test_cancel_link_and_listings(self, token, page):
        for response in (
            self.client.get("/events/fightback/cancel/", {"token": token}),
            self.client.post("/events/fightback/cancel/", {"token": token}),
            self.client.get("/events/", {"page": page}),
            self.client.get("/events/past/", {"page": page}),
        ):
            self.assert_answered(response, token + page)
        assert EventRegistration.objects.count() == 0

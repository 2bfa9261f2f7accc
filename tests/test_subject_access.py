"""A person's rights over what they sent: a copy of everything held for their address,
its erasure, withdrawal of consent from any email, and a record of who read it."""

import io
import json
import re

from django.core import mail
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import ModelLogEntry

from directory.models import GroupMessage, GroupRegistration, LocalGroupPage
from home.models import ContactPage, StandardPage
from tests.support.factories import make_member
from workinggroups.models import Aim, GroupProposal, JoinRequest

SAM = "sam@example.net"
OTHER = "robin@example.net"
NOTHING_HELD = {"join": 0, "message": 0, "proposal": 0, "registration": 0, "contact": 0}
ONE_OF_EACH = {"join": 1, "message": 1, "proposal": 1, "registration": 1, "contact": 1}


class SubjectAccessTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())
        cls.group = LocalGroupPage.objects.live().get(slug="newham")
        cls.contact = ContactPage.objects.get()
        # A page that names Sam: the network's words, which only a moderator may change.
        cls.page_naming_sam = StandardPage.objects.get(slug="about", locale__language_code="en")
        cls.page_naming_sam.intro = f"Write to our volunteer at {SAM}."
        cls.page_naming_sam.save_revision()

    def setUp(self):
        for email, name in [(SAM, "Sam Example"), (OTHER, "Robin")]:
            self.send_everything(email, name)
        mail.outbox.clear()

    def send_everything(self, email, name):
        consent = self.contact.form_fields.get(field_type="checkbox").clean_name
        posts = [
            (
                "/contact/",
                {
                    "your_name": name,
                    "your_email_address": email,
                    "your_message": "Hello",
                    consent: "on",
                },
            ),
            (
                "/working-groups/press/join/",
                {"name": name, "email": email, "message": "", "consent": "on"},
            ),
            (
                f"{self.group.url}contact/",
                {"name": name, "email": email, "message": "When?", "consent": "on"},
            ),
            (
                "/working-groups/propose/",
                {
                    "group_name": f"Housing {name}",
                    "aim": Aim.objects.filter(locale__language_code="en").first().pk,
                    "proposal": "A group on housing.",
                    "proposer_name": name,
                    "proposer_email": email,
                    "consent": "on",
                },
            ),
            (
                "/groups/register/",
                {
                    "title": f"Test Town group {name}",
                    "kind": LocalGroupPage.KIND_CHOICES[0][0],
                    "constituencies": "Test Town",
                    "postcode_district": "BS10",
                    "party_status": LocalGroupPage.PARTY_STATUS_CHOICES[0][0],
                    "description": "We meet monthly.",
                    "contact_name": name,
                    "contact_email": email,
                    "consent": "on",
                },
            ),
        ]
        for path, data in posts:
            response = self.client.post(path, data, REMOTE_ADDR=f"192.0.2.{len(name)}")
            self.assertEqual(response.status_code, 200, path)
            self.assertNotIn(b"error-summary", response.content, path)

    def held_for(self, email):
        return {
            "join": JoinRequest.objects.filter(email=email).count(),
            "message": GroupMessage.objects.filter(email=email).count(),
            "proposal": GroupProposal.objects.filter(proposer_email=email).count(),
            "registration": GroupRegistration.objects.filter(contact_email=email).count(),
            "contact": sum(
                email in submission.form_data.values()
                for submission in FormSubmission.objects.all()
            ),
        }

    def test_the_export_holds_every_record_of_the_address_and_the_pages_naming_it(self):
        output = io.StringIO()
        call_command("export_personal_data", "SAM@example.net", stdout=output)
        export = json.loads(output.getvalue())
        records = export["records"]
        self.assertEqual(
            sorted(records),
            [
                "contact form submissions",
                "local group registrations",
                "messages to local groups",
                "requests to join working groups",
                "working group proposals",
            ],
        )
        self.assertEqual(records["requests to join working groups"][0]["name"], "Sam Example")
        self.assertEqual(records["messages to local groups"][0]["message"], "When?")
        self.assertEqual(records["working group proposals"][0]["lawful_basis"], "consent")
        self.assertNotIn(OTHER, output.getvalue())
        self.assertEqual(
            [page["page_id"] for page in export["pages_mentioning_this_address"]],
            [self.page_naming_sam.pk],
        )
        exported = ModelLogEntry.objects.filter(action="privacy.export")
        self.assertEqual(exported.count(), 5)

    def test_erasure_deletes_every_record_of_the_address_and_nothing_else(self):
        output = io.StringIO()
        call_command("erase_personal_data", SAM, "--noinput", stdout=output)
        self.assertEqual(self.held_for(SAM), NOTHING_HELD)
        self.assertEqual(self.held_for(OTHER), ONE_OF_EACH)
        # The page is listed for a moderator, never changed.
        self.assertIn(f"page {self.page_naming_sam.pk}", output.getvalue())
        self.assertIn(SAM, self.page_naming_sam.get_latest_revision().content["intro"])
        erased = ModelLogEntry.objects.filter(action="privacy.erase")
        self.assertEqual(erased.count(), 5)
        self.assertFalse([entry for entry in erased if "@" in entry.label])

    def test_superusers_alone_answer_requests_in_the_admin(self):
        url = reverse("privacy_personal_data")
        self.client.force_login(make_member("Moderators"))
        refused = self.client.get(url)
        self.assertIn(refused.status_code, (302, 403))
        self.assertNotContains(refused, "Export as JSON", status_code=refused.status_code)
        self.assertEqual(self.client.post(url, {"email": SAM, "action": "export"}).status_code, 302)

        self.client.force_login(make_member("superuser", username="admin-user"))
        counted = self.client.post(url, {"email": SAM, "action": "count"})
        self.assertContains(counted, "requests to join working groups: 1")
        export = self.client.post(url, {"email": SAM, "action": "export"})
        self.assertEqual(export["Content-Type"], "application/json; charset=utf-8")
        self.assertIn("attachment", export["Content-Disposition"])
        self.assertIn("Sam Example", export.content.decode())

        unconfirmed = self.client.post(url, {"email": SAM, "action": "erase"})
        self.assertContains(unconfirmed, "Tick this box to erase.")
        self.assertEqual(self.held_for(SAM)["join"], 1)
        self.client.post(url, {"email": SAM, "action": "erase", "confirm_erasure": "on"})
        self.assertEqual(self.held_for(SAM), NOTHING_HELD)

    def test_every_reading_of_personal_records_is_in_the_audit_log(self):
        moderator = make_member("Moderators")
        self.client.force_login(moderator)
        join_request = JoinRequest.objects.get(email=SAM)
        self.client.get(reverse("joinrequest:index"))
        self.client.get(reverse("joinrequest:inspect", args=[join_request.pk]))
        self.client.get(f"/admin/forms/submissions/{self.contact.pk}/")
        read = ModelLogEntry.objects.filter(action="privacy.view", user=moderator)
        join_reads = read.filter(content_type__model="joinrequest", object_id=str(join_request.pk))
        self.assertEqual(join_reads.count(), 2)
        self.assertFalse([entry for entry in read if "@" in entry.label or "Sam" in entry.label])
        self.assertTrue(read.filter(content_type__model="formsubmission").exists())
        # Superusers find it in Reports › Site history.
        self.client.force_login(make_member("superuser", username="admin-user"))
        history = self.client.get(
            reverse("wagtailadmin_reports:site_history"), {"action": "privacy.view"}
        ).content.decode()
        self.assertTrue("Personal data read" in history, "not in Site history")
        self.assertTrue("join a working group #" in history, "not in Site history")

    def test_consent_is_withdrawn_from_the_link_in_any_email(self):
        self.client.post(
            "/working-groups/press/join/",
            {"name": "Sam", "email": "new@example.net", "message": "", "consent": "on"},
        )
        [confirmation] = [message for message in mail.outbox if message.to == ["new@example.net"]]
        link = re.search(r"http://testserver(/consent/withdraw/\S+/)", confirmation.body).group(1)
        # Opening the link (as a mail scanner does) deletes nothing.
        self.assertContains(self.client.get(link), "Delete what I sent")
        self.assertEqual(JoinRequest.objects.filter(email="new@example.net").count(), 1)
        done = self.client.post(link, {"confirm": "on"})
        self.assertContains(done, "has been deleted")
        self.assertFalse(JoinRequest.objects.filter(email="new@example.net").exists())
        # The same answer for an address with nothing held: the link tells nobody anything.
        again = self.client.post(link, {"confirm": "on"})
        self.assertEqual(done.content, again.content)

    def test_a_forged_or_damaged_link_is_refused_with_a_message(self):
        for token in ["forged", "bmV3QGV4YW1wbGUubmV0:1abc:xyz", "a" * 500]:
            response = self.client.get(f"/consent/withdraw/{token}/")
            self.assertContains(response, "This link is not valid", status_code=400)
        self.assertEqual(self.held_for(SAM)["join"], 1)

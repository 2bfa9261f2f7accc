"""The contact form: the visitor's message reaches the network, and only moderators see it."""

import logging

from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import TestCase

from wagtail.contrib.forms.models import FormSubmission

from home.models import ContactPage
from privacy.spam import RATE_LIMIT_POSTS
from tests.support.factories import make_site_home
from tests.support.network import unreachable_mail_server

VISITOR = {
    "your_name": "Sam Example",
    "your_email_address": "sam@example.net",
    "your_message": "How do I start a shadow CLP in Plymouth?",
}


class ContactFormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.page = ContactPage.objects.get()
        cls.consent_field = cls.page.form_fields.get(field_type="checkbox").clean_name

    def post(self, **changes):
        data = {**VISITOR, self.consent_field: "on", **changes}
        return self.client.post("/contact/", {k: v for k, v in data.items() if v is not None})

    def test_form_shows_labelled_fields(self):
        response = self.client.get("/contact/")
        self.assertContains(response, '<label for="id_your_email_address">')
        self.assertContains(response, "(required)")

    def test_message_is_emailed_to_the_network_and_kept_for_moderators(self):
        response = self.post()
        self.assertContains(response, "Thank you for writing to us")
        self.assertEqual(len(mail.outbox), 1)
        message = mail.outbox[0]
        self.assertEqual(message.to, ["contact@example.org"])
        self.assertEqual(message.reply_to, ["sam@example.net"])
        self.assertIn("How do I start a shadow CLP in Plymouth?", message.body)
        submission = FormSubmission.objects.get(page=self.page)
        self.assertEqual(submission.get_data()["your_name"], "Sam Example")

    def test_bad_input_is_explained_and_nothing_typed_is_lost(self):
        response = self.post(your_email_address="not an address", **{self.consent_field: None})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Please correct the following")
        self.assertContains(response, "Enter a valid email address.")
        self.assertContains(response, 'value="Sam Example"')
        self.assertContains(response, 'value="not an address"')
        self.assertContains(response, "How do I start a shadow CLP in Plymouth?")
        self.assertContains(response, 'aria-invalid="true"')
        self.assertEqual(len(mail.outbox), 0)
        self.assertFalse(FormSubmission.objects.exists())

    def test_hostile_input_is_shown_as_text_never_run(self):
        self.post(your_message="<script>alert('x')</script>")
        submission = FormSubmission.objects.get()
        self.assertEqual(submission.get_data()["your_message"], "<script>alert('x')</script>")
        self.assertNotIn("<script>", self.client.get("/contact/").content.decode())

    def test_a_failing_mail_server_loses_nothing_and_logs_no_personal_data(self):
        with (
            unreachable_mail_server(),
            self.assertLogs("privacy.mail", level=logging.ERROR) as logs,
        ):
            response = self.post()
        self.assertContains(response, "Thank you for writing to us")
        self.assertTrue(FormSubmission.objects.exists())
        log_text = "\n".join(logs.output)
        self.assertIn("Could not e-mail the contact form message", log_text)
        for personal in VISITOR.values():
            self.assertNotIn(personal, log_text)

    def test_a_program_filling_the_honeypot_is_thanked_and_ignored(self):
        response = self.post(website="https://spam.example.com/")
        self.assertContains(response, "Thank you for writing to us")
        self.assertFalse(FormSubmission.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_the_honeypot_is_never_part_of_the_message(self):
        response = self.client.get("/contact/")
        self.assertContains(response, "Leave this field empty")
        self.post()
        self.assertNotIn("website", FormSubmission.objects.get().get_data())
        self.assertNotIn("Leave this field empty", mail.outbox[0].body)

    def test_too_many_messages_from_one_address_get_429_and_keep_what_was_typed(self):
        for _message in range(RATE_LIMIT_POSTS):
            self.assertEqual(self.post().status_code, 200)
        response = self.post(your_message="One more question")
        self.assertEqual(response.status_code, 429)
        self.assertContains(response, "Please try again later", status_code=429)
        self.assertContains(response, "One more question", status_code=429)
        self.assertEqual(FormSubmission.objects.count(), RATE_LIMIT_POSTS)
        # Another address is not affected.
        other = self.client.post(
            "/contact/",
            {**VISITOR, self.consent_field: "on"},
            REMOTE_ADDR="192.0.2.7",
        )
        self.assertEqual(other.status_code, 200)


class ContactSubmissionsAccessTests(TestCase):
    """Submissions hold personal data: editors may not read them, moderators may."""

    @classmethod
    def setUpTestData(cls):
        from django.contrib.auth import get_user_model

        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.page = ContactPage.objects.get()
        FormSubmission.objects.create(
            page=cls.page, form_data={"your_name": "Sam Example", "your_message": "Hello"}
        )
        User = get_user_model()
        cls.editor = User.objects.create_user("editor", password="pw")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.moderator = User.objects.create_user("moderator", password="pw")
        cls.moderator.groups.add(Group.objects.get(name="Moderators"))

    def test_editor_cannot_list_or_open_submissions(self):
        self.client.force_login(self.editor)
        forms_index = self.client.get("/admin/forms/")
        self.assertNotContains(forms_index, "Contact us", status_code=200)
        response = self.client.get(f"/admin/forms/submissions/{self.page.pk}/")
        self.assertNotContains(response, "Sam Example", status_code=response.status_code)
        self.assertIn(response.status_code, (302, 403))

    def test_moderator_reads_submissions(self):
        self.client.force_login(self.moderator)
        response = self.client.get(f"/admin/forms/submissions/{self.page.pk}/")
        self.assertContains(response, "Sam Example")


def test_without_any_address_the_message_is_kept_and_nothing_sent(db):
    home = make_site_home()
    page = ContactPage(title="Contact", slug="contact-us")
    home.add_child(instance=page)
    page.form_fields.create(label="Your message", field_type="multiline", required=True)
    page.save_revision().publish()

    from django.test import Client

    response = Client().post("/contact-us/", {"your_message": "Hello"})
    assert response.status_code == 200
    assert FormSubmission.objects.filter(page=page).count() == 1
    assert mail.outbox == []

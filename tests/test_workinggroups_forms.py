"""The join and proposal forms: what a visitor sends reaches the right people, bad input is
explained without losing what was typed, and spam is stopped."""

import logging

from django.core import mail
from django.test import Client, TestCase, override_settings

from wagtail.models import Revision, WorkflowState

from bs4 import BeautifulSoup

from privacy.spam import RATE_LIMIT_POSTS
from tests.support.factories import (
    AimFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    make_site_home,
)
from tests.support.network import unreachable_mail_server
from workinggroups.forms import PROPOSAL_WORD_LIMIT
from workinggroups.models import GroupProposal, JoinRequest, WorkingGroupPage

PRIVATE_ADDRESS = "press-private@example.org"
JOINER = {"name": "Sam Example", "email": "sam@example.net", "message": "I can write."}
NON_LATIN_NAME = "Σωκράτης 李小龍 محمد"
HOSTILE = "<script>alert('x')</script><b>bold</b>"


def words(count):
    return " ".join(f"word{number}" for number in range(count))


def field_value(response, name):
    soup = BeautifulSoup(response.content, "html.parser")
    element = soup.find(attrs={"name": name})
    return element.get_text() if element.name == "textarea" else element.get("value", "")


def error_summary(response):
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.find(class_="error-summary")
    return summary.get_text(" ", strip=True) if summary else ""


def page_main_text(response):
    """What a visitor reads in the page's main content."""
    return BeautifulSoup(response.content, "html.parser").find("main").get_text(" ", strip=True)


class WorkingGroupFormTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.index_page = WorkingGroupIndexPageFactory(parent=cls.home)
        cls.aim = AimFactory(name="Campaigning in communities")
        cls.group = WorkingGroupPageFactory(
            parent=cls.index_page, title="Press", slug="press", contact_email=PRIVATE_ADDRESS
        )


class JoinFormTests(WorkingGroupFormTestCase):
    def join(self, client=None, **changes):
        data = {**JOINER, "consent": "on", **changes}
        return (client or self.client).post(
            "/working-groups/press/join/", {k: v for k, v in data.items() if v is not None}
        )

    def test_request_goes_to_the_group_is_kept_and_confirmed(self):
        response = self.join()
        self.assertContains(response, "Thank you")
        self.assertContains(response, "Your request to join Press has been passed")

        join_request = JoinRequest.objects.get()
        assert (join_request.group, join_request.name, join_request.email) == (
            self.group.specific,
            "Sam Example",
            "sam@example.net",
        )
        assert join_request.consent_text.startswith("I agree that the network keeps my name")
        assert join_request.consented_at is not None

        to_group, to_visitor = mail.outbox
        assert to_group.to == [PRIVATE_ADDRESS]
        assert to_group.reply_to == ["sam@example.net"]
        assert "I can write." in to_group.body
        assert join_request.consent_text in to_group.body
        assert to_visitor.to == ["sam@example.net"]
        assert "Press" in to_visitor.subject
        # Nothing the visitor typed comes back in the confirmation: the form cannot be used
        # to send a stranger a message of someone else's choosing.
        assert "I can write." not in to_visitor.body
        assert PRIVATE_ADDRESS not in to_visitor.message().as_string()

    def test_without_a_group_address_requests_go_to_the_network(self):
        from home.models import OrganisationSettings

        settings_for_site = OrganisationSettings.for_site(self.home.get_site())
        settings_for_site.contact_email = "contact@example.org"
        settings_for_site.save()
        WorkingGroupPage.objects.filter(pk=self.group.pk).update(contact_email="")
        self.join()
        assert mail.outbox[0].to == ["contact@example.org"]

    def test_empty_form_is_explained_and_nothing_is_kept(self):
        response = self.join(name="", email="", message="", consent=None)
        assert response.status_code == 200
        summary = error_summary(response)
        assert "Your name: This field is required." in summary
        assert "Your email address: This field is required." in summary
        assert "Please tick this box to agree" in summary
        self.assertContains(response, 'aria-invalid="true"')
        assert not JoinRequest.objects.exists()
        assert mail.outbox == []

    def test_over_long_input_is_refused_and_kept_in_the_form(self):
        long_message = words(10_000)
        response = self.join(name="N" * 500, email="not an address", message=long_message)
        summary = error_summary(response)
        assert "at most 120 characters" in summary
        assert "Enter a valid email address." in summary
        assert "at most 2000 characters" in summary
        assert field_value(response, "name") == "N" * 500
        assert field_value(response, "email") == "not an address"
        assert field_value(response, "message").strip() == long_message
        assert not JoinRequest.objects.exists()

    def test_asking_twice_keeps_one_request_and_tells_only_the_address(self):
        first = self.join()
        mail.outbox.clear()
        again = self.join(email="SAM@example.net", message="Me again")
        assert JoinRequest.objects.count() == 1
        # Only the address's owner learns that it asked before; the group hears nothing.
        [reminder] = mail.outbox
        assert reminder.to == ["sam@example.net"]
        assert "We already have your earlier request" in reminder.body
        assert "Me again" not in reminder.body
        # Whoever typed it sees the same page as for a first request.
        assert page_main_text(again) == page_main_text(first)

    def test_the_answer_never_tells_whether_someone_asked_to_join(self):
        # An outsider types a member's address: the page is the same as for an address
        # that never asked, so the form cannot be used to learn who is in the group.
        self.join(email="member@example.net")
        asked_before = self.join(email="member@example.net", name="Outsider")
        never_asked = self.join(email="stranger@example.net", name="Outsider")
        assert asked_before.status_code == never_asked.status_code == 200
        assert page_main_text(asked_before) == page_main_text(never_asked)

    def test_hostile_and_non_latin_input_is_kept_as_text_never_run(self):
        response = self.join(name=NON_LATIN_NAME, message=HOSTILE)
        assert response.status_code == 200
        join_request = JoinRequest.objects.get()
        assert join_request.name == NON_LATIN_NAME
        assert join_request.message == HOSTILE
        assert NON_LATIN_NAME in mail.outbox[0].body

        # Shown again after an error, the markup is escaped.
        response = self.join(name=HOSTILE, email="", message=HOSTILE)
        assert "<script>" not in response.content.decode()
        assert field_value(response, "name") == HOSTILE

    def test_a_failing_mail_server_loses_nothing_and_logs_no_personal_data(self):
        with (
            unreachable_mail_server(),
            self.assertLogs("privacy.mail", level=logging.ERROR) as logs,
        ):
            response = self.join()
        self.assertContains(response, "Thank you")
        assert JoinRequest.objects.filter(email="sam@example.net").exists()
        log_text = "\n".join(logs.output)
        assert "Could not e-mail the join request" in log_text
        for personal in [*JOINER.values(), PRIVATE_ADDRESS]:
            assert personal not in log_text

    def test_a_get_of_the_join_address_leads_to_the_form(self):
        response = self.client.get("/working-groups/press/join/")
        assert response.status_code == 302
        assert response["Location"] == "/working-groups/press/#join"


class ProposalFormTests(WorkingGroupFormTestCase):
    def propose(self, client=None, **changes):
        data = {
            "proposer_name": "Robin Proposer",
            "proposer_email": "robin@example.net",
            "group_name": "Housing",
            "aim": self.aim.pk,
            "proposal": "A group for tenants' unions.\n\nWe would meet monthly.",
            "consent": "on",
            **changes,
        }
        return (client or self.client).post(
            "/working-groups/propose/", {k: v for k, v in data.items() if v is not None}
        )

    def test_form_shows_every_field_with_its_label_and_the_word_limit(self):
        soup = BeautifulSoup(self.client.get("/working-groups/propose/").content, "html.parser")
        labels = [label.get_text(" ", strip=True) for label in soup.select("form.form label")]
        assert labels[:5] == [
            "Your name (required)",
            "Your email address (required)",
            "Name of the proposed group (required)",
            "Which aim would it serve? (required)",
            "Your proposal (required)",
        ]
        assert soup.find("textarea", attrs={"name": "proposal"})["data-word-limit"] == "250"
        assert soup.find("script", src="/static/js/word-count.js") is not None

    def test_a_proposal_becomes_a_draft_waiting_for_moderators(self):
        response = self.propose()
        self.assertContains(response, "Thank you for your proposal")

        page = WorkingGroupPage.objects.get(title="Housing")
        assert not page.live
        assert page.status == "proposed"
        assert page.public_submission.received_at is not None
        assert page.aim == self.aim
        assert page.slug == "housing"
        assert "tenants" in page.remit
        assert "<p>We would meet monthly.</p>" in page.remit
        state = WorkflowState.objects.for_instance(page).get()
        assert state.status == WorkflowState.STATUS_IN_PROGRESS
        assert state.requested_by is None
        reviewers = state.current_task_state.task.specific.groups.values_list("name", flat=True)
        assert list(reviewers) == ["Moderators"]

        proposal = GroupProposal.objects.get(page=page)
        assert (proposal.proposer_name, proposal.proposer_email) == (
            "Robin Proposer",
            "robin@example.net",
        )
        assert proposal.consent_text.startswith("I agree that the network keeps my name")
        # The proposer is stored apart from the page: not in the page, not in its revisions.
        for revision in Revision.page_revisions.filter(object_id=str(page.pk)):
            assert "robin" not in str(revision.content).lower()

        # Not public: no page, not listed, not found.
        assert self.client.get("/working-groups/housing/").status_code == 404
        assert "Housing" not in self.client.get("/working-groups/").content.decode()
        assert "Housing" not in self.client.get("/").content.decode()
        search = BeautifulSoup(self.client.get("/search/?q=housing").content, "html.parser")
        assert search.select("ol.search-results li") == []
        assert "/housing/" not in self.client.get("/sitemap.xml").content.decode()

        confirmations = [m for m in mail.outbox if m.to == ["robin@example.net"]]
        assert len(confirmations) == 1
        assert "moderators will read your proposal" in confirmations[0].body

    def test_too_many_words_are_refused_with_the_count_and_nothing_is_lost(self):
        for proposal in [words(PROPOSAL_WORD_LIMIT + 1), words(10_000)]:
            count = len(proposal.split())
            response = self.propose(proposal=proposal)
            assert response.status_code == 200
            summary = error_summary(response)
            assert f"Your proposal has {count} words; please shorten it to 250" in summary
            assert field_value(response, "proposal").strip() == proposal
            assert field_value(response, "group_name") == "Housing"
            assert field_value(response, "proposer_email") == "robin@example.net"
        assert not WorkingGroupPage.objects.filter(title="Housing").exists()
        assert not GroupProposal.objects.exists()
        assert mail.outbox == []

    def test_exactly_the_limit_is_accepted(self):
        self.propose(proposal=words(PROPOSAL_WORD_LIMIT))
        assert GroupProposal.objects.count() == 1

    def test_a_text_without_spaces_is_limited_by_its_length(self):
        response = self.propose(proposal="住" * 5000)
        assert "Your proposal has 5000 characters" in error_summary(response)
        assert not GroupProposal.objects.exists()

    def test_empty_form_is_explained(self):
        response = self.propose(
            proposer_name="", proposer_email="", group_name="", aim="", proposal="", consent=None
        )
        summary = error_summary(response)
        for label in [
            "Your name",
            "Your email address",
            "Name of the proposed group",
            "Which aim would it serve?",
            "Your proposal",
        ]:
            assert f"{label}: This field is required." in summary, label
        assert "Please tick this box to agree" in summary
        assert not WorkingGroupPage.objects.filter(live=False).exists()

    def test_the_name_of_a_live_group_is_refused(self):
        response = self.propose(group_name="press", proposal="Another text.")
        assert "There is already a working group called" in error_summary(response)
        assert field_value(response, "proposal").strip() == "Another text."
        assert not GroupProposal.objects.exists()

    def test_the_answer_never_tells_whether_a_group_was_proposed(self):
        # A waiting proposal is nobody's business but the moderators': proposing the same
        # name again is thanked like any proposal, and both wait side by side.
        first = self.propose()
        second = self.propose(proposer_email="other@example.net")
        assert page_main_text(first) == page_main_text(second)
        assert GroupProposal.objects.count() == 2
        assert WorkingGroupPage.objects.filter(live=False).count() == 2

    def test_hostile_and_non_latin_proposals_stay_plain_text(self):
        self.propose(group_name=NON_LATIN_NAME, proposal=HOSTILE + " " + NON_LATIN_NAME)
        page = WorkingGroupPage.objects.get(title=NON_LATIN_NAME)
        assert page.slug == "proposed-group"
        assert "<script>" not in page.remit
        assert "&lt;script&gt;" in page.remit
        assert NON_LATIN_NAME in page.remit

        self.propose(group_name=HOSTILE, proposal="Fine.")
        page = WorkingGroupPage.objects.get(title=HOSTILE)
        assert page.slug == "scriptalertxscriptbboldb"
        assert WorkflowState.objects.filter(object_id=str(page.pk)).exists()

    def test_a_failing_mail_server_keeps_the_proposal(self):
        with (
            override_settings(
                EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
                EMAIL_HOST="127.0.0.1",
                EMAIL_PORT=1,
                EMAIL_TIMEOUT=2,
            ),
            self.assertLogs("privacy.mail", level=logging.ERROR) as logs,
        ):
            response = self.propose()
        self.assertContains(response, "Thank you for your proposal")
        assert GroupProposal.objects.filter(proposer_email="robin@example.net").exists()
        assert "robin" not in "\n".join(logs.output).lower()


class SpamProtectionTests(WorkingGroupFormTestCase):
    def test_the_honeypot_is_labelled_and_moved_off_screen_by_css(self):
        for path in ["/working-groups/press/", "/working-groups/propose/"]:
            soup = BeautifulSoup(self.client.get(path).content, "html.parser")
            trap = soup.find(class_="form-honeypot")
            assert trap.find("input", attrs={"name": "website"})["tabindex"] == "-1"
            assert "Leave this field empty" in trap.label.get_text()
            assert not trap.get("style")
        css = open("static/css/portal.css").read()  # noqa: SIM115
        assert ".form-honeypot { position: absolute; left: -10000px;" in css

    def test_a_filled_honeypot_looks_like_success_and_keeps_nothing(self):
        response = self.client.post(
            "/working-groups/press/join/",
            {**JOINER, "consent": "on", "website": "http://spam.example"},
        )
        self.assertContains(response, "Thank you")
        response = self.client.post(
            "/working-groups/propose/",
            {
                "proposer_name": "Bot",
                "proposer_email": "bot@example.net",
                "group_name": "Cheap pills",
                "aim": self.aim.pk,
                "proposal": "Buy now.",
                "consent": "on",
                "website": "http://spam.example",
            },
        )
        self.assertContains(response, "Thank you for your proposal")
        assert not JoinRequest.objects.exists()
        assert not GroupProposal.objects.exists()
        assert not WorkingGroupPage.objects.filter(title="Cheap pills").exists()
        assert mail.outbox == []

    def test_too_many_posts_from_one_address_get_try_again_later(self):
        client = Client(REMOTE_ADDR="192.0.2.10")
        for number in range(RATE_LIMIT_POSTS):
            response = client.post(
                "/working-groups/press/join/",
                {**JOINER, "email": f"person{number}@example.net", "consent": "on"},
            )
            assert response.status_code == 200
        response = client.post(
            "/working-groups/propose/",
            {"proposer_name": "Robin Proposer", "proposal": "My text, kept."},
        )
        assert response.status_code == 429
        assert int(response["Retry-After"]) > 0
        soup = BeautifulSoup(response.content, "html.parser")
        assert "Please try again later" in soup.find(role="alert").get_text()
        assert field_value(response, "proposer_name") == "Robin Proposer"
        assert field_value(response, "proposal").strip() == "My text, kept."
        response = client.post("/working-groups/press/join/", {**JOINER, "consent": "on"})
        assert response.status_code == 429
        assert JoinRequest.objects.count() == RATE_LIMIT_POSTS

        # Another address is not affected.
        other = Client(REMOTE_ADDR="192.0.2.20")
        response = other.post(
            "/working-groups/press/join/",
            {**JOINER, "email": "other@example.net", "consent": "on"},
        )
        assert response.status_code == 200

    @override_settings(TRUSTED_PROXY_COUNT=1)
    def test_behind_a_proxy_each_visitor_has_their_own_limit(self):
        proxy = Client(REMOTE_ADDR="10.0.0.1")
        for number in range(RATE_LIMIT_POSTS + 1):
            response = proxy.post(
                "/working-groups/press/join/",
                {**JOINER, "email": f"p{number}@example.net", "consent": "on"},
                HTTP_X_FORWARDED_FOR="198.51.100.7",
            )
        assert response.status_code == 429
        response = proxy.post(
            "/working-groups/press/join/",
            {**JOINER, "email": "next@example.net", "consent": "on"},
            HTTP_X_FORWARDED_FOR="198.51.100.8",
        )
        assert response.status_code == 200

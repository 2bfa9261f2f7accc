"""What the public sent is deleted once older than the retention period, and only then.

Real PostgreSQL and Wagtail's real moderation workflow: a registration or proposal whose
page still waits for a moderator is kept whatever its age.
"""

import io

from django.core.management import call_command
from django.db import DatabaseError, connection
from django.test import TestCase, override_settings

from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import WorkflowState

import pytest

from directory.models import GroupMessage, GroupRegistration
from events.models import EventRegistration
from moderation.drafts import submit_public_draft
from tests.support.environment import run_python
from tests.support.factories import (
    AimFactory,
    ContactPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    EventRegistrationFactory,
    FormSubmissionFactory,
    GroupMessageFactory,
    GroupProposalFactory,
    GroupRegistrationFactory,
    JoinRequestFactory,
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    days_from_now,
    make_member,
    make_site_home,
)
from workinggroups.models import GroupProposal, JoinRequest

OLD = 181  # days: just past the default period of 180
RECENT = 179

KINDS = [
    "contact form submissions",
    "event registrations",
    "local group registrations",
    "messages to local groups",
    "requests to join working groups",
    "working group proposals",
]
# None made here (accounts/ registers them; tests/test_accounts.py purges some).
NO_SIGN_IN_RECORDS = {"failed sign-in records": 0}


def refuse_to_delete_group_messages(refuse=True):
    with connection.cursor() as cursor:
        if refuse:
            cursor.execute(
                "CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN "
                "RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql;"
                "CREATE TRIGGER refuse BEFORE DELETE ON directory_groupmessage "
                "FOR EACH ROW EXECUTE FUNCTION refuse();"
            )
        else:
            cursor.execute("DROP TRIGGER refuse ON directory_groupmessage; DROP FUNCTION refuse();")


def purge(*options):
    output = io.StringIO()
    call_command("purge_personal_data", *options, stdout=output)
    return output.getvalue()


def counts_in(output):
    """{kind: number} from the command's lines "  kind: number"."""
    return {
        kind.strip(): int(number)
        for kind, _, number in (line.rpartition(": ") for line in output.splitlines()[1:])
    }


def contact_entry(page, name, days_ago):
    return FormSubmissionFactory(
        page=page,
        form_data={"your_name": name, "your_email": f"{name.lower()}@example.net",
                   "message": f"A message from {name}"},
        received_days_ago=days_ago,
    )  # fmt: skip


class PurgePersonalDataTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        home = make_site_home()
        cls.moderator = make_member("Moderators", username="moderator")
        contact = ContactPageFactory(parent=home)
        working_groups = WorkingGroupIndexPageFactory(parent=home)
        working_group = WorkingGroupPageFactory(parent=working_groups)
        local_groups = LocalGroupIndexPageFactory(parent=home)
        local_group = LocalGroupPageFactory(parent=local_groups)
        events = EventIndexPageFactory(parent=home)
        # Event registrations go a period after their event ends (30 days by default).
        ended_long_ago = EventPageFactory(
            parent=events, start=days_from_now(-OLD - 1), end=days_from_now(-OLD)
        )
        ended_lately = EventPageFactory(
            parent=events, start=days_from_now(-21), end=days_from_now(-20)
        )

        aim = AimFactory()

        def public_draft(factory, parent, title):
            extra = {"aim": aim} if factory is WorkingGroupPageFactory else {}
            return submit_public_draft(factory.build(title=title, **extra), parent)

        cls.old = {
            "contact": contact_entry(contact, "Oldcontact", OLD),
            "join": JoinRequestFactory(group=working_group, received_days_ago=OLD),
            "message": GroupMessageFactory(group=local_group, received_days_ago=OLD),
            # Moderation ended: the page was approved (and so published).
            "proposal": GroupProposalFactory(
                page=cls.approved(public_draft(WorkingGroupPageFactory, working_groups, "Old")),
                received_days_ago=OLD,
            ),
            "registration": GroupRegistrationFactory(
                page=cls.approved(public_draft(LocalGroupPageFactory, local_groups, "Old")),
                received_days_ago=OLD,
            ),
            "event": EventRegistrationFactory(event=ended_long_ago),
        }
        cls.recent = {
            "contact": contact_entry(contact, "Recentcontact", RECENT),
            "join": JoinRequestFactory(group=working_group, received_days_ago=RECENT),
            "message": GroupMessageFactory(group=local_group, received_days_ago=RECENT),
            "proposal": GroupProposalFactory(
                page=WorkingGroupPageFactory(parent=working_groups), received_days_ago=RECENT
            ),
            "registration": GroupRegistrationFactory(
                page=LocalGroupPageFactory(parent=local_groups), received_days_ago=RECENT
            ),
            "event": EventRegistrationFactory(event=ended_lately, received_days_ago=OLD),
        }
        # Old, but a moderator has not finished with them: one still waiting, one sent
        # back to the sender for changes (the moderator may need to write to them).
        waiting_proposal = public_draft(WorkingGroupPageFactory, working_groups, "Waiting")
        changes_registration = public_draft(LocalGroupPageFactory, local_groups, "Changes")
        changes_registration.current_workflow_task_state.reject(user=cls.moderator)
        cls.in_moderation = {
            "proposal": GroupProposalFactory(page=waiting_proposal, received_days_ago=OLD),
            "registration": GroupRegistrationFactory(
                page=changes_registration, received_days_ago=OLD
            ),
        }

    @classmethod
    def approved(cls, page):
        page.current_workflow_task_state.approve(user=cls.moderator)
        return page

    def remaining(self):
        return {
            "contact": set(FormSubmission.objects.values_list("pk", flat=True)),
            "join": set(JoinRequest.objects.values_list("pk", flat=True)),
            "message": set(GroupMessage.objects.values_list("pk", flat=True)),
            "proposal": set(GroupProposal.objects.values_list("pk", flat=True)),
            "registration": set(GroupRegistration.objects.values_list("pk", flat=True)),
            "event": set(EventRegistration.objects.values_list("pk", flat=True)),
        }

    def everything(self):
        groups = (self.old, self.recent, self.in_moderation)
        return {kind: {group[kind].pk for group in groups if kind in group} for kind in self.old}

    def test_the_fixture_has_moderation_in_every_state_the_purge_tells_apart(self):
        statuses = {
            record.page.specific.current_workflow_state.status
            for record in self.in_moderation.values()
        }
        self.assertEqual(
            statuses, {WorkflowState.STATUS_IN_PROGRESS, WorkflowState.STATUS_NEEDS_CHANGES}
        )
        self.assertTrue(self.old["registration"].page.live)
        self.assertIsNone(self.old["proposal"].page.specific.current_workflow_state)

    def test_old_records_go_recent_and_in_moderation_ones_stay(self):
        output = purge()

        expected = {
            kind: {self.recent[kind].pk}
            | ({self.in_moderation[kind].pk} if kind in self.in_moderation else set())
            for kind in self.old
        }
        self.assertEqual(self.remaining(), expected)
        self.assertEqual(counts_in(output), {**dict.fromkeys(KINDS, 1), **NO_SIGN_IN_RECORDS})
        self.assertIn("more than 180 days ago", output)
        # The approved pages stay published: only who sent them goes.
        for kind in ("proposal", "registration"):
            page = self.old[kind].page
            page.refresh_from_db()
            self.assertTrue(page.live)

    def test_a_second_run_finds_nothing_more(self):
        purge()
        after_first = self.remaining()
        output = purge()
        self.assertEqual(self.remaining(), after_first)
        self.assertEqual(counts_in(output), {**dict.fromkeys(KINDS, 0), **NO_SIGN_IN_RECORDS})

    def test_dry_run_counts_and_deletes_nothing(self):
        output = purge("--dry-run")
        self.assertEqual(self.remaining(), self.everything())
        self.assertTrue(output.startswith("Would delete"))
        self.assertEqual(counts_in(output), {**dict.fromkeys(KINDS, 1), **NO_SIGN_IN_RECORDS})

    def test_once_moderation_ends_the_old_record_goes(self):
        self.in_moderation["proposal"].page.current_workflow_state.cancel(user=self.moderator)
        purge()
        self.assertNotIn(self.in_moderation["proposal"].pk, self.remaining()["proposal"])
        self.assertIn(self.in_moderation["registration"].pk, self.remaining()["registration"])

    @override_settings(PERSONAL_DATA_RETENTION_DAYS=365, EVENT_REGISTRATION_RETENTION_DAYS=365)
    def test_the_period_comes_from_the_setting(self):
        output = purge()
        self.assertEqual(self.remaining(), self.everything())
        self.assertIn("more than 365 days ago", output)

    def test_output_and_log_name_no_one(self):
        with self.assertLogs("privacy", level="INFO") as logs:
            output = purge("--verbosity", "3") + purge("--dry-run")
        said = output + "\n".join(logs.output)
        personal = []
        for record in [*self.old.values(), *self.recent.values(), *self.in_moderation.values()]:
            for field in ("name", "email", "message", "proposer_name", "proposer_email",
                          "contact_name", "contact_email", "proposal_text"):  # fmt: skip
                if getattr(record, field, ""):
                    personal.append(getattr(record, field))
            personal.extend(getattr(record, "form_data", {}).values())
        self.assertGreater(len(personal), 20)
        for value in personal:
            self.assertNotIn(value, said)
        self.assertNotIn("@", said)

    def test_all_or_nothing(self):
        # PostgreSQL itself refuses to delete the group messages, which go after the
        # contact form entries and join requests have already been deleted.
        refuse_to_delete_group_messages()
        with self.assertRaises(DatabaseError):
            purge()
        self.assertEqual(self.remaining(), self.everything())


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_worker_purges_as_it_starts():
    home = make_site_home()
    working_group = WorkingGroupPageFactory(parent=WorkingGroupIndexPageFactory(parent=home))
    old = JoinRequestFactory(group=working_group, received_days_ago=OLD)
    recent = JoinRequestFactory(group=working_group, received_days_ago=RECENT)

    call_command("run_worker", "--once", stdout=io.StringIO())

    assert list(JoinRequest.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not JoinRequest.objects.filter(pk=old.pk).exists()


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_purge_is_logged_and_the_worker_goes_on(caplog):
    home = make_site_home()
    local_group = LocalGroupPageFactory(parent=LocalGroupIndexPageFactory(parent=home))
    old = GroupMessageFactory(group=local_group, received_days_ago=OLD)
    refuse_to_delete_group_messages()
    try:
        call_command("run_worker", "--once", stdout=io.StringIO())
    finally:
        refuse_to_delete_group_messages(refuse=False)

    assert GroupMessage.objects.filter(pk=old.pk).exists()
    assert "Could not delete expired personal data (" in caplog.text
    assert old.email not in caplog.text


@pytest.mark.parametrize("days", ["0", "-30", "six months"])
def test_a_period_under_one_day_stops_the_start(days):
    result = run_python(
        "import django; django.setup()", "portal.settings.base", PERSONAL_DATA_RETENTION_DAYS=days
    )
    assert result.returncode != 0
    assert "ImproperlyConfigured: PERSONAL_DATA_RETENTION_DAYS must be" in result.stderr

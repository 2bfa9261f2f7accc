"""The working groups' public forms, declared for privacy.publicforms: asking to join a
group, and proposing a new one."""

from datetime import timedelta

from django.http import Http404
from django.utils import timezone
from django.utils.text import Truncator, slugify

from wagtail.coreutils import find_available_slug

from moderation.drafts import submit_public_draft
from privacy.publicforms import FormEmail, PublicForm, as_rich_text

from .emails import (
    join_already_requested,
    join_confirmation,
    join_request_to_group,
    proposal_confirmation,
)
from .forms import JoinForm, ProposalForm
from .models import GroupProposal, JoinRequest, WorkingGroupPage

# A second request from the same address to the same group within this time is the same
# request sent twice: it is neither stored nor e-mailed again.
DUPLICATE_JOIN_WINDOW = timedelta(days=30)


class JoinWorkingGroup(PublicForm):
    name = "workinggroups.join_request"
    form_class = JoinForm
    record_model = JoinRequest
    thanks_template = "workinggroups/join_thanks.html"
    emails = (
        FormEmail("join request", join_request_to_group),
        FormEmail("join confirmation", join_confirmation),
        FormEmail("join reminder", join_already_requested),
    )

    def submit(self, request, group):
        if not group.accepts_join_requests:
            raise Http404
        return super().submit(request, group)

    def save(self, form, group):
        # Whoever sends the form is thanked the same way whether or not that address asked
        # before (anyone may type anyone's address): only the email to the address says so.
        earlier_request = JoinRequest.objects.filter(
            group=group,
            email__iexact=form.cleaned_data["email"],
            created_at__gte=timezone.now() - DUPLICATE_JOIN_WINDOW,
        ).first()
        if earlier_request is not None:
            earlier_request.asked_again = True
            return earlier_request
        return super().save(form, group)

    def emails_for(self, join_request):
        if getattr(join_request, "asked_again", False):
            return self.emails[2:]
        return self.emails[:2]

    def record_fields(self, form, group):
        data = form.cleaned_data
        return {
            "group": group,
            "name": data["name"],
            "email": data["email"],
            "message": data["message"],
        }

    def page_of(self, record):
        return record.group


def create_proposed_group(index_page, *, group_name, aim, proposal_text):
    """A draft group page, waiting in the moderation workflow.

    The page says what the group would do; who proposed it is kept apart, in a
    GroupProposal that only moderators read.
    """
    page = WorkingGroupPage(
        title=group_name,
        slug=find_available_slug(index_page, slugify(group_name) or "proposed-group"),
        summary=Truncator(" ".join(proposal_text.split())).chars(200),
        status=WorkingGroupPage.STATUS_PROPOSED,
        aim=aim,
        remit=as_rich_text(proposal_text),
    )
    # A draft (never live), marked as a public submission for the moderators' queue,
    # started in the page's workflow with no requesting user (the visitor has no account).
    # Wagtail then tells the reviewers of the workflow's first task by email.
    return submit_public_draft(page, index_page)


class ProposeWorkingGroup(PublicForm):
    name = "workinggroups.group_proposal"
    form_class = ProposalForm
    record_model = GroupProposal
    template = "workinggroups/propose.html"
    thanks_template = "workinggroups/propose_thanks.html"
    emails = (FormEmail("proposal confirmation", proposal_confirmation),)

    form_takes_page = True

    def record_fields(self, form, index_page):
        data = form.cleaned_data
        page = create_proposed_group(
            index_page,
            group_name=data["group_name"],
            aim=data["aim"],
            proposal_text=data["proposal"],
        )
        return {
            "page": page,
            "proposer_name": data["proposer_name"],
            "proposer_email": data["proposer_email"],
            "proposed_name": data["group_name"],
            "proposal_text": data["proposal"],
        }

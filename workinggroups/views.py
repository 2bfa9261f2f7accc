"""What happens when someone sends the join form or the proposal form."""

from datetime import timedelta

from django.db import transaction
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import escape
from django.utils.text import Truncator, slugify

from wagtail.coreutils import find_available_slug

from home.moderation import submit_public_draft
from home.spam import over_rate_limit, too_many_requests

from .emails import send_join_confirmation, send_join_request_to_group, send_proposal_confirmation
from .forms import JoinForm, ProposalForm
from .models import GroupProposal, JoinRequest, WorkingGroupPage

# A second request from the same address to the same group within this time is the same
# request sent twice: it is neither stored nor e-mailed again.
DUPLICATE_JOIN_WINDOW = timedelta(days=30)


def join_group(request, group):
    if not group.accepts_join_requests:
        raise Http404
    form = JoinForm(request.POST)
    if over_rate_limit(request):
        return too_many_requests(
            group.render(request, context_overrides={"form": form, "rate_limited": True})
        )
    if form.is_spam():
        # Looks like success to the program that sent it; nothing is kept or sent.
        return join_thanks(request, group, already_asked=False)
    if not form.is_valid():
        return group.render(request, context_overrides={"form": form})

    data = form.cleaned_data
    already_asked = JoinRequest.objects.filter(
        group=group,
        email__iexact=data["email"],
        created_at__gte=timezone.now() - DUPLICATE_JOIN_WINDOW,
    ).exists()
    if not already_asked:
        join_request = JoinRequest.objects.create(
            group=group,
            name=data["name"],
            email=data["email"],
            message=data["message"],
            consent_text=form.consent_text,
            consented_at=timezone.now(),
        )
        send_join_request_to_group(join_request)
        send_join_confirmation(join_request)
    return join_thanks(request, group, already_asked=already_asked)


def join_thanks(request, group, *, already_asked):
    return TemplateResponse(
        request,
        "workinggroups/join_thanks.html",
        {"page": group, "self": group, "already_asked": already_asked},
    )


def proposal_as_rich_text(text):
    """The proposal as paragraphs of plain text: whatever markup it holds stays text."""
    paragraphs = [paragraph.strip() for paragraph in text.replace("\r\n", "\n").split("\n\n")]
    return "".join(
        "<p>" + escape(paragraph).replace("\n", "<br/>") + "</p>"
        for paragraph in paragraphs
        if paragraph
    )


def create_proposed_group(
    index_page, *, group_name, aim, proposal_text, proposer_name, proposer_email, consent_text
):
    """A draft group page, waiting in the moderation workflow, and its private record.

    The page says what the group would do; who proposed it is kept apart, in a
    GroupProposal that only moderators read.
    """
    page = WorkingGroupPage(
        title=group_name,
        slug=find_available_slug(index_page, slugify(group_name) or "proposed-group"),
        summary=Truncator(" ".join(proposal_text.split())).chars(200),
        status=WorkingGroupPage.STATUS_PROPOSED,
        aim=aim,
        remit=proposal_as_rich_text(proposal_text),
    )
    # The moderation feature's entry point for public forms: a draft (never live), marked
    # as a public submission for the moderators' queue, started in the page's workflow
    # with no requesting user (the visitor has no account). Wagtail then tells the
    # reviewers of the workflow's first task (the Moderators group) by email.
    submit_public_draft(page, index_page)
    proposal = GroupProposal.objects.create(
        page=page,
        proposer_name=proposer_name,
        proposer_email=proposer_email,
        proposed_name=group_name,
        proposal_text=proposal_text,
        consent_text=consent_text,
        consented_at=timezone.now(),
    )
    return proposal


def propose_group(request, index_page):
    form = ProposalForm(request.POST or None, index_page=index_page)
    context = {"form": form}
    if request.method == "POST":
        if over_rate_limit(request):
            return too_many_requests(
                index_page.render(
                    request,
                    template="workinggroups/propose.html",
                    context_overrides={**context, "rate_limited": True},
                )
            )
        if form.is_spam():
            return propose_thanks(request, index_page)
        if form.is_valid():
            data = form.cleaned_data
            with transaction.atomic():
                proposal = create_proposed_group(
                    index_page,
                    group_name=data["group_name"],
                    aim=data["aim"],
                    proposal_text=data["proposal"],
                    proposer_name=data["proposer_name"],
                    proposer_email=data["proposer_email"],
                    consent_text=form.consent_text,
                )
            send_proposal_confirmation(proposal)
            return propose_thanks(request, index_page)
    return index_page.render(
        request, template="workinggroups/propose.html", context_overrides=context
    )


def propose_thanks(request, index_page):
    return TemplateResponse(
        request, "workinggroups/propose_thanks.html", {"page": index_page, "self": index_page}
    )

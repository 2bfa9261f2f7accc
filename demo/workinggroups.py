"""Demo working groups for `load_demo`: the network's three aims, its nine thematic groups
and one proposal waiting for the moderators. Contact addresses are example.org ones and
convenors are left unnamed: the demo never invents details of real people."""

from django.utils import timezone

from wagtail.models import Locale

from workinggroups.forms import PROPOSAL_CONSENT
from workinggroups.models import Aim, GroupProposal, WorkingGroupIndexPage, WorkingGroupPage
from workinggroups.views import create_proposed_group

from .publishing import publish_child

AIMS = [
    (
        1,
        "Fighting the purge",
        "Defending members who are suspended or expelled, and exposing how it is done.",
    ),
    (
        2,
        "Changing the party",
        "Working for a party whose members decide its policies and choose its candidates.",
    ),
    (
        3,
        "Campaigning in communities",
        "Taking our politics to where people live and work, with or without permission.",
    ),
]

MEETS_MONTHLY = (
    "<p>Online, on the first Monday of the month at 7.30pm. Members receive the joining "
    "details by email.</p>"
)

GROUPS = [
    {
        "slug": "press",
        "title": "Press",
        "aim": "Fighting the purge",
        "summary": "Statements, press releases and letters to editors about the purge.",
        "remit": "<p>The press group writes the network's statements and press releases, "
        "answers journalists and helps members write letters to local papers.</p>",
        "current_work": "<p>A briefing for journalists on how suspensions are handled.</p>",
    },
    {
        "slug": "social-media-and-outreach",
        "title": "Social media and outreach",
        "aim": "Campaigning in communities",
        "summary": "Our accounts, our videos, and reaching members who are not online.",
        "remit": "<p>Runs the network's social media accounts, films and edits short "
        "videos of meetings, and finds ways to reach members who do not use the internet.</p>",
        "current_work": "<p>Short videos from the last open meeting.</p>",
    },
    {
        "slug": "witch-hunt-analysis",
        "title": "Witch-hunt analysis",
        "aim": "Fighting the purge",
        "summary": "Collecting and analysing the facts of suspensions and expulsions.",
        "remit": "<p>Gathers, with their consent, members' accounts of disciplinary cases "
        "and analyses the patterns: who is targeted, on what grounds, and with what "
        "procedure.</p>",
        "current_work": "<p>A report on a year of suspensions.</p>",
    },
    {
        "slug": "racism",
        "title": "Racism",
        "aim": "Campaigning in communities",
        "summary": "Campaigning against racism in our communities and in the party.",
        "remit": "<p>Supports local anti-racist campaigns and documents racism in the "
        "party's treatment of its own members.</p>",
        "current_work": "",
    },
    {
        "slug": "racism-and-antisemitism",
        "title": "Racism and antisemitism",
        "aim": "Fighting the purge",
        "summary": "Opposing antisemitism and every racism, and its misuse against the left.",
        "remit": "<p>Opposes antisemitism as it opposes every form of racism, and "
        "challenges the misuse of accusations of antisemitism to silence members.</p>",
        "current_work": "",
    },
    {
        "slug": "changing-the-party",
        "title": "Changing the party",
        "aim": "Changing the party",
        "summary": "Rule changes, conference motions and democracy in the party.",
        "remit": "<p>Drafts rule changes and motions for party conference, and works with "
        "other groups for a party run by its members.</p>",
        "current_work": "<p>Model motions on due process for members.</p>",
    },
    {
        "slug": "republicanism",
        "title": "Republicanism",
        "aim": "Changing the party",
        "summary": "For an elected head of state and a democratic constitution.",
        "remit": "<p>Makes the case for a republic inside and outside the party.</p>",
        "current_work": "",
    },
    {
        "slug": "disabilities",
        "title": "Disabilities",
        "aim": "Campaigning in communities",
        "summary": "Disabled members organising, and making the network accessible to all.",
        "remit": "<p>Campaigns with disabled people against cuts to support, and makes "
        "sure the network's meetings, website and papers are accessible to every member.</p>",
        "current_work": "<p>A guide to accessible meetings for shadow CLPs.</p>",
    },
    {
        "slug": "coffee-mornings",
        "title": "Coffee mornings",
        "aim": "Campaigning in communities",
        "summary": "Weekly online coffee mornings open to every member.",
        "remit": "<p>Every Tuesday morning, members drop in for an hour of conversation. "
        "No agenda, no minutes: a place to meet comrades from other areas.</p>",
        "current_work": "",
        "meetings": "<p>Online, every Tuesday from 10am to 11am.</p>",
    },
]

WAITING_PROPOSAL = {
    "title": "Housing",
    "aim": "Campaigning in communities",
    "proposal": "A group for members active in tenants' unions and housing campaigns, to "
    "share what works and support each other's campaigns.\n\nWe would meet online once a "
    "month and hold a stall together at local events.",
    "proposer_name": "A demo member",
    "proposer_email": "proposer@example.org",
}

GET_INVOLVED = "<p>Use the form below: the convenor will reply by email.</p>"


def ensure_working_groups(home, created):
    """Create the aims, the index, the groups and the waiting proposal that are missing."""
    locale = Locale.get_default()
    aims = {}
    for sort_order, name, description in AIMS:
        aim = Aim.objects.filter(locale=locale, name=name).first()
        if aim is None:
            aim = Aim.objects.create(
                locale=locale, name=name, description=description, sort_order=sort_order
            )
            created.append(f"'{name}' aim")
        aims[name] = aim

    index_page = WorkingGroupIndexPage.objects.child_of(home).first()
    if index_page is None:
        index_page = WorkingGroupIndexPage(
            title="Working groups",
            slug="working-groups",
            intro="Much of the network's work is done in thematic working groups. Every "
            "member can join one, and propose a new one.",
        )
        publish_child(home, index_page, created, "working groups index")

    for group in GROUPS:
        if WorkingGroupPage.objects.child_of(index_page).filter(slug=group["slug"]).exists():
            continue
        page = WorkingGroupPage(
            title=group["title"],
            slug=group["slug"],
            summary=group["summary"],
            status=WorkingGroupPage.STATUS_ACTIVE,
            aim=aims[group["aim"]],
            remit=group["remit"],
            current_work=group["current_work"],
            meetings=group.get("meetings", MEETS_MONTHLY),
            get_involved=GET_INVOLVED,
            contact_email=f"{group['slug']}@example.org",
        )
        publish_child(index_page, page, created, f"'{group['title']}' working group")

    ensure_waiting_proposal(index_page, aims, created)
    return index_page


def ensure_waiting_proposal(index_page, aims, created):
    proposal = WAITING_PROPOSAL
    if WorkingGroupPage.objects.child_of(index_page).filter(title=proposal["title"]).exists():
        return
    page = create_proposed_group(
        index_page,
        group_name=proposal["title"],
        aim=aims[proposal["aim"]],
        proposal_text=proposal["proposal"],
    )
    GroupProposal.objects.create(
        page=page,
        proposer_name=proposal["proposer_name"],
        proposer_email=proposal["proposer_email"],
        proposed_name=proposal["title"],
        proposal_text=proposal["proposal"],
        consent_text=str(PROPOSAL_CONSENT),
        consented_at=timezone.now(),
    )
    created.append("a working group proposal waiting for moderation")

"""Demo directory for `load_demo`: postcode districts from the shipped file and groups
modelled on the network's real ones. Descriptions are general; no group names a person,
and their private contact addresses are example.org ones."""

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management import call_command

from directory.convenors import grant_convenor_access
from directory.models import LocalGroupIndexPage, LocalGroupPage, PostcodeDistrict

from .publishing import publish_child

DEMO_POSTCODES = Path(__file__).resolve().parent / "data" / "postcode_districts_demo.csv"

MEETS = (
    "<p>Once a month, alternately online and in person. Use the form below to ask for the "
    "details.</p>"
)
GET_INVOLVED = (
    "<p>Write to us with the form below: tell us where you live and what you would like to "
    "do. You do not need to be a member of any party.</p>"
)

GROUPS = [
    {
        "slug": "newham",
        "title": "Newham shadow CLP",
        "kind": "shadow-clp",
        "postcode_district": "E13",
        "constituencies": "West Ham and Beckton\nEast Ham\nStratford and Bow",
        "description": "<p>Members across Newham in East London who keep organising together: "
        "street stalls, support for local campaigns on housing and schools, and a monthly "
        "meeting open to every member in the borough.</p>",
    },
    {
        "slug": "bristol-north-west",
        "title": "Bristol North West shadow CLP",
        "kind": "shadow-clp",
        "postcode_district": "BS10",
        "constituencies": "Bristol North West",
        "description": "<p>Members in north-west Bristol, from Avonmouth to Henbury, meeting as "
        "a shadow constituency party so that the work in the community carries on.</p>",
    },
    {
        "slug": "stroud",
        "title": "Stroud shadow CLP",
        "kind": "shadow-clp",
        "postcode_district": "GL5",
        "constituencies": "Stroud",
        "description": "<p>Members in Stroud and the five valleys. Besides our meetings, we "
        "hold a coffee morning on the first Saturday of the month.</p>",
    },
    {
        "slug": "plymouth",
        "title": "Plymouth left network",
        "kind": "campaign-network",
        "postcode_district": "PL1",
        "constituencies": "Plymouth Sutton and Devonport\nPlymouth Moor View",
        "description": "<p>A network of socialists in Plymouth, in and out of the party, "
        "campaigning together on the NHS, housing and the dockyard.</p>",
    },
    {
        "slug": "liverpool",
        "title": "Liverpool socialist network",
        "kind": "campaign-network",
        "postcode_district": "L8",
        "constituencies": "Liverpool Riverside\nLiverpool Walton",
        "description": "<p>Members across Liverpool organising with tenants' unions, trade "
        "unionists and community groups.</p>",
    },
    {
        "slug": "brighton",
        "title": "Brighton and Hove shadow CLP",
        "kind": "shadow-clp",
        "postcode_district": "BN1",
        "constituencies": "Brighton Pavilion\nBrighton Kemptown and Peacehaven",
        "description": "<p>Members in Brighton and Hove who meet monthly and campaign on "
        "housing and the cost of living.</p>",
    },
    {
        "slug": "sheffield",
        "title": "Sheffield left network",
        "kind": "campaign-network",
        "postcode_district": "S1",
        "constituencies": "Sheffield Central",
        "description": "<p>A network of members across Sheffield, working with local "
        "campaigns and meeting in the city centre.</p>",
    },
    {
        "slug": "south-west-left-alliance",
        "title": "South West left alliance",
        "kind": "regional-alliance",
        "postcode_district": "BS1",
        "constituencies": "Bristol Central\nBristol South\nBristol North West\nStroud",
        "description": "<p>Shadow CLPs and networks of the South West, sharing speakers, "
        "campaigns and a regional meeting every quarter.</p>",
    },
]


def ensure_postcode_districts(created):
    """The shipped demo districts, when the table does not have them yet."""
    if not PostcodeDistrict.objects.filter(outward_code="E13").exists():
        call_command("import_postcodes", str(DEMO_POSTCODES), stdout=open("/dev/null", "w"))  # noqa: SIM115
        created.append("demo postcode districts")


def ensure_directory(home, created):
    """Create the directory and the demo groups that are missing."""
    ensure_postcode_districts(created)
    index_page = LocalGroupIndexPage.objects.child_of(home).first()
    if index_page is None:
        index_page = LocalGroupIndexPage(
            title="Local groups",
            slug="groups",
            intro="Shadow CLPs, campaign networks and regional alliances: find the group "
            "nearest you and get in touch.",
        )
        publish_child(home, index_page, created, "directory of local groups")

    for group in GROUPS:
        if LocalGroupPage.objects.child_of(index_page).filter(slug=group["slug"]).exists():
            continue
        page = LocalGroupPage(
            **group,
            party_status="unknown",
            meetings=MEETS,
            get_involved=GET_INVOLVED,
            contact_email=f"{group['slug']}@example.org",
        )
        publish_child(index_page, page, created, f"'{group['title']}' local group")
    return index_page


DEMO_CONVENOR = ("convenor", "convenor@example.org", "portal-demo-convenor")


def ensure_demo_convenor():
    """A convenor account (dev only, like the other demo accounts) that may edit the Stroud
    group's page and add its news. Returns a line for load_demo to print."""
    username, email, password = DEMO_CONVENOR
    page = LocalGroupPage.objects.filter(slug="stroud").first()
    if page is None:
        return None
    User = get_user_model()
    user = User.objects.filter(username=username).first()
    if user is None:
        user = User.objects.create_user(
            username, email=email, password=password, first_name="Convenor", last_name="(demo)"
        )
    grant_convenor_access(page, user.email)
    login_hint = (
        f"password {password}"
        if user.check_password(password)
        else "the password you gave it (it was changed from the demo one)"
    )
    return f"Convenor of {page.title}: user {username}, {login_hint} (demo only)"

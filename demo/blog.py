"""Demo news for `load_demo`: a handful of posts in both categories, modelled on the
network's real activity (meeting reports, statements, how-we-work explainers). Speakers
are named by role only: the demo never invents details of real people."""

from datetime import date

from wagtail.models import Locale
from wagtail.rich_text import RichText

from blog.models import BlogCategory, BlogIndexPage, BlogPage

from .publishing import publish_child

# A stable public video, standing in for the recording of the meeting: replace it with
# the network's own recording on a real site.
DEMO_MEETING_VIDEO_URL = "https://www.youtube.com/watch?v=jNQXAC9IVRw"

CATEGORIES = [
    ("campaigns", "Campaigns", "Reports and calls to action from our campaigns."),
    ("how-we-work", "How we work", "How the network, its groups and its meetings run."),
]

POSTS = [
    {
        "slug": "newham-shadow-clp-open-meeting",
        "title": "Newham shadow CLP holds its first open meeting",
        "date": date(2026, 10, 14),
        "intro": "Forty members met online to keep the work of the suspended constituency "
        "party going: a report, with the recording and what the speakers said.",
        "categories": ["campaigns", "how-we-work"],
        "tags": ["meetings", "shadow CLPs", "Newham"],
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>Members from across the borough joined the first open meeting of "
                    "the Newham shadow CLP. The meeting heard reports from the working "
                    "groups, agreed a plan for the winter and elected a convenor.</p>"
                ),
            ),
            ("video", DEMO_MEETING_VIDEO_URL),
            (
                "quote",
                {
                    "text": "They can suspend a branch. They cannot suspend a community.",
                    "speaker": "The convenor",
                    "speaker_role": "Newham shadow CLP",
                },
            ),
            ("heading", {"heading_text": "What was agreed", "size": "h2"}),
            (
                "paragraph",
                RichText(
                    "<ul><li>A monthly open meeting, online and in person.</li>"
                    "<li>A stall at the Saturday market with the housing campaign.</li>"
                    "<li>A letter to the party's general secretary asking for the "
                    "suspension to be lifted.</li></ul>"
                ),
            ),
            (
                "quote",
                {
                    "text": "Every one of us is still here, still organising.",
                    "speaker": "A member of the Disabilities working group",
                    "speaker_role": "",
                },
            ),
        ],
    },
    {
        "slug": "how-a-shadow-clp-works",
        "title": "How a shadow CLP works",
        "date": date(2026, 9, 22),
        "intro": "Where a constituency party has been suspended, members can keep meeting. "
        "Here is how a shadow CLP is set up and run.",
        "categories": ["how-we-work"],
        "tags": ["shadow CLPs"],
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>A shadow CLP is a meeting of members from a constituency whose "
                    "official party has been suspended. It has no power under the party's "
                    "rules; it has the members, and that is enough to campaign.</p>"
                    "<p>Start with a short list of members who want to meet, agree a "
                    "convenor and a time, and register the group in our directory so "
                    "that others can find it.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "propose-a-working-group",
        "title": "Propose a working group in 200 words",
        "date": date(2026, 10, 2),
        "intro": "Working groups do much of the network's work. Any member can propose a "
        "new one: here is how.",
        "categories": ["how-we-work"],
        "tags": ["working groups"],
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>Our working groups serve three aims: fighting the purge, changing "
                    "the party and campaigning in our communities. If there is work that no "
                    "group does yet, write a proposal of about 200 words: what the group "
                    "would do, and how it would meet.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "coffee-mornings-return",
        "title": "Coffee mornings return",
        "date": date(2026, 11, 3),
        "intro": "The coffee mornings working group restarts its weekly online coffee "
        "mornings, open to every member.",
        "categories": ["campaigns"],
        "tags": ["meetings"],
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>Every Tuesday morning, members drop in for an hour of conversation. "
                    "No agenda, no minutes: a place to meet comrades from other areas.</p>"
                ),
            ),
        ],
    },
    {
        "slug": "statement-on-suspensions",
        "title": "Statement on the latest suspensions",
        "date": date(2026, 11, 18),
        "intro": "The network stands with the members suspended this month and calls for "
        "due process for all.",
        "categories": ["campaigns"],
        "tags": ["witch-hunt"],
        "body": [
            (
                "paragraph",
                RichText(
                    "<p>Members are again being suspended without being told the case "
                    "against them. We call on the party to publish its procedures and to "
                    "give every member a fair hearing.</p>"
                ),
            ),
        ],
    },
]


def ensure_blog(home, created):
    """Create the news index, the categories and the posts that are missing."""
    locale = Locale.get_default()
    categories = {}
    for slug, name, description in CATEGORIES:
        category = BlogCategory.objects.filter(locale=locale, slug=slug).first()
        if category is None:
            category = BlogCategory.objects.create(
                locale=locale, slug=slug, name=name, description=description
            )
            created.append(f"'{name}' category")
        categories[slug] = category

    index_page = BlogIndexPage.objects.child_of(home).first()
    if index_page is None:
        index_page = BlogIndexPage(
            title="News",
            slug="blog",
            intro="Reports from our meetings, statements and campaign updates.",
        )
        publish_child(home, index_page, created, "news index")

    for post in POSTS:
        if BlogPage.objects.child_of(index_page).filter(slug=post["slug"]).exists():
            continue
        page = BlogPage(
            title=post["title"],
            slug=post["slug"],
            date=post["date"],
            intro=post["intro"],
            body=post["body"],
            by_editorial_group=True,
        )
        page.categories = [categories[slug] for slug in post["categories"]]
        page.tags.add(*post["tags"])
        publish_child(index_page, page, created, f"post '{post['title']}'")
    return index_page

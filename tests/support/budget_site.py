"""A site with every public page type, grown from small to large, for the query budgets
(tests/test_query_budgets.py): what each page shows (pictures, categories, authors, tags,
translations, registrations, the menu, the footer, the settings) is there at both sizes,
only the numbers change."""

import datetime

from django.utils import timezone

from taggit.models import Tag
from wagtail.models import Locale

import wagtail_factories

from blog.models import BlogPage, BlogPageTag
from directory.models import LocalGroupPage
from events.models import EventRegistration
from home.models import OrganisationSettings
from home.sharecards import make_renditions
from tests.support.bulk_pages import bulk_add_children
from tests.support.factories import (
    BlogCategoryFactory,
    BlogIndexPageFactory,
    ContactFormFieldFactory,
    ContactPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    FooterTextFactory,
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    MainMenuFactory,
    MainMenuItemFactory,
    PersonFactory,
    StandardPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    days_from_now,
    make_site_home,
)

# The pages of every type, by address (English, then Welsh where translated).
PAGES = {
    "home": "/",
    "news index": "/blog/",
    "post": "/blog/post-0002/",
    "category archive": "/blog/category/campaigns/",
    "working groups index": "/working-groups/",
    "working group": "/working-groups/press/",
    "directory": "/groups/",
    "local group": "/groups/group-00002/",
    "events index": "/events/",
    "event": "/events/fightback/",
    "standard page": "/about/",
    "contact page": "/contact/",
    "Welsh home": "/cy/",
    "Welsh post": "/cy/blog/post-0002/",
}


def publish(page):
    page.save_revision().publish()
    return page


def translate(page, welsh):
    """The page's Welsh version, published (its parent must be translated first)."""
    return publish(page.copy_for_translation(welsh))


class BudgetSite:
    """Build with `BudgetSite()`, then `grow(n)` to add n of everything."""

    def __init__(self):
        self.welsh, _created = Locale.objects.get_or_create(language_code="cy")
        self.images = [wagtail_factories.ImageFactory(title=f"Photo {n}") for n in range(3)]
        self.home = make_site_home(
            hero_image=self.images[0], hero_image_alt="Members outside the town hall"
        )
        settings = OrganisationSettings.for_site(self.home.get_site())
        settings.contact_email = "office@example.org"
        settings.membership_url = "https://join.example.org/"
        settings.save()
        self.footer = FooterTextFactory()
        self.news = BlogIndexPageFactory(parent=self.home)
        self.categories = [
            BlogCategoryFactory(name="Campaigns", slug="campaigns"),
            BlogCategoryFactory(name="How we work", slug="how-we-work"),
        ]
        self.author = PersonFactory(name="Press officer")
        self.meetings_tag, _created = Tag.objects.get_or_create(name="press", slug="press")
        self.groups_index = WorkingGroupIndexPageFactory(parent=self.home)
        self.directory = LocalGroupIndexPageFactory(parent=self.home)
        self.events = EventIndexPageFactory(parent=self.home)
        about = StandardPageFactory(parent=self.home, title="About us", slug="about")
        contact = ContactPageFactory(parent=self.home)
        ContactFormFieldFactory(page=contact, label="Your message", field_type="multiline")
        publish(contact)

        menu = MainMenuFactory(live=True)
        for page in (self.news, self.groups_index, self.directory, self.events, about):
            MainMenuItemFactory(menu=menu, link_page=page)

        press = WorkingGroupPageFactory(
            parent=self.groups_index,
            title="Press",
            slug="press",
            featured_image=self.images[1],
            featured_image_alt="A press conference",
        )
        self.aim = press.aim
        self.organiser = LocalGroupPageFactory(
            parent=self.directory,
            title="Group 2",
            slug="group-00002",
            featured_image=self.images[2],
            featured_image_alt="The group's stall",
        )
        self.fightback = EventPageFactory(
            parent=self.events, slug="fightback", capacity=600, organiser=self.organiser
        )
        self.counts = {"posts": 0, "groups": 0, "local groups": 0, "events": 0, "registrations": 0}
        self.grow(3)
        self.post = BlogPage.objects.get(slug="post-0002")

        translate(self.home, self.welsh)
        translate(self.news, self.welsh)
        translate(self.post, self.welsh)
        self.make_renditions()

    def grow(self, count):
        """`count` more posts, working groups, local groups, events and registrations, with
        pictures, categories, tags and authors."""
        start = self.counts["posts"] + 1
        posts = [
            BlogPage(
                title=f"Post {number}",
                slug=f"post-{number:04d}",
                intro=f"Intro of post {number}.",
                date=datetime.date(2024, 1, 1) + datetime.timedelta(days=number),
                featured_image=self.images[number % len(self.images)],
                featured_image_alt="A photo",
            )
            for number in range(start, start + count)
        ]
        bulk_add_children(self.news, posts)
        # Every post is in "Campaigns"; every other one in "How we work" as well.
        BlogPage.categories.through.objects.bulk_create(
            BlogPage.categories.through(blogpage_id=post.pk, blogcategory_id=category.pk)
            for number, post in enumerate(posts, start=start)
            for category in self.categories[: 1 + number % 2]
        )
        BlogPage.authors.through.objects.bulk_create(
            BlogPage.authors.through(blogpage_id=post.pk, person_id=self.author.pk)
            for post in posts
        )
        BlogPageTag.objects.bulk_create(
            BlogPageTag(content_object_id=post.pk, tag=self.meetings_tag) for post in posts
        )
        self.counts["posts"] += count

        start = self.counts["groups"] + 1
        bulk_add_children(
            self.groups_index,
            [
                WorkingGroupPageFactory.build(
                    title=f"Working group {number}",
                    slug=f"working-group-{number}",
                    aim=self.aim,
                    featured_image=self.images[number % len(self.images)],
                    featured_image_alt="A photo",
                )
                for number in range(start, start + count)
            ],
        )
        self.counts["groups"] += count

        start = self.counts["local groups"] + 3
        bulk_add_children(
            self.directory,
            [
                LocalGroupPage(
                    title=f"Group {number}",
                    slug=f"group-{number:05d}",
                    kind="shadow-clp",
                    region="south-west",
                    constituencies=f"Constituency {number}",
                    description=f"<p>Group number {number}.</p>",
                    contact_email=f"group-{number}@example.org",
                    featured_image=self.images[number % len(self.images)],
                    featured_image_alt="A photo",
                )
                for number in range(start, start + count)
            ],
        )
        self.counts["local groups"] += count

        start = self.counts["events"] + 1
        events = bulk_add_children(
            self.events,
            [
                EventPageFactory.build(
                    title=f"Meeting {number}",
                    slug=f"meeting-{number}",
                    start=days_from_now(1 + number % 20),
                    end=days_from_now(1 + number % 20) + datetime.timedelta(hours=2),
                    organiser=self.organiser,
                )
                for number in range(start, start + count)
            ],
        )
        self.counts["events"] += count
        now = timezone.now()
        first = self.counts["registrations"]
        self.counts["registrations"] += count
        EventRegistration.objects.bulk_create(
            EventRegistration(
                event=event,
                name=f"Member {number}",
                email=f"member{number}-{event.pk}@example.net",
                status="confirmed",
                consent_text="I agree",
                consented_at=now,
            )
            for event in [self.fightback, *events]
            for number in range(first, first + count)
        )

    def make_renditions(self):
        """What the worker does on publication (home/sharecards.py)."""
        for page in self.home.get_descendants(inclusive=True).specific():
            make_renditions(page)

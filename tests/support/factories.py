"""Factories for every page type and snippet, so tests say only what matters to them."""

import datetime

from wagtail.models import Locale, Page, Site

import factory
import wagtail_factories

from blog.models import BlogCategory, BlogIndexPage, BlogPage, Person
from home.models import (
    ContactFormField,
    ContactPage,
    FooterText,
    HomePage,
    MainMenu,
    MainMenuItem,
    OrganisationSettings,
    StandardPage,
)
from workinggroups.models import Aim, WorkingGroupIndexPage, WorkingGroupPage


class HomePageFactory(wagtail_factories.PageFactory):
    title = "Home"
    slug = factory.Sequence(lambda n: f"home-{n}")
    hero_heading = "Organising where our local parties were shut down"
    hero_text = "Shadow constituency groups and working groups."

    class Meta:
        model = HomePage


class StandardPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Standard page {n}")
    intro = "A short introduction."

    class Meta:
        model = StandardPage


class ContactPageFactory(wagtail_factories.PageFactory):
    title = "Contact us"
    slug = "contact"

    class Meta:
        model = ContactPage


class ContactFormFieldFactory(factory.django.DjangoModelFactory):
    page = factory.SubFactory(ContactPageFactory)
    label = factory.Sequence(lambda n: f"Field {n}")
    field_type = "singleline"
    required = True
    sort_order = factory.Sequence(int)

    class Meta:
        model = ContactFormField


class FooterTextFactory(factory.django.DjangoModelFactory):
    body = "<p>Published by volunteers.</p>"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = FooterText


class MainMenuFactory(factory.django.DjangoModelFactory):
    title = "Main menu"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = MainMenu


class MainMenuItemFactory(factory.django.DjangoModelFactory):
    menu = factory.SubFactory(MainMenuFactory)
    sort_order = factory.Sequence(int)

    class Meta:
        model = MainMenuItem


def make_site_home(**kwargs):
    """A HomePage at the root of the default Site, as a fresh installation has."""
    home = HomePageFactory(parent=Page.get_first_root_node(), **kwargs)
    site = Site.objects.get(is_default_site=True)
    site.root_page = home
    site.site_name = "Test network"
    site.save()
    # Made by the first page a visitor opens (Wagtail's get_or_create); made here, so that
    # a test's first request is like any later one.
    OrganisationSettings.for_site(site)
    return home


class BlogIndexPageFactory(wagtail_factories.PageFactory):
    title = "News"
    slug = "blog"

    class Meta:
        model = BlogIndexPage


class BlogPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Campaign update {n}")
    slug = factory.Sequence(lambda n: f"campaign-update-{n}")
    intro = factory.LazyAttribute(lambda post: f"What happened: {post.title}.")
    date = factory.Sequence(lambda n: datetime.date(2026, 1, 1) + datetime.timedelta(days=n))

    class Meta:
        model = BlogPage


class BlogCategoryFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Category {n}")
    slug = factory.Sequence(lambda n: f"category-{n}")
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = BlogCategory


class PersonFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Writer {n}")
    role = "Press working group"
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Person


class AimFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Aim {n}")
    sort_order = factory.Sequence(int)
    locale = factory.LazyFunction(Locale.get_default)

    class Meta:
        model = Aim


class WorkingGroupIndexPageFactory(wagtail_factories.PageFactory):
    title = "Working groups"
    slug = "working-groups"

    class Meta:
        model = WorkingGroupIndexPage


class WorkingGroupPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Working group {n}")
    slug = factory.Sequence(lambda n: f"working-group-{n}")
    summary = factory.LazyAttribute(lambda group: f"What {group.title} does.")
    status = "active"
    aim = factory.SubFactory(AimFactory)
    contact_email = factory.LazyAttribute(lambda group: f"{group.slug}-private@example.org")

    class Meta:
        model = WorkingGroupPage


def make_member(role, username=None, **kwargs):
    """An active user in one of the portal's groups ("Editors", "Moderators", ...), or a
    superuser when role is "superuser"; the password is the username."""
    from django.contrib.auth.models import Group, User

    username = username or role.lower()
    if role == "superuser":
        return User.objects.create_superuser(
            username, email=f"{username}@example.org", password=username, **kwargs
        )
    user = User.objects.create_user(
        username, email=f"{username}@example.org", password=username, **kwargs
    )
    user.groups.add(Group.objects.get(name=role))
    return user


def page_form_data(page_class=None, **fields):
    """What the admin's create/edit form posts for a StandardPage-like page: title, slug,
    intro, an empty body and no comments, overridden by `fields`."""
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    data = {"title": "A page", "slug": "a-page", "intro": "", "body": streamfield([])}
    data["comments"] = inline_formset([])
    data.update(fields)
    return nested_form_data(data)


class LocalGroupIndexPageFactory(wagtail_factories.PageFactory):
    title = "Local groups"
    slug = "groups"

    class Meta:
        model = "directory.LocalGroupIndexPage"


class LocalGroupPageFactory(wagtail_factories.PageFactory):
    """A local group; give postcode_district only for a district in the PostcodeDistrict
    table (saving the page looks its coordinates up)."""

    title = factory.Sequence(lambda n: f"Local group {n}")
    slug = factory.Sequence(lambda n: f"local-group-{n}")
    kind = "shadow-clp"
    constituencies = factory.LazyAttribute(lambda group: f"{group.title} constituency")
    region = ""
    description = factory.LazyAttribute(lambda group: f"<p>About {group.title}.</p>")
    contact_email = factory.LazyAttribute(lambda group: f"{group.slug}-private@example.org")

    class Meta:
        model = "directory.LocalGroupPage"


# Personal data sent by the public. `received_days_ago=N` backdates the record (its
# received time is set by the database on creation), for the retention tests.
def backdated(field):
    @factory.post_generation
    def received_days_ago(record, create, days_ago, **kwargs):
        if create and days_ago is not None:
            moment = datetime.datetime.now(datetime.UTC) - datetime.timedelta(days=days_ago)
            type(record).objects.filter(pk=record.pk).update(**{field: moment})
            record.refresh_from_db()

    return received_days_ago


class ConsentRecordFactory(factory.django.DjangoModelFactory):
    consent_text = "I agree that the network keeps what I sent to answer me."
    consented_at = factory.LazyFunction(lambda: datetime.datetime.now(datetime.UTC))
    received_days_ago = backdated("created_at")

    class Meta:
        abstract = True
        skip_postgeneration_save = True


class JoinRequestFactory(ConsentRecordFactory):
    name = factory.Sequence(lambda n: f"Joiner {n}")
    email = factory.Sequence(lambda n: f"joiner{n}@example.net")
    message = "I would like to help with the leaflets."

    class Meta:
        model = "workinggroups.JoinRequest"


class GroupProposalFactory(ConsentRecordFactory):
    """Give page: the proposed group's (draft) page."""

    proposer_name = factory.Sequence(lambda n: f"Proposer {n}")
    proposer_email = factory.Sequence(lambda n: f"proposer{n}@example.net")
    proposed_name = factory.LazyAttribute(lambda proposal: proposal.page.title)
    proposal_text = "A group on housing campaigns."

    class Meta:
        model = "workinggroups.GroupProposal"


class GroupRegistrationFactory(ConsentRecordFactory):
    """Give page: the registered group's (draft) page."""

    contact_name = factory.Sequence(lambda n: f"Registrant {n}")
    contact_email = factory.Sequence(lambda n: f"registrant{n}@example.net")
    group_name = factory.LazyAttribute(lambda registration: registration.page.title)

    class Meta:
        model = "directory.GroupRegistration"


class GroupMessageFactory(ConsentRecordFactory):
    name = factory.Sequence(lambda n: f"Writer {n}")
    email = factory.Sequence(lambda n: f"writer{n}@example.net")
    message = "When is your next meeting?"

    class Meta:
        model = "directory.GroupMessage"


class FormSubmissionFactory(factory.django.DjangoModelFactory):
    """An entry of a form page (the contact page): give page and form_data."""

    received_days_ago = backdated("submit_time")

    class Meta:
        model = "wagtailforms.FormSubmission"
        skip_postgeneration_save = True


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Meetings and events"
    slug = "events"

    class Meta:
        model = "events.EventIndexPage"


def days_from_now(days, hour=19):
    """A moment `days` from now at `hour` o'clock UTC, for events' times."""
    moment = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=0, second=0, microsecond=0)


class EventPageFactory(wagtail_factories.PageFactory):
    """An online meeting in ten days (give start/end to move it), open to registrations."""

    title = factory.Sequence(lambda n: f"Open meeting {n}")
    slug = factory.Sequence(lambda n: f"open-meeting-{n}")
    summary = factory.LazyAttribute(lambda event: f"What {event.title} is about.")
    start = factory.LazyFunction(lambda: days_from_now(10))
    end = factory.LazyAttribute(lambda event: event.start + datetime.timedelta(hours=2))
    attendance = "online"
    joining_url = factory.Sequence(lambda n: f"https://zoom.example.net/j/9900{n:04d}?pwd=secret")

    class Meta:
        model = "events.EventPage"


class EventRegistrationFactory(ConsentRecordFactory):
    """Give event: the (original language) event page."""

    name = factory.Sequence(lambda n: f"Registrant {n}")
    email = factory.Sequence(lambda n: f"registrant{n}@example.net")
    status = "confirmed"

    class Meta:
        model = "events.EventRegistration"

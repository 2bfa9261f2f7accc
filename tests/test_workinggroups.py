"""Working groups: what visitors see, what only moderators see, and what nobody sees."""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.test import Client, TestCase
from django.urls import reverse

from wagtail.models import Page, WorkflowState
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text

import pytest

from events.models import EventPage
from home.models import HomePage
from moderation.models import PublicSubmission
from tests.support.factories import (
    AimFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    make_site_home,
)
from tests.support.html import soup_of, texts
from tests.support.queries import count_queries
from workinggroups.models import (
    Aim,
    GroupProposal,
    JoinRequest,
    WorkingGroupIndexPage,
    WorkingGroupPage,
)

PRIVATE_ADDRESS = "press-convenor-private@example.org"


class WorkingGroupPageRulesTests(WagtailPageTestCase):
    def test_the_index_sits_under_the_home_page_and_holds_groups(self):
        self.assertAllowedParentPageTypes(WorkingGroupIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(WorkingGroupIndexPage, {WorkingGroupPage})
        self.assertCanCreateAt(HomePage, WorkingGroupIndexPage)

    def test_groups_sit_only_under_the_index_and_hold_only_their_events(self):
        self.assertAllowedParentPageTypes(WorkingGroupPage, {WorkingGroupIndexPage})
        self.assertAllowedSubpageTypes(WorkingGroupPage, {EventPage})


class EditorCreatesGroupsTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.aim = AimFactory(name="Fighting the purge")

    def setUp(self):
        self.login()

    def test_create_the_index_and_a_group_with_its_private_address(self):
        self.assertCanCreate(
            self.home,
            WorkingGroupIndexPage,
            nested_form_data(
                {
                    "title": "Working groups",
                    "slug": "working-groups",
                    "intro": "Join one.",
                    "proposal_intro": rich_text(""),
                }
            ),
        )
        index_page = WorkingGroupIndexPage.objects.get()
        self.assertCanCreate(
            index_page,
            WorkingGroupPage,
            nested_form_data(
                {
                    "title": "Press",
                    "slug": "press",
                    "summary": "Statements and press releases.",
                    "status": "active",
                    "aim": self.aim.pk,
                    "remit": rich_text("<p>Writes the statements.</p>"),
                    "current_work": rich_text(""),
                    "meetings": rich_text("<p>Mondays.</p>"),
                    "get_involved": rich_text(""),
                    "convenor_name": "",
                    "contact_email": PRIVATE_ADDRESS,
                    "news_tag": "",
                }
            ),
        )
        group = WorkingGroupPage.objects.get(slug="press")
        assert group.contact_email == PRIVATE_ADDRESS
        assert not PublicSubmission.objects.filter(page=group).exists()


@pytest.fixture
def groups_site(db):
    """A home page, the index, two aims and groups in every state."""
    home = make_site_home()
    index_page = WorkingGroupIndexPageFactory(parent=home)
    purge = AimFactory(name="Fighting the purge", sort_order=1)
    communities = AimFactory(name="Campaigning in communities", sort_order=2)
    press = WorkingGroupPageFactory(
        parent=index_page,
        title="Press",
        slug="press",
        summary="Statements and press releases.",
        aim=purge,
        remit="<p>Writes the network's statements.</p>",
        current_work="<p>A briefing for journalists.</p>",
        meetings="<p>First Monday of the month.</p>",
        get_involved="<p>Use the form.</p>",
        convenor_name="The press convenor",
        contact_email=PRIVATE_ADDRESS,
    )
    coffee = WorkingGroupPageFactory(
        parent=index_page,
        title="Coffee mornings",
        slug="coffee-mornings",
        summary="Weekly coffee mornings.",
        aim=communities,
        status="proposed",
    )
    archive = WorkingGroupPageFactory(
        parent=index_page,
        title="Old archive",
        slug="old-archive",
        summary="Closed down.",
        aim=communities,
        status="closed",
    )
    draft = WorkingGroupPageFactory(
        parent=index_page, title="Secret draft", slug="secret-draft", live=False
    )
    return {
        "home": home,
        "index": index_page,
        "press": press,
        "coffee": coffee,
        "archive": archive,
        "draft": draft,
    }


def test_index_lists_groups_by_aim_with_summary_and_status(client, groups_site):
    soup = soup_of(client.get("/working-groups/"))
    sections = soup.select("section.aim")
    assert [section.h2.get_text(strip=True) for section in sections] == [
        "Fighting the purge",
        "Campaigning in communities",
    ]
    assert texts(sections[0], ".group-card__title") == ["Press"]
    assert texts(sections[1], ".group-card__title") == ["Coffee mornings", "Old archive"]
    assert texts(sections[0], ".group-card__summary") == ["Statements and press releases."]
    assert texts(sections[1], ".group-card__status") == ["Status: Proposed", "Status: Closed"]
    assert "Secret draft" not in soup.get_text()
    assert soup.find("a", string="Propose a group")["href"] == "/working-groups/propose/"


def test_group_page_shows_what_the_group_does_and_a_join_form(client, groups_site):
    soup = soup_of(client.get("/working-groups/press/"))
    assert soup.h1.get_text(strip=True) == "Press"
    body = soup.main.get_text(" ", strip=True)
    for expected in [
        "Statements and press releases.",
        "Writes the network's statements.",
        "A briefing for journalists.",
        "First Monday of the month.",
        "Use the form.",
        "Convenor: The press convenor",
        "Aim: Fighting the purge",
        "Status: Active",
    ]:
        assert expected in body, expected
    form = soup.find("form", action="/working-groups/press/join/")
    labels = texts(form, "label")
    assert labels[:3] == [
        "Your name (required)",
        "Your email address (required)",
        "Message to the group",
    ]
    assert labels[3].startswith("I agree that the network keeps my name")


def test_closed_group_takes_no_join_requests(client, groups_site):
    soup = soup_of(client.get("/working-groups/old-archive/"))
    assert soup.find("form", action="/working-groups/old-archive/join/") is None
    assert "not taking new members" in soup.get_text()
    response = client.post("/working-groups/old-archive/join/", {"name": "Sam"})
    assert response.status_code == 404
    assert not JoinRequest.objects.exists()


def test_draft_groups_are_not_public(client, groups_site):
    assert client.get("/working-groups/secret-draft/").status_code == 404


def tagged_post(index_page, tag, days, live=True, **fields):
    post = BlogPageFactory(
        parent=index_page, date=datetime.date(2026, 1, 1) + datetime.timedelta(days=days), **fields
    )
    post.tags.add(tag)
    if live:
        post.save_revision().publish()
    else:
        post.live = False
        post.save()
    return post


def test_group_page_lists_its_three_latest_tagged_posts(client, groups_site):
    news = BlogIndexPageFactory(parent=groups_site["home"])
    for day in range(5):
        tagged_post(news, "press", day, title=f"Press news {day}")
    tagged_post(news, "press", 30, live=False, title="Unpublished press news")
    tagged_post(news, "coffee-mornings", 40, title="Coffee news")

    soup = soup_of(client.get("/working-groups/press/"))
    assert texts(soup, ".tagged-news .post-card__title") == [
        "Press news 4",
        "Press news 3",
        "Press news 2",
    ]
    assert soup.find("a", string="All news tagged “press”")["href"] == "/blog/tag/press/"

    groups_site["coffee"].news_tag = "Press"
    groups_site["coffee"].save_revision().publish()
    soup = soup_of(client.get("/working-groups/coffee-mornings/"))
    assert texts(soup, ".tagged-news .post-card__title")[0] == "Press news 4"


def test_group_and_index_pages_cost_the_same_queries_however_much_news(groups_site):
    news = BlogIndexPageFactory(parent=groups_site["home"])
    for day in range(3):
        tagged_post(news, "press", day)
    few_posts = count_queries(Client(), "/working-groups/press/", warm=True)
    few_groups = count_queries(Client(), "/working-groups/", warm=True)
    for day in range(3, 15):
        tagged_post(news, "press", day)
    for _number in range(10):
        WorkingGroupPageFactory(parent=groups_site["index"], aim=groups_site["press"].aim)
    assert count_queries(Client(), "/working-groups/press/", warm=True) == few_posts
    assert count_queries(Client(), "/working-groups/", warm=True) == few_groups


def test_home_page_shows_the_open_working_groups(client, groups_site):
    soup = soup_of(client.get("/"))
    section = soup.find("section", class_="home-working-groups")
    assert section is not None
    assert texts(section, ".group-card__title") == ["Press", "Coffee mornings"]
    assert section.find("a", string="All the working groups")["href"] == "/working-groups/"


def test_the_private_address_appears_in_no_public_response(client, groups_site):
    news = BlogIndexPageFactory(parent=groups_site["home"])
    tagged_post(news, "press", 1, title="Press news")
    paths = [
        "/",
        "/working-groups/",
        "/working-groups/press/",
        "/working-groups/propose/",
        "/search/?q=press",
        "/sitemap.xml",
        "/blog/feed/",
        "/blog/feed/atom/",
        "/blog/",
    ]
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert b"press-convenor-private" not in response.content, path
    assert "/working-groups/press/" in client.get("/sitemap.xml").content.decode()
    # Searching for the address (which the search page repeats back) finds no group.
    for query in [PRIVATE_ADDRESS, "press-convenor-private", "convenor private"]:
        search = soup_of(client.get("/search/", {"q": query}))
        assert search.select("ol.search-results li") == [], query
    assert "Press" in texts(soup_of(client.get("/search/?q=press")), "ol.search-results h3")

    response = client.post(
        "/working-groups/press/join/",
        {"name": "Sam Example", "email": "sam@example.net", "consent": "on"},
    )
    assert "Thank you" in response.content.decode()
    assert b"press-convenor-private" not in response.content
    visitor_emails = [message for message in mail.outbox if "sam@example.net" in message.to]
    assert len(visitor_emails) == 1
    assert "press-convenor-private" not in visitor_emails[0].message().as_string()


def test_the_private_address_is_not_offered_for_translation(groups_site):
    from wagtail_localize.fields import get_translatable_fields

    fields = {
        field.field_name: field.is_translated(groups_site["press"])
        for field in get_translatable_fields(WorkingGroupPage)
    }
    assert fields["contact_email"] is False
    assert fields["summary"] is True


class AdminAccessTests(TestCase):
    """Join requests and proposals hold personal data: moderators read them, editors never."""

    @classmethod
    def setUpTestData(cls):
        home = make_site_home()
        index_page = WorkingGroupIndexPageFactory(parent=home)
        cls.group = WorkingGroupPageFactory(parent=index_page, title="Press", slug="press")
        cls.join_request = JoinRequest.objects.create(
            group=cls.group,
            name="Sam Example",
            email="sam@example.net",
            message="I write well.",
            consent_text="I agree.",
            consented_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        )
        cls.proposal = GroupProposal.objects.create(
            page=WorkingGroupPageFactory(parent=index_page, title="Housing", live=False),
            proposer_name="Robin Proposer",
            proposer_email="robin@example.net",
            proposed_name="Housing",
            proposal_text="Tenants' unions.",
            consent_text="I agree.",
            consented_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
        )
        User = get_user_model()
        cls.editor = User.objects.create_user("editor", password="pw")
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.moderator = User.objects.create_user("moderator", password="pw")
        cls.moderator.groups.add(Group.objects.get(name="Moderators"))
        cls.admin = User.objects.create_superuser("admin", password="pw")

    def urls(self):
        join_pk, proposal_pk = self.join_request.pk, self.proposal.pk
        return {
            "join_index": reverse("joinrequest:index"),
            "join_inspect": reverse("joinrequest:inspect", args=[join_pk]),
            "proposal_index": reverse("groupproposal:index"),
            "proposal_inspect": reverse("groupproposal:inspect", args=[proposal_pk]),
        }

    def test_editors_cannot_see_join_requests_or_proposers(self):
        self.client.force_login(self.editor)
        for name, url in self.urls().items():
            response = self.client.get(url)
            assert response.status_code in (302, 403), name
            assert b"Sam Example" not in response.content
            assert b"robin@example.net" not in response.content
        assert b"Requests to join" not in self.client.get("/admin/").content

    def test_moderators_and_superusers_read_them(self):
        for user in [self.moderator, self.admin]:
            self.client.force_login(user)
            urls = self.urls()
            self.assertContains(self.client.get(urls["join_index"]), "Sam Example")
            inspect = self.client.get(urls["join_inspect"])
            self.assertContains(inspect, "sam@example.net")
            self.assertContains(inspect, "I agree.")
            self.assertContains(self.client.get(urls["proposal_inspect"]), "robin@example.net")
            self.assertContains(self.client.get("/admin/"), "Requests to join")

    def test_nobody_can_change_or_delete_them(self):
        for user in [self.moderator, self.admin]:
            self.client.force_login(user)
            for url in [
                reverse("joinrequest:edit", args=[self.join_request.pk]),
                reverse("joinrequest:delete", args=[self.join_request.pk]),
                reverse("joinrequest:add"),
                reverse("groupproposal:edit", args=[self.proposal.pk]),
            ]:
                response = self.client.post(url, {"name": "Changed"})
                assert response.status_code in (302, 403), url
        self.join_request.refresh_from_db()
        assert self.join_request.name == "Sam Example"
        assert JoinRequest.objects.count() == 1

    def test_editors_manage_aims(self):
        self.client.force_login(self.admin)
        response = self.client.post(
            reverse("wagtailsnippets_workinggroups_aim:add"),
            {"name": "Changing the party", "description": "", "sort_order": 2},
        )
        assert response.status_code == 302
        assert Aim.objects.filter(name="Changing the party").exists()


class DemoTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def test_demo_has_the_aims_the_groups_and_a_waiting_proposal(self):
        english = {"locale__language_code": "en"}
        assert list(Aim.objects.filter(**english).values_list("name", flat=True)) == [
            "Fighting the purge",
            "Changing the party",
            "Campaigning in communities",
        ]
        live_groups = WorkingGroupPage.objects.live().filter(**english)
        assert live_groups.count() == 9
        assert all(group.contact_email.endswith("@example.org") for group in live_groups)
        waiting = WorkingGroupPage.objects.get(live=False)
        assert waiting.status == "proposed"
        assert PublicSubmission.objects.filter(page=waiting).exists()
        assert WorkflowState.objects.for_instance(waiting).get().status == "in_progress"
        assert waiting.proposal.proposer_email == "proposer@example.org"

        soup = soup_of(self.client.get("/working-groups/"))
        assert len(soup.select(".group-card")) == 9
        assert waiting.title not in texts(soup, ".group-card__title")
        nav = soup.find("nav", attrs={"aria-label": "Main menu"})
        assert nav.find("a", string="Working groups")["href"] == "/working-groups/"

    def test_running_again_changes_nothing(self):
        counts = (Page.objects.count(), Aim.objects.count(), GroupProposal.objects.count())
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        assert (Page.objects.count(), Aim.objects.count(), GroupProposal.objects.count()) == counts


def test_a_moderator_approves_a_proposal_and_it_appears_as_proposed(client, groups_site):
    User = get_user_model()
    moderator = User.objects.create_user("moderator", email="mod@example.org", password="pw")
    moderator.groups.add(Group.objects.get(name="Moderators"))
    aim = Aim.objects.get(name="Fighting the purge")

    response = client.post(
        "/working-groups/propose/",
        {
            "proposer_name": "Robin Proposer",
            "proposer_email": "robin@example.net",
            "group_name": "Housing",
            "aim": aim.pk,
            "proposal": "Tenants' unions and housing campaigns.",
            "consent": "on",
        },
    )
    assert "Thank you for your proposal" in response.content.decode()
    page = WorkingGroupPage.objects.get(title="Housing")
    # Wagtail tells the Moderators group, by email, that a page is waiting for them.
    moderator_emails = [message for message in mail.outbox if message.to == ["mod@example.org"]]
    assert len(moderator_emails) == 1
    assert "Housing" in moderator_emails[0].body
    assert "robin@example.net" not in moderator_emails[0].body

    moderator_client = Client()
    moderator_client.force_login(moderator)
    dashboard = moderator_client.get("/admin/")
    assert "Housing" in dashboard.content.decode()
    assert "Public submission" in dashboard.content.decode()
    state = WorkflowState.objects.for_instance(page).get()
    response = moderator_client.post(
        reverse(
            "wagtailadmin_pages:workflow_action",
            args=[page.pk, "approve", state.current_task_state.pk],
        ),
        {"comment": ""},
    )
    assert response.status_code in (200, 302)
    page.refresh_from_db()
    assert page.live
    state.refresh_from_db()
    assert state.status == "approved"

    soup = soup_of(client.get("/working-groups/"))
    card = next(card for card in soup.select(".group-card") if "Housing" in card.get_text())
    assert "Status: Proposed" in card.get_text(" ", strip=True)
    group_page = soup_of(client.get("/working-groups/housing/")).get_text()
    assert "Tenants' unions and housing campaigns." in group_page
    assert "Robin Proposer" not in group_page
    assert "robin@example.net" not in group_page

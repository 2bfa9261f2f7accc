"""The page cache (portal/page_cache.py): anonymous visitors' pages come from Redis, and
every change an editor, a moderator, the worker or a visitor makes shows on the next
request; signed-in people, previews, forms' answers and personal pages never enter it."""

import json
from datetime import timedelta

from django.core.cache import caches
from django.core.management import call_command
from django.db import connection
from django.http import HttpResponse
from django.test import Client, RequestFactory, TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from wagtail.models import Locale, PageViewRestriction

import pytest

from events.emails import cancel_token
from events.models import EventRegistration
from home.models import OrganisationSettings
from portal import page_cache
from portal.frontend_cache import purge_site
from privacy.spam import RATE_LIMIT_POSTS
from privacy.withdrawal import withdrawal_url
from tests.support.environment import run_python
from tests.support.factories import (
    BlogCategoryFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    ContactFormFieldFactory,
    ContactPageFactory,
    EventIndexPageFactory,
    EventPageFactory,
    EventRegistrationFactory,
    MainMenuFactory,
    MainMenuItemFactory,
    StandardPageFactory,
    make_member,
    make_site_home,
    page_form_data,
)
from tests.support.html import soup_of, texts
from tests.support.purge_server import PurgeServer

CACHED = override_settings(PAGE_CACHE_SECONDS=300)
VISITOR = {"name": "Sam Visitorname", "email": "sam.visitor@example.net", "consent": "on"}


def stored_bytes():
    """Every value in the suite's Redis database (the page cache and the default cache)."""
    client = caches["pages"]._cache.get_client()
    return [client.get(key) or b"" for key in client.scan_iter(count=1000)]


def make_site(**kwargs):
    """The site's home page, with its settings row made (the first page view would make it,
    and a new row is a change that empties the cache)."""
    home = make_site_home(**kwargs)
    OrganisationSettings.for_site(home.get_site())
    return home


def cache_state(response):
    return response.headers.get("X-Page-Cache")


def publish(page, **changes):
    for name, value in changes.items():
        setattr(page, name, value)
    page.save_revision().publish()


@CACHED
class VisitorTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site(title="Home", hero_heading="Organising everywhere")
        cls.about = StandardPageFactory(parent=cls.home, title="About us", slug="about")
        cls.other = StandardPageFactory(parent=cls.home, title="Campaigns", slug="campaigns")

    def test_the_second_visit_is_answered_from_the_cache_without_a_query(self):
        first = self.client.get("/about/")
        assert (first.status_code, cache_state(first)) == (200, "miss")
        with CaptureQueriesContext(connection) as queries:
            second = self.client.get("/about/")
        assert cache_state(second) == "hit"
        assert len(queries) == 0
        assert second.content == first.content
        # Headers added on the way out are still there on a hit.
        assert second["Content-Security-Policy"] == first["Content-Security-Policy"]
        assert second["Permissions-Policy"] == first["Permissions-Policy"]
        assert second["X-Frame-Options"] == "DENY"
        head = self.client.head("/about/")
        assert (head.status_code, cache_state(head)) == (200, "hit")

    def test_query_strings_are_cached_apart(self):
        self.client.get("/about/")
        other = self.client.get("/about/?page=2")
        assert cache_state(other) == "miss"

    def test_a_new_title_shows_at_once(self):
        self.client.get("/about/")
        publish(self.about, title="Who we are")
        response = self.client.get("/about/")
        assert cache_state(response) == "miss"
        assert texts(soup_of(response), "h1") == ["Who we are"]

    def test_an_unpublished_page_is_gone_at_once(self):
        self.client.get("/about/")
        self.about.unpublish()
        response = self.client.get("/about/")
        assert response.status_code == 404
        # Not-found answers are not kept: publishing the page again shows it.
        assert cache_state(response) is None

    def test_a_moved_page_answers_at_its_new_address_and_the_old_one_redirects(self):
        assert self.client.get("/about/").status_code == 200
        self.about.move(self.other, pos="last-child")
        old = self.client.get("/about/")
        assert (old.status_code, old["Location"]) == (301, "/campaigns/about/")
        assert self.client.get("/campaigns/about/").status_code == 200

    def test_a_deleted_page_is_gone_at_once(self):
        self.client.get("/about/")
        self.about.delete()
        assert self.client.get("/about/").status_code == 404

    def test_a_view_restriction_applies_at_once(self):
        self.client.get("/about/")
        PageViewRestriction.objects.create(
            page=self.about, restriction_type=PageViewRestriction.PASSWORD, password="s3cret-pass"
        )
        response = self.client.get("/about/")
        assert "A short introduction." not in response.content.decode()
        assert soup_of(response).find("input", attrs={"type": "password"}) is not None

    def test_the_main_menu_changes_on_every_page_at_once(self):
        menu = MainMenuFactory()
        item = MainMenuItemFactory(menu=menu, link_page=self.about, link_text="About")
        assert "About" in texts(soup_of(self.client.get("/campaigns/")), "nav a")
        item.link_text = "Who we are"
        item.save()
        response = self.client.get("/campaigns/")
        assert "Who we are" in texts(soup_of(response), "nav a")

    def test_the_organisation_settings_show_at_once(self):
        self.client.get("/about/")
        settings = OrganisationSettings.for_site(self.home.get_site())
        settings.contact_email = "hello@network.example.org"
        settings.save()
        assert "hello@network.example.org" in self.client.get("/about/").content.decode()

    def test_a_signed_in_editor_neither_gets_nor_fills_the_cache(self):
        editor = make_member("Editors", username="editor")
        staff = Client()
        staff.force_login(editor)
        first = staff.get("/about/")
        assert (first.status_code, cache_state(first)) == (200, None)
        # The editor's visit left nothing: the next visitor's is a miss.
        assert cache_state(self.client.get("/about/")) == "miss"
        assert cache_state(self.client.get("/about/")) == "hit"
        assert cache_state(staff.get("/about/")) is None

    def test_a_preview_never_enters_the_cache(self):
        moderator = make_member("Moderators", username="moderator")
        staff = Client()
        staff.force_login(moderator)
        self.client.get("/about/")
        preview_url = f"/admin/pages/{self.about.pk}/edit/preview/"
        data = page_form_data(title="Secret draft title", slug="about", intro="Not yet.")
        assert staff.post(preview_url, data).json()["is_valid"]
        preview = staff.get(preview_url)
        assert "Secret draft title" in preview.content.decode()
        assert cache_state(preview) is None
        visitor = self.client.get("/about/")
        assert "Secret draft title" not in visitor.content.decode()
        assert not any(b"Secret draft title" in value for value in stored_bytes())

    def test_the_admin_and_the_health_check_are_never_cached(self):
        for path in ("/admin/login/", "/healthz", "/admin/login/"):
            assert cache_state(self.client.get(path)) is None

    def test_a_visitor_with_a_message_waiting_is_not_served_from_the_cache(self):
        self.client.get("/about/")
        self.client.cookies["messages"] = "something for this visitor"
        assert cache_state(self.client.get("/about/")) is None

    @override_settings(PAGE_CACHE_SECONDS=0)
    def test_nought_seconds_turns_the_cache_off(self):
        self.client.get("/about/")
        assert cache_state(self.client.get("/about/")) is None


@CACHED
class ListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.index = BlogIndexPageFactory(parent=cls.home)
        cls.category = BlogCategoryFactory(name="Campaigns", slug="campaigns")
        cls.post = BlogPageFactory(
            parent=cls.index, title="Plymouth group launched", slug="plymouth"
        )
        cls.post.categories.set([cls.category])
        publish(cls.post)

    def test_a_category_renamed_shows_on_the_post_and_its_archive(self):
        self.client.get("/blog/plymouth/")
        self.client.get("/blog/category/campaigns/")
        self.category.name = "Campaign news"
        self.category.save()
        assert "Campaign news" in self.client.get("/blog/plymouth/").content.decode()
        archive = self.client.get("/blog/category/campaigns/")
        assert "Campaign news" in archive.content.decode()

    def test_a_new_post_shows_in_the_listing_the_feed_and_the_search(self):
        for path in ("/blog/", "/blog/feed/", "/search/?q=Exeter", "/sitemap.xml"):
            self.client.get(path)
            assert cache_state(self.client.get(path)) == "hit", path
        BlogPageFactory(parent=self.index, title="Exeter group launched", slug="exeter")
        for path in ("/blog/", "/blog/feed/", "/search/?q=Exeter", "/sitemap.xml"):
            response = self.client.get(path)
            assert cache_state(response) == "miss", path
            assert "xeter" in response.content.decode(), path


@CACHED
class WelshTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site(title="Home", hero_heading="Organising everywhere")
        welsh = Locale.objects.get_or_create(language_code="cy")[0]
        cls.welsh_home = cls.home.copy_for_translation(welsh)
        publish(cls.welsh_home, title="Hafan", hero_heading="Trefnu ym mhobman")

    def test_each_language_is_cached_apart(self):
        for _visit in range(2):
            english = self.client.get("/")
            welsh = self.client.get("/cy/")
        assert (cache_state(english), cache_state(welsh)) == ("hit", "hit")
        assert soup_of(english).html["lang"] == "en"
        assert soup_of(welsh).html["lang"] == "cy"
        assert "Trefnu ym mhobman" in welsh.content.decode()
        assert "Trefnu ym mhobman" not in english.content.decode()

    def test_a_translation_published_shows_in_the_other_language_switcher(self):
        about = StandardPageFactory(parent=self.home, title="About us", slug="about")
        self.client.get("/about/")
        welsh_about = about.copy_for_translation(self.welsh_home.locale)
        publish(welsh_about, title="Amdanom ni")
        switcher = soup_of(self.client.get("/about/")).select('a[hreflang="cy"]')
        assert switcher, "the English page links its new Welsh version"


@CACHED
class FormTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site()
        cls.index = EventIndexPageFactory(parent=cls.home)
        cls.event = EventPageFactory(parent=cls.index, slug="fightback", capacity=3)

    def test_a_form_from_a_cached_page_is_accepted_from_a_new_visitor(self):
        self.client.get("/events/fightback/")
        newcomer = Client(enforce_csrf_checks=True)
        page = newcomer.get("/events/fightback/")
        assert cache_state(page) == "hit"
        assert "csrftoken" not in page.cookies
        form = soup_of(page).find("form", attrs={"method": "post"})
        fields = {
            field["name"]: field.get("value", "")
            for field in form.find_all("input")
            if field.get("name") and field.get("type") not in ("checkbox",)
        }
        response = newcomer.post(
            form["action"], {**fields, **VISITOR}, HTTP_ORIGIN="http://testserver"
        )
        assert response.status_code == 200
        assert "We have sent an email" in response.content.decode()
        assert "private" in response["Cache-Control"]
        assert EventRegistration.objects.filter(email=VISITOR["email"]).exists()
        # The places left changed: the next visitor sees it.
        after = self.client.get("/events/fightback/")
        assert texts(soup_of(after), ".event__places") == ["1 registered, 2 places left"]

    def test_the_honeypot_still_keeps_nothing(self):
        self.client.get("/events/fightback/")
        self.client.post(
            "/events/fightback/register/",
            {**VISITOR, "website": "http://spam.example"},
            HTTP_ORIGIN="http://testserver",
        )
        assert not EventRegistration.objects.exists()

    def test_the_rate_limit_still_holds_behind_a_cached_page(self):
        self.client.get("/events/fightback/")
        answers = [
            self.client.post(
                "/events/fightback/register/", {"name": ""}, HTTP_ORIGIN="http://testserver"
            ).status_code
            for _post in range(RATE_LIMIT_POSTS + 1)
        ]
        assert answers == [200] * RATE_LIMIT_POSTS + [429]
        assert cache_state(self.client.get("/events/fightback/")) == "hit"

    def test_no_personal_data_enters_the_cache(self):
        contact = ContactPageFactory(parent=self.home)
        ContactFormFieldFactory(page=contact, label="Your name", field_type="singleline")
        ContactFormFieldFactory(page=contact, label="Your message", field_type="multiline")
        registration = EventRegistrationFactory(event=self.event, name="Ada Registered")
        pages = ["/", "/events/", "/events/fightback/", "/contact/", "/sitemap.xml"]
        for path in pages:
            self.client.get(path)
        self.client.post(
            "/contact/",
            {"your_name": "Bea Contactname", "your_message": "bea@example.net wrote this"},
            HTTP_ORIGIN="http://testserver",
        )
        self.client.post("/events/fightback/register/", VISITOR, HTTP_ORIGIN="http://testserver")
        cancel = self.client.get(f"/events/fightback/cancel/?token={cancel_token(registration)}")
        assert "private" in cancel["Cache-Control"]
        withdrawal = self.client.get(withdrawal_url(VISITOR["email"]).split("testserver")[-1])
        assert (withdrawal.status_code, cache_state(withdrawal)) == (200, None)
        for path in pages:
            self.client.get(path)
        values = b"".join(stored_bytes())
        assert values.count(b"<html") >= len(pages) - 1  # the pages are there (not the sitemap)
        for personal in (
            b"Sam Visitorname",
            b"sam.visitor@example.net",
            b"Ada Registered",
            registration.email.encode(),
            b"Bea Contactname",
            b"bea@example.net",
        ):
            assert personal not in values, personal


class MiddlewareRulesTests(TestCase):
    """What the middleware refuses, on responses no page of the site gives today."""

    def setUp(self):
        self.factory = RequestFactory()

    def through_middleware(self, make_response):
        calls = []

        def view(request):
            calls.append(request)
            return make_response()

        middleware = page_cache.PageCacheMiddleware(view)
        responses = [middleware(self.factory.get("/anything/")) for _visit in range(2)]
        return responses, len(calls)

    @CACHED
    def test_a_response_that_sets_a_cookie_is_not_kept(self):
        def with_cookie():
            response = HttpResponse("<p>Hello</p>")
            response.set_cookie("tracking", "visitor-42")
            return response

        responses, calls = self.through_middleware(with_cookie)
        assert calls == 2
        assert [cache_state(response) for response in responses] == [None, None]

    @CACHED
    def test_a_policy_with_a_nonce_is_not_frozen_into_a_cached_page(self):
        def with_nonce():
            response = HttpResponse("<script nonce='abc'></script>")
            response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
            return response

        _responses, calls = self.through_middleware(with_nonce)
        assert calls == 2

    @CACHED
    def test_private_and_no_store_answers_are_not_kept(self):
        for cache_control in ("private", "no-store", "no-cache", "max-age=0"):

            def marked(value=cache_control):
                response = HttpResponse("<p>Yours</p>")
                response["Cache-Control"] = value
                return response

            _responses, calls = self.through_middleware(marked)
            assert calls == 2, cache_control

    @CACHED
    def test_a_plain_page_is_kept(self):
        responses, calls = self.through_middleware(lambda: HttpResponse("<p>Everyone's</p>"))
        assert calls == 1
        assert [cache_state(response) for response in responses] == ["miss", "hit"]


def test_writes_no_page_shows_leave_the_cache_alone():
    from django.contrib.sessions.models import Session

    from wagtail.contrib.search_promotions.models import Query
    from wagtail.models import Revision

    from search.models import UnansweredSearchDay

    for model in (Session, Query, UnansweredSearchDay, Revision):
        assert not page_cache.shown_on_pages(model), model
    for model in (OrganisationSettings, PageViewRestriction, EventRegistration):
        assert page_cache.shown_on_pages(model), model


# The worker commits as in production: no test transaction.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(
    PAGE_CACHE_SECONDS=300, TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
)
def test_a_change_the_worker_publishes_on_time_shows_at_once(client):
    home = make_site()
    page = StandardPageFactory(parent=home, title="Conference", slug="conference")
    page.save_revision().publish()
    page.refresh_from_db()
    page.title = "Conference report"
    page.go_live_at = timezone.now() + timedelta(hours=1)
    scheduled = page.save_revision()
    scheduled.publish()
    assert texts(soup_of(client.get("/conference/")), "h1") == ["Conference"]
    assert cache_state(client.get("/conference/")) == "hit"

    moment_passed = timezone.now() - timedelta(seconds=1)
    scheduled.content["go_live_at"] = moment_passed.isoformat()
    scheduled.approved_go_live_at = moment_passed
    scheduled.save(update_fields=["content", "approved_go_live_at"])
    call_command("run_worker", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert texts(soup_of(client.get("/conference/")), "h1") == ["Conference report"]


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker_once():
    call_command("run_worker", "--once", stdout=open("/dev/null", "w"))  # noqa: SIM115


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_cdn_is_purged_by_the_worker_after_a_publish_and_a_menu_change(client):
    with (
        PurgeServer() as cdn,
        override_settings(
            PAGE_CACHE_SECONDS=300,
            TASKS=DATABASE_QUEUE,
            WAGTAILFRONTENDCACHE={
                "default": {"BACKEND": "portal.frontend_cache.PurgeURLBackend", "LOCATION": cdn.url}
            },
        ),
    ):
        home = make_site()
        about = StandardPageFactory(parent=home, title="About us", slug="about")
        StandardPageFactory(parent=home, title="Campaigns", slug="campaigns")
        run_worker_once()
        cdn.purges.clear()

        publish(about, title="Who we are")
        # The editor's request only queued the purge.
        assert cdn.purges == []
        run_worker_once()
        purged = {path for _host, path in cdn.purges}
        assert {"/about/", "/", "/campaigns/", "/sitemap.xml", "/cy/search/"} <= purged
        assert {host for host, _path in cdn.purges} == {"localhost"}

        # A second worker pass with nothing new purges nothing again.
        cdn.purges.clear()
        purge_site.enqueue()
        run_worker_once()
        assert cdn.purges == []

        # A menu shows on every page: every page is purged.
        MainMenuItemFactory(menu=MainMenuFactory(), link_page=about, link_text="About")
        run_worker_once()
        assert {"/about/", "/", "/campaigns/"} <= {path for _host, path in cdn.purges}


def test_a_cdn_without_its_settings_refuses_to_start():
    for variables, message in (
        ({"FRONTEND_CACHE": "cloudflare"}, "needs CLOUDFLARE_ZONE_ID and CLOUDFLARE_BEARER_TOKEN"),
        ({"FRONTEND_CACHE": "cloudfront"}, "needs CLOUDFRONT_DISTRIBUTION_ID"),
        ({"FRONTEND_CACHE": "fastly"}, "use cloudflare, cloudfront or purge-url"),
        (
            {"FRONTEND_CACHE": "purge-url", "FRONTEND_CACHE_PURGE_URL": "varnish:6081"},
            "must be an http(s) address",
        ),
        ({"PAGE_CACHE_SECONDS": "five minutes"}, "PAGE_CACHE_SECONDS must be a whole number"),
    ):
        result = run_python("import django; django.setup()", "portal.settings.base", **variables)
        assert result.returncode != 0, variables
        assert message in result.stderr, result.stderr[-500:]


def test_the_cdn_and_the_page_cache_are_configured_from_the_environment():
    code = (
        "import json; from django.conf import settings as s; print(json.dumps("
        "[s.PAGE_CACHE_SECONDS, s.WAGTAILFRONTENDCACHE, s.CACHES['pages']]))"
    )
    result = run_python(
        code,
        "portal.settings.base",
        SECRET_KEY="x" * 50,
        PAGE_CACHE_SECONDS="60",
        REDIS_URL="redis://127.0.0.1:6379/0",
        FRONTEND_CACHE="cloudflare",
        CLOUDFLARE_ZONE_ID="zone",
        CLOUDFLARE_BEARER_TOKEN="token",
    )
    assert result.returncode == 0, result.stderr
    seconds, frontend, pages = json.loads(result.stdout)
    assert seconds == 60
    assert frontend["default"]["ZONEID"] == "zone"
    assert (pages["LOCATION"], pages["KEY_PREFIX"]) == ("redis://127.0.0.1:6379/0", "pages")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@override_settings(PAGE_CACHE_SECONDS=300, TASKS=DATABASE_QUEUE)
def test_a_page_of_search_results_follows_the_worker_indexing_a_new_page(client):
    def result_titles():
        page = soup_of(client.get("/search/?q=conference"))
        return texts(page, ".search-result__title")

    home = make_site()
    conference = StandardPageFactory(parent=home, title="Conference", slug="conference")
    conference.save_revision().publish()
    run_worker_once()
    assert result_titles() == ["Conference"]
    assert cache_state(client.get("/search/?q=conference")) == "hit"

    report = StandardPageFactory(parent=home, title="Conference report", slug="report")
    report.save_revision().publish()
    # Published, not yet indexed: a visitor's search meanwhile is cached without it...
    assert result_titles() == ["Conference"]
    run_worker_once()
    # ...and the worker's indexing moves the cache on.
    assert sorted(result_titles()) == ["Conference", "Conference report"]

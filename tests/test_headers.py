"""Response headers and cookies, as a visitor's browser and a security scanner see them.

Production settings behind a TLS-terminating proxy (TRUST_X_FORWARDED_PROTO): every public
page type scores an A+ (100 or more) by the HTTP Observatory's rules (tests/observatory.py),
sets no cookie for a reader, and its forms still work for a first-time visitor.
"""

from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from wagtail.models import Page

from blog.models import BlogIndexPage
from directory.models import LocalGroupIndexPage
from home.models import ContactPage
from portal.security_headers import PERMISSIONS_POLICY
from tests.support import observatory
from workinggroups.models import WorkingGroupIndexPage

BEHIND_TLS_PROXY = override_settings(
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    SECURE_SSL_REDIRECT=True,
    SESSION_COOKIE_SECURE=True,
    CSRF_COOKIE_SECURE=True,
)
SITE_ORIGIN = "https://testserver"
# Browsers always send Host; without it Django would name the port of the proxied request.


def public_urls():
    """One address of every kind a visitor can open: each page type, each form, the
    search, the Welsh site and the 'not found' page."""
    urls = {}
    for page in Page.objects.live().filter(depth__gt=1, locale__language_code="en").specific():
        urls.setdefault(type(page).__name__, page.url)
    urls.update(
        {
            "proposal form": f"{WorkingGroupIndexPage.objects.first().url}propose/",
            "registration form": f"{LocalGroupIndexPage.objects.first().url}register/",
            "directory search": f"{LocalGroupIndexPage.objects.first().url}?q=group",
            "blog page 2": f"{BlogIndexPage.objects.first().url}?page=2",
            "search": "/search/?q=meeting",
            "welsh home": "/cy/",
            "not found": "/no-such-page/",
        }
    )
    return urls


class PublicPageHeaderTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def setUp(self):
        self.urls = public_urls()
        # Every public page type of the portal is covered.
        assert {"HomePage", "StandardPage", "ContactPage", "BlogIndexPage", "BlogPage"} <= set(
            self.urls
        )
        assert {"WorkingGroupIndexPage", "WorkingGroupPage", "LocalGroupIndexPage"} <= set(
            self.urls
        )
        assert "LocalGroupPage" in self.urls

    @BEHIND_TLS_PROXY
    def test_every_public_page_type_scores_an_a_plus(self):
        for kind, url in self.urls.items():
            with self.subTest(kind=kind, url=url):
                client = Client()
                response = client.get(url, HTTP_X_FORWARDED_PROTO="https")
                assert response.status_code in (200, 404), (kind, response.status_code)
                over_http = Client().get(url)
                score, results = observatory.grade(response, over_http, "testserver")
                assert score >= 100, (kind, score, results)

    @BEHIND_TLS_PROXY
    def test_a_reader_gets_no_cookie_at_all(self):
        for kind, url in self.urls.items():
            with self.subTest(kind=kind, url=url):
                response = Client().get(url, HTTP_X_FORWARDED_PROTO="https")
                assert dict(response.cookies) == {}, (kind, list(response.cookies))

    def test_every_response_denies_powerful_browser_features(self):
        client = Client()
        for url in [
            *self.urls.values(),
            "/admin/login/",
            "/healthz",
            "/robots.txt",
            "/sitemap.xml",
            "/static/css/portal.css",
            "/blog/feed/",
        ]:
            with self.subTest(url=url):
                response = client.get(url)
                assert response["Permissions-Policy"] == PERMISSIONS_POLICY
                assert "camera=()" in response["Permissions-Policy"]
                assert "geolocation=()" in response["Permissions-Policy"]

    def test_public_pages_allow_nothing_not_listed(self):
        policy = observatory.parse_csp(Client().get("/")["Content-Security-Policy"])
        assert policy["default-src"] == ["'none'"]
        assert policy["script-src"] == ["'self'"]
        assert policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in policy["style-src"]

    def test_the_admin_has_its_own_policy(self):
        response = Client().get("/admin/login/")
        policy = observatory.parse_csp(response["Content-Security-Policy"])
        assert policy["default-src"] == ["'self'"]
        assert policy["object-src"] == ["'none'"]
        assert policy["frame-ancestors"] == ["'self'"]
        assert policy["form-action"] == ["'self'"]
        assert policy["connect-src"] == ["'self'"]
        # Only one policy: django-csp's public one is not sent as well.
        assert len(response.headers.get("Content-Security-Policy").split(", ")) == 1


class FirstVisitFormTests(TestCase):
    """A new visitor, with no cookie, sends a public form: CSRF enforced as in production."""

    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
        cls.page = ContactPage.objects.get()
        cls.consent = cls.page.form_fields.get(field_type="checkbox").clean_name

    def message(self):
        return {
            "your_name": "Sam Example",
            "your_email_address": "sam@example.net",
            "your_message": "Is there a group near Truro?",
            self.consent: "on",
        }

    @BEHIND_TLS_PROXY
    def test_a_first_time_visitor_sends_the_contact_form(self):
        visitor = Client(enforce_csrf_checks=True, HTTP_HOST="testserver")
        form_page = visitor.get(self.page.url, HTTP_X_FORWARDED_PROTO="https")
        assert dict(form_page.cookies) == {}
        response = visitor.post(
            self.page.url,
            self.message(),
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_ORIGIN=SITE_ORIGIN,
        )
        assert response.status_code == 200, response.content.decode()[:2000]
        assert "Thank you for writing to us" in response.content.decode()
        assert dict(response.cookies) == {}

    @BEHIND_TLS_PROXY
    def test_a_form_sent_from_another_site_is_refused(self):
        attacker = Client(enforce_csrf_checks=True, HTTP_HOST="testserver")
        response = attacker.post(
            self.page.url,
            self.message(),
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_ORIGIN="https://evil.example",
        )
        assert response.status_code == 403
        plain_http = attacker.post(
            self.page.url,
            self.message(),
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_ORIGIN="http://testserver",
        )
        assert plain_http.status_code == 403

    @BEHIND_TLS_PROXY
    def test_a_request_that_names_no_origin_needs_django_s_token(self):
        response = Client(enforce_csrf_checks=True, HTTP_HOST="testserver").post(
            self.page.url, self.message(), HTTP_X_FORWARDED_PROTO="https"
        )
        assert response.status_code == 403

    @BEHIND_TLS_PROXY
    def test_the_admin_keeps_django_s_token_and_cookie(self):
        client = Client(enforce_csrf_checks=True, HTTP_HOST="testserver")
        login_page = client.get("/admin/login/", HTTP_X_FORWARDED_PROTO="https")
        cookie = login_page.cookies["csrftoken"]
        assert cookie["secure"]
        assert cookie["samesite"] == "Lax"
        # The right origin alone is not enough in the admin.
        without_token = Client(enforce_csrf_checks=True, HTTP_HOST="testserver").post(
            "/admin/login/",
            {"username": "x", "password": "y"},
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_ORIGIN=SITE_ORIGIN,
        )
        assert without_token.status_code == 403


def test_csrf_protection_stays_in_the_middleware():
    from django.conf import settings
    from django.middleware.csrf import CsrfViewMiddleware
    from django.utils.module_loading import import_string

    assert any(issubclass(import_string(name), CsrfViewMiddleware) for name in settings.MIDDLEWARE)


def test_the_score_of_a_bare_response_follows_the_published_rules():
    from django.http import HttpResponse, HttpResponsePermanentRedirect

    bare = HttpResponse("<p>hello</p>")
    for header in list(bare.headers):
        del bare.headers[header]
    score, results = observatory.grade(bare, HttpResponse("no redirect"), "example.org")
    # 100 - 25 (CSP) - 20 (redirect) - 20 (HSTS) - 5 (nosniff) - 20 (framing) = 10
    assert score == 10
    assert results["content-security-policy"] == "csp-not-implemented"

    good = HttpResponse("<script src='/static/a.js'></script>")
    good.headers["Content-Security-Policy"] = (
        "default-src 'none'; script-src 'self'; frame-ancestors 'none'"
    )
    good.headers["Strict-Transport-Security"] = "max-age=31536000"
    good.headers["X-Content-Type-Options"] = "nosniff"
    good.headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    redirect = HttpResponsePermanentRedirect("https://example.org/")
    assert observatory.grade(good, redirect, "example.org")[0] == 120

    good.headers["Content-Security-Policy"] = (
        "default-src 'self'; script-src 'self' 'unsafe-inline'"
    )
    score, results = observatory.grade(good, redirect, "example.org")
    assert results["content-security-policy"] == "csp-implemented-with-unsafe-inline"
    # 100 - 20 (unsafe-inline) - 20 (framing no longer forbidden); below 90, no bonus.
    assert score == 60

"""What every page gives every visitor: structure for assistive technology, no third-party
assets, a strict content security policy, and error pages in the site's design."""

import logging
from urllib.parse import urlsplit

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client, TestCase, override_settings

from bs4 import BeautifulSoup

PUBLIC_PATHS = [
    "/",
    "/about/",
    "/join/",
    "/privacy/",
    "/contact/",
    "/search/?q=party",
    "/working-groups/",
    "/working-groups/press/",
    "/working-groups/propose/",
]


class PageStructureTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115

    def soup(self, path, status=200):
        response = self.client.get(path)
        self.assertEqual(response.status_code, status, path)
        return response, BeautifulSoup(response.content, "html.parser")

    def test_every_page_has_language_landmarks_and_a_skip_link_first(self):
        for path in PUBLIC_PATHS:
            with self.subTest(path=path):
                _response, soup = self.soup(path)
                self.assertEqual(soup.html["lang"], "en")
                first_link = soup.body.find("a")
                self.assertEqual(first_link["href"], "#main-content")
                self.assertEqual(first_link.get_text(strip=True), "Skip to main content")
                self.assertIsNotNone(soup.find("main", id="main-content"))
                self.assertIsNotNone(soup.find("header"))
                self.assertIsNotNone(soup.find("nav", attrs={"aria-label": "Main menu"}))
                self.assertIsNotNone(soup.find("footer"))
                self.assertEqual(len(soup.find_all("h1")), 1)

    def test_no_inline_script_or_style_and_no_asset_from_another_site(self):
        for path in PUBLIC_PATHS:
            with self.subTest(path=path):
                _response, soup = self.soup(path)
                self.assertEqual(soup.find_all("style"), [])
                self.assertEqual([s for s in soup.find_all("script") if not s.get("src")], [])
                self.assertEqual(soup.find_all(style=True), [])
                self.assertEqual(
                    [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)],
                    [],
                )
                assets = [
                    *[(script, "src") for script in soup.find_all("script")],
                    *[(image, "src") for image in soup.find_all("img")],
                    *[
                        (link, "href")
                        for link in soup.find_all("link")
                        if {"stylesheet", "icon", "preload", "modulepreload"} & set(link["rel"])
                    ],
                ]
                # Pictures come from the media storage (the S3 bucket), as the policy allows.
                media_origin = urlsplit(default_storage.url("images/x.jpg")).netloc
                for element, attribute in assets:
                    origin = urlsplit(element[attribute]).netloc
                    if element.name == "img" and origin == media_origin:
                        continue
                    self.assertFalse(origin, element[attribute])

    def test_pages_are_served_under_a_strict_content_security_policy(self):
        response, _soup = self.soup("/about/")
        policy = response["Content-Security-Policy"]
        self.assertIn("script-src 'self'", policy)
        self.assertIn("style-src 'self'", policy)
        self.assertIn("object-src 'none'", policy)
        self.assertNotIn("unsafe-inline", policy)

    def test_menu_marks_the_current_page(self):
        _response, soup = self.soup("/about/")
        current = soup.find("a", attrs={"aria-current": "page"})
        self.assertEqual(current.get_text(strip=True), "About us")

    def test_unknown_address_gets_a_404_in_the_site_design(self):
        response, soup = self.soup("/no-such-page/", status=404)
        self.assertEqual(soup.h1.get_text(strip=True), "Page not found")
        self.assertIsNotNone(soup.find("nav", attrs={"aria-label": "Main menu"}))
        self.assertEqual(soup.body.find("a")["href"], "#main-content")

    def test_welsh_address_shows_the_welsh_page_when_there_is_one(self):
        # The demo translates the home page (demo/translations.py).
        _response, soup = self.soup("/cy/")
        self.assertEqual(soup.html["lang"], "cy")
        self.assertEqual(soup.h1.get_text(strip=True), "Trefnu lle caewyd ein pleidiau lleol")
        # English stays at the root, with no prefix.
        _response, soup = self.soup("/")
        self.assertEqual(soup.html["lang"], "en")

    def test_untranslated_page_under_welsh_prefix_is_marked_as_english(self):
        _response, soup = self.soup("/cy/join/")
        self.assertEqual(soup.h1.get_text(strip=True), "Join us")
        self.assertEqual(soup.html["lang"], "en")

    def test_robots_and_sitemap_list_the_public_pages(self):
        robots = self.client.get("/robots.txt")
        self.assertContains(robots, "Disallow: /admin/")
        self.assertContains(robots, "Sitemap: http://testserver/sitemap.xml")
        sitemap = self.client.get("/sitemap.xml").content.decode()
        for path in ["/about/", "/join/", "/privacy/", "/contact/"]:
            self.assertIn(f"<loc>http://localhost{path}</loc>", sitemap)


@override_settings(ROOT_URLCONF="tests.support.urls_failing")
class ServerErrorTests(TestCase):
    def test_a_crash_shows_a_friendly_page_and_logs_the_cause(self):
        client = Client(raise_request_exception=False)
        with self.assertLogs("django.request", level=logging.ERROR) as logs:
            response = client.get("/broken/")
        self.assertEqual(response.status_code, 500)
        page = response.content.decode()
        self.assertIn("Something went wrong", page)
        self.assertIn('href="#main-content"', page)
        self.assertNotIn("database exploded", page)
        self.assertNotIn("Traceback", page)
        self.assertIn("database exploded", "\n".join(logs.output))

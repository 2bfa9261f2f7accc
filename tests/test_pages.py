"""Which pages go where, that editors can create them, and that every block renders."""

from django.test import TestCase

from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from blog.models import BlogIndexPage
from directory.models import LocalGroupIndexPage
from events.models import EventIndexPage
from home.models import ContactPage, HomePage, StandardPage
from tests.support.factories import StandardPageFactory, make_site_home
from workinggroups.models import WorkingGroupIndexPage


class PageTreeRulesTests(WagtailPageTestCase):
    def test_home_page_sits_only_at_the_root(self):
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_home_page_holds_standard_and_contact_pages(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                StandardPage,
                ContactPage,
                BlogIndexPage,
                WorkingGroupIndexPage,
                LocalGroupIndexPage,
                EventIndexPage,
            },
        )

    def test_standard_pages_nest_under_home_or_each_other(self):
        self.assertAllowedParentPageTypes(StandardPage, {HomePage, StandardPage})
        self.assertAllowedSubpageTypes(StandardPage, {StandardPage})

    def test_contact_page_sits_under_home_and_has_no_children(self):
        self.assertAllowedParentPageTypes(ContactPage, {HomePage})
        self.assertAllowedSubpageTypes(ContactPage, set())


class EditorCreatesPagesTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()

    def setUp(self):
        self.login()

    def test_create_a_standard_page_with_every_block(self):
        self.assertCanCreate(
            self.home,
            StandardPage,
            nested_form_data(
                {
                    "title": "About us",
                    "slug": "about",
                    "intro": "Who we are.",
                    "body": streamfield(
                        [
                            ("heading", {"heading_text": "Who we are", "size": "h2"}),
                            ("paragraph", rich_text("<p>We keep organising.</p>")),
                            (
                                "quote",
                                {"text": "Still here.", "speaker": "A member", "speaker_role": ""},
                            ),
                            (
                                "call_to_action",
                                {"label": "Join", "page": self.home.pk, "url": ""},
                            ),
                        ]
                    ),
                }
            ),
        )

    def test_create_a_contact_page(self):
        self.assertCanCreate(
            self.home,
            ContactPage,
            nested_form_data(
                {
                    "title": "Contact us",
                    "slug": "contact",
                    "intro": rich_text("<p>Write to us.</p>"),
                    "thank_you_text": rich_text("<p>Thanks.</p>"),
                    "to_address": "",
                    "from_address": "",
                    "subject": "Website message",
                    "form_fields": inline_formset(
                        [
                            {
                                "label": "Your email address",
                                "field_type": "email",
                                "required": "on",
                                "choices": "",
                                "default_value": "",
                                "help_text": "",
                            }
                        ]
                    ),
                }
            ),
        )

    def test_a_call_to_action_needs_exactly_one_destination(self):
        response = self.client.post(
            f"/admin/pages/add/home/standardpage/{self.home.pk}/",
            nested_form_data(
                {
                    "title": "Broken button",
                    "slug": "broken",
                    "intro": "",
                    "body": streamfield(
                        [("call_to_action", {"label": "Nowhere", "page": "", "url": ""})]
                    ),
                }
            ),
        )
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Choose a page or give a web address, not both.")
        self.assertFalse(StandardPage.objects.filter(slug="broken").exists())


class BlockRenderingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.join = StandardPageFactory(parent=cls.home, title="Join us", slug="join")
        cls.page = StandardPageFactory(
            parent=cls.home,
            title="About us",
            slug="about",
            body=[
                ("heading", {"heading_text": "What we do", "size": "h2"}),
                ("heading", {"heading_text": "Working groups", "size": "h3"}),
                ("paragraph", RichText("<p>We <b>campaign</b> in our communities.</p>")),
                (
                    "quote",
                    {
                        "text": "They suspended our branch.",
                        "speaker": "A convenor",
                        "speaker_role": "Stroud",
                    },
                ),
                ("call_to_action", {"label": "Join the network", "page": cls.join, "url": ""}),
                (
                    "call_to_action",
                    {"label": "Pay your fee", "page": None, "url": "https://pay.example.org/"},
                ),
            ],
        )

    def test_every_block_shows_its_content(self):
        response = self.client.get("/about/")
        self.assertContains(response, "<h2>What we do</h2>", html=True)
        self.assertContains(response, "<h3>Working groups</h3>", html=True)
        self.assertContains(response, "<b>campaign</b>", html=True)
        self.assertContains(response, "<p>They suspended our branch.</p>", html=True)
        self.assertContains(response, "A convenor")
        self.assertContains(
            response, '<a class="button" href="/join/">Join the network</a>', html=True
        )
        self.assertContains(
            response,
            '<a class="button" href="https://pay.example.org/">Pay your fee</a>',
            html=True,
        )

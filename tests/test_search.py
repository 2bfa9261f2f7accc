"""Site search on PostgreSQL: what a visitor finds, in which order, in which language, and
what they never find (drafts, private pages, private addresses); the editors' promoted
results and reports; the header box's suggestions; the directory's text search."""

import json

from django.core.management import call_command
from django.db import connection
from django.db.models import Q
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.rich_text import RichText
from wagtail.search.models import IndexEntry

import pytest
from bs4 import BeautifulSoup

from blog.models import BlogPage
from directory.models import PostcodeDistrict
from home.models import StandardPage
from moderation.roles import EDITORS, MODERATORS
from search.backend import holds_only_live_pages
from search.index_version import new_index_version
from search.models import UnansweredSearchDay
from search.query import MAX_QUERY_LENGTH, clean_query, highlight_words, parse, search_query
from search.views import SUGGESTIONS_RATE_LIMIT, searchable_pages
from tests.support.bulk_pages import bulk_add_children
from tests.support.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    StandardPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    make_member,
    make_site_home,
)


def soup_of(response):
    return BeautifulSoup(response.content, "html.parser")


def result_titles(response):
    return [
        title.get_text(strip=True) for title in soup_of(response).select(".search-result__title")
    ]


def paragraph(html):
    return [("paragraph", RichText(html))]


# The query as typed: pure logic.


@pytest.mark.parametrize(
    ("typed", "cleaned"),
    [
        ("  purge  ", "purge"),
        ("pur\x00ge", "pur ge"),
        ("coffee\tmornings\r\n", "coffee mornings"),
        ("\x00\x00", ""),
        ("a" * 3000, "a" * MAX_QUERY_LENGTH),
        ("word " * 1000, ("word " * 40).strip()),
    ],
)
def test_the_query_loses_control_characters_and_is_cut_at_a_word(typed, cleaned):
    assert clean_query(typed) == cleaned
    assert len(clean_query(typed)) <= MAX_QUERY_LENGTH


def test_quoted_phrases_are_read_and_stray_syntax_is_dropped():
    assert parse('"witch hunt" analysis') == (["witch hunt"], ["analysis"])
    assert parse('"unbalanced quote') == ([], ["unbalanced", "quote"])
    assert parse("((purge) & !left | :* -right") == ([], ["purge", "left", "right"])
    assert parse("'; DROP TABLE wagtailcore_page; --") == (
        [],
        ["DROP", "TABLE", "wagtailcore_page"],
    )
    assert highlight_words('"coffee morning" Stroud') == ["coffee", "morning", "Stroud"]


def test_only_querysets_kept_to_live_pages_skip_the_editors_title_match():
    # A visitor's pages are live ones, all in the index: no need to look further.
    assert holds_only_live_pages(Page.objects.live())
    assert holds_only_live_pages(Page.objects.live().filter(depth__gt=1).exclude(depth=3))
    # The admin searches every page, or the drafts alone.
    assert not holds_only_live_pages(Page.objects.all())
    assert not holds_only_live_pages(Page.objects.filter(live=False))
    assert not holds_only_live_pages(Page.objects.filter(Q(live=True) | Q(depth=1)))
    assert not holds_only_live_pages(Page.objects.exclude(live=True))


class SearchTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.news = BlogIndexPageFactory(parent=cls.home)
        cls.working_groups = WorkingGroupIndexPageFactory(parent=cls.home)
        cls.directory = LocalGroupIndexPageFactory(parent=cls.home)

    def search(self, query, **params):
        response = self.client.get("/search/", {"q": query, **params})
        self.assertEqual(response.status_code, 200, query)
        return response


class ResultsTests(SearchTestCase):
    def test_a_title_match_ranks_above_a_body_match(self):
        # The page with the word only in its body is older and has more of it.
        StandardPageFactory(
            parent=self.home,
            title="Winter plans",
            slug="winter",
            body=paragraph("<p>Allotment allotment allotment: an allotment for each.</p>"),
        )
        StandardPageFactory(parent=self.home, title="Allotment campaign", slug="allotment")
        BlogPageFactory(
            parent=self.news, title="Spring news", intro="The allotment opens in spring."
        )
        self.assertEqual(
            result_titles(self.search("allotment")),
            ["Allotment campaign", "Spring news", "Winter plans"],
        )

    def test_english_words_are_stemmed(self):
        BlogPageFactory(
            parent=self.news,
            title="Door to door",
            intro="We campaign in every ward; our campaigners knocked on 400 doors.",
        )
        response = self.search("campaigning")
        self.assertEqual(result_titles(response), ["Door to door"])
        marked = [mark.get_text() for mark in soup_of(response).select(".search-result mark")]
        self.assertEqual(marked, ["campaign", "campaigners"])

    def test_each_result_shows_its_type_date_and_snippet_with_the_words_marked(self):
        BlogPageFactory(
            parent=self.news,
            title="Housing march",
            intro="Members marched for council housing in Bristol.",
            date="2026-03-14",
        )
        result = soup_of(self.search("housing bristol")).select_one(".search-result")
        self.assertEqual(
            result.select_one(".search-result__meta").get_text(" ", strip=True),
            "Blog post · 14 March 2026",
        )
        self.assertEqual(result.time["datetime"], "2026-03-14")
        snippet = result.select_one(".search-result__snippet")
        self.assertEqual(
            [mark.get_text() for mark in snippet.select("mark")], ["housing", "Bristol"]
        )

    def test_a_page_type_without_a_date_shows_none(self):
        StandardPageFactory(parent=self.home, title="About the network", slug="about")
        meta = soup_of(self.search("network")).select(".search-result__meta")
        self.assertEqual([line.get_text(strip=True) for line in meta], ["Standard page"])

    def test_markup_in_a_page_reaches_results_as_text(self):
        StandardPageFactory(
            parent=self.home,
            title="Why <b>we</b> fight the purge",
            slug="why",
            intro='The purge <script>alert("intro")</script> goes on.',
            body=paragraph("<p>Stop the purge &lt;img src=x onerror=alert(1)&gt; now.</p>"),
        )
        response = self.search("purge")
        html = response.content.decode()
        result = soup_of(response).select_one(".search-result")
        self.assertEqual(result.find_all(["script", "img", "b"]), [])
        self.assertIn("Why &lt;b&gt;we&lt;/b&gt; fight the purge", html)
        self.assertIn("alert(&quot;intro&quot;)", html)
        self.assertIn("&lt;img src=x onerror=alert(1)&gt;", html)
        self.assertIn("<mark>purge</mark>", html)

    def test_filters_by_type_with_counts_and_ten_results_a_page(self):
        for number in range(12):
            BlogPageFactory(parent=self.news, title=f"Rally report {number}")
        WorkingGroupPageFactory(parent=self.working_groups, title="Rally organisers")
        soup = soup_of(self.search("rally"))
        self.assertEqual(
            [link.get_text(strip=True) for link in soup.select(".search-types a")],
            ["All (13)", "Blog posts (12)", "Working groups (1)"],
        )
        self.assertEqual(len(soup.select(".search-result")), 10)
        self.assertEqual(soup.select_one(".pagination a[rel=next]")["href"], "?q=rally&page=2")
        self.assertEqual(len(result_titles(self.search("rally", page=2))), 3)

        only_groups = self.search("rally", type="workinggroups.workinggrouppage")
        self.assertEqual(result_titles(only_groups), ["Rally organisers"])
        current = soup_of(only_groups).select_one(".search-types [aria-current=page]")
        self.assertEqual(current.get_text(strip=True), "Working groups (1)")
        # An unknown type is ignored rather than answered with nothing.
        self.assertEqual(len(result_titles(self.search("rally", type="auth.user"))), 10)

    def test_the_type_counts_follow_every_change_at_once(self):
        def counts():
            soup = soup_of(self.search("rally"))
            links = [link.get_text(strip=True) for link in soup.select(".search-types a")]
            return [soup.select_one(".search-summary").get_text(strip=True), *links]

        first = BlogPageFactory(parent=self.news, title="Rally report")
        group = WorkingGroupPageFactory(parent=self.working_groups, title="Rally organisers")
        self.assertEqual(
            counts(), ["2 results for “rally”", "All (2)", "Blog posts (1)", "Working groups (1)"]
        )
        # The counts are cached; each change is seen by the next search all the same.
        BlogPageFactory(parent=self.news, title="Rally photos")
        self.assertEqual(
            counts(), ["3 results for “rally”", "All (3)", "Blog posts (2)", "Working groups (1)"]
        )
        first.unpublish()
        self.assertEqual(
            counts(), ["2 results for “rally”", "All (2)", "Blog posts (1)", "Working groups (1)"]
        )
        PageViewRestriction.objects.create(
            page=group, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        self.assertEqual(counts(), ["1 result for “rally”"])
        PageViewRestriction.objects.filter(page=group).delete()
        self.assertEqual(
            counts(), ["2 results for “rally”", "All (2)", "Blog posts (1)", "Working groups (1)"]
        )
        Page.objects.get(pk=group.pk).delete()
        self.assertEqual(counts(), ["1 result for “rally”"])
        Page.objects.get(pk=first.pk).specific.save_revision().publish()
        self.assertEqual(counts(), ["2 results for “rally”"])

    def test_every_page_of_results_keeps_the_search_order_past_the_ranked_pages(self):
        # More matches than the ranking keeps (ten pages of each list), of two types: the
        # eleventh page continues where the tenth ended, in the search's own order.
        bulk_add_children(
            self.home,
            [
                StandardPage(
                    title=f"Ward {number}" + " ward" * (number % 4),
                    slug=f"ward-{number}",
                    intro="The ward meets." + " Ward news." * (number % 7),
                )
                for number in range(130)
            ],
        )
        # Equal scores within each type (the newer page first), between the other pages'.
        bulk_add_children(
            self.news,
            [BlogPage(title="Ward", slug=f"n-{number}", intro="Ward") for number in range(60)],
        )
        bulk_add_children(
            self.home,
            [StandardPage(title="Ward", slug=f"s-{number}", intro="Ward") for number in range(9)],
        )

        def addresses(**params):
            soup = soup_of(self.search("ward", **params))
            return [link["href"] for link in soup.select(".search-result__title a")]

        ward = search_query("ward")
        expected = [page.url for page in searchable_pages().search(ward)]
        found = []
        for number in range(1, 21):
            found += addresses(page=number)
        self.assertEqual(found, expected)
        posts = [page.url for page in searchable_pages().type(BlogPage).search(ward)]
        self.assertEqual(addresses(type="blog.blogpage", page=6), posts[50:60])

    def test_results_seen_before_follow_a_published_change_at_once(self):
        post = BlogPageFactory(parent=self.news, title="Rally report", intro="We met in the park.")

        def shown():
            result = soup_of(self.search("rally")).select_one(".search-result")
            return [
                result.select_one(".search-result__title").get_text(strip=True),
                result.select_one(".search-result__snippet").get_text(),
                result.time["datetime"],
            ]

        first = shown()
        self.assertEqual(shown(), first)  # the second time from the cache
        post = Page.objects.get(pk=post.pk).specific
        post.title = "Rally at the town hall"
        post.intro = "We met at the town hall."
        post.date = "2026-05-01"
        post.save_revision().publish()
        self.assertEqual(
            shown(), ["Rally at the town hall", "We met at the town hall.", "2026-05-01"]
        )

    def test_no_results_offer_the_directory_working_groups_and_news(self):
        soup = soup_of(self.search("zebra crossings"))
        self.assertIn("Nothing on the site matches", soup.select_one(".search-no-results").text)
        self.assertEqual(
            [
                (link.get_text(strip=True), link["href"])
                for link in soup.select(".search-no-results a")
            ],
            [
                ("Local groups", "/groups/"),
                ("Working groups", "/working-groups/"),
                ("News", "/blog/"),
            ],
        )

    def test_hostile_queries_get_results_or_a_message(self):
        BlogPageFactory(parent=self.news, title="Fighting the purge")
        hostile = [
            "\x00",
            "purge\x00",
            '"purge',
            'the "purge"',
            "purge & !",
            "purge | :* <-> !!",
            "((purge",
            "purge)))",
            "'; DROP TABLE wagtailcore_page; --",
            "1' OR '1'='1",
            "\\",
            "purge\\",
            "<script>alert(1)</script>",
            "NOT AND OR",
            "-purge",
            "%",
            "*",
            ":",
            "purge:*",
            "a" * 2000,
            "purge " * 400,
            "‮purge",
        ]
        for query in hostile:
            with self.subTest(query=query[:40]):
                response = self.search(query)
                self.assertEqual(response.status_code, 200)
                # Results or a message; a lone NUL is dropped before the view (portal's
                # NullCharactersMiddleware), which then shows the empty search form.
                self.assertTrue(
                    soup_of(response).select(".search-summary, .search-no-results")
                    or query == "\x00",
                    query,
                )
        self.assertEqual(result_titles(self.search('the "purge')), ["Fighting the purge"])
        self.assertEqual(result_titles(self.search("((purge")), ["Fighting the purge"])
        # Through the raw address too, and in the other parameters.
        for path in [
            "/search/?q=%00",
            "/search/?q=purge&page=%00",
            "/search/?q=purge&type=%00",
            "/search/?q=purge&type=a.b.c",
            "/search/?q[]=purge",
        ]:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 200)
        # A page number past the end is an address that lists nothing, as in every listing.
        for path in ["/search/?q=purge&page=-1", "/search/?q=purge&page=99999"]:
            with self.subTest(path=path):
                self.assertEqual(self.client.get(path).status_code, 404)
        self.assertIn(
            "punctuation alone finds nothing",
            soup_of(self.search("((:*!))")).select_one(".search-summary").text,
        )


class WelshTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.welsh = Locale.objects.get(language_code="cy")
        cls.welsh_home = cls.home.copy_for_translation(cls.welsh)
        cls.welsh_home.save_revision().publish()
        StandardPageFactory(
            parent=cls.welsh_home,
            title="Ymgyrchu yng Nghymru",
            slug="ymgyrchu",
            intro="Mae'r grwpiau yn ymgyrchu ym mhob etholaeth; running clubs too.",
        )
        StandardPageFactory(
            parent=cls.home, title="Campaigning in Wales", slug="wales", intro="Running clubs."
        )

    def test_welsh_pages_are_found_at_cy_search_and_english_ones_are_not(self):
        response = self.client.get("/cy/search/", {"q": "ymgyrchu"})
        self.assertEqual(result_titles(response), ["Ymgyrchu yng Nghymru"])
        self.assertEqual(soup_of(response).html["lang"], "cy")
        self.assertEqual(result_titles(self.search("ymgyrchu")), [])
        self.assertEqual(result_titles(self.search("campaigning")), ["Campaigning in Wales"])
        self.assertEqual(result_titles(self.client.get("/cy/search/", {"q": "wales"})), [])

    def test_welsh_has_no_stemming_and_english_has(self):
        # "simple": a Welsh page matches the words as written, no English rules applied.
        self.assertEqual(result_titles(self.client.get("/cy/search/", {"q": "run"})), [])
        self.assertEqual(
            result_titles(self.client.get("/cy/search/", {"q": "running"})),
            ["Ymgyrchu yng Nghymru"],
        )
        self.assertEqual(result_titles(self.search("run")), ["Campaigning in Wales"])


class NeverFoundTests(SearchTestCase):
    def make_private(self, page):
        PageViewRestriction.objects.create(
            page=page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )

    def assert_nowhere(self, word):
        self.assertEqual(result_titles(self.search(word)), [])
        suggestions = self.client.get("/search/suggestions/", {"q": word}).json()
        self.assertEqual(suggestions["suggestions"], [])
        entries = IndexEntry.objects.filter(body_text__icontains=word) | IndexEntry.objects.filter(
            title_text__icontains=word
        )
        self.assertEqual(list(entries.values_list("title_text", flat=True)), [])

    def test_drafts_private_and_unpublished_pages_are_not_indexed_or_found(self):
        draft = StandardPageFactory.build(title="Quagga draft", slug="draft", live=False)
        self.home.add_child(instance=draft)
        draft.save_revision()
        private = StandardPageFactory(parent=self.home, title="Quagga members", slug="members")
        self.make_private(private)
        private_child = StandardPageFactory(parent=private, title="Quagga minutes", slug="min")
        unpublished = StandardPageFactory(parent=self.home, title="Quagga old", slug="old")
        unpublished.unpublish()
        StandardPageFactory(parent=self.home, title="Quagga public", slug="public")

        self.assertEqual(result_titles(self.search("quagga")), ["Quagga public"])
        indexed = IndexEntry.objects.filter(title_text__icontains="quagga")
        self.assertEqual(list(indexed.values_list("title_text", flat=True)), ["Quagga public"])
        self.assertEqual(private_child.get_view_restrictions().count(), 1)

        # A page made public again returns; one published later appears.
        PageViewRestriction.objects.filter(page=private).delete()
        draft.get_latest_revision().publish()
        self.assertEqual(
            sorted(result_titles(self.search("quagga"))),
            ["Quagga draft", "Quagga members", "Quagga minutes", "Quagga public"],
        )

    def test_private_contact_addresses_are_in_no_index_or_result(self):
        PostcodeDistrict.objects.create(outward_code="GL5", latitude=51.74, longitude=-2.22)
        LocalGroupPageFactory(
            parent=self.directory,
            title="Stroud shadow CLP",
            contact_email="stroud-convenor@example.org",
        )
        WorkingGroupPageFactory(
            parent=self.working_groups, title="Press", contact_email="press-desk@example.org"
        )
        for word in ["stroud-convenor", "convenor", "press-desk", "example.org"]:
            with self.subTest(word=word):
                self.assert_nowhere(word)
        self.assertEqual(result_titles(self.search("stroud")), ["Stroud shadow CLP"])


class PostcodeTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        for code, latitude, longitude in [
            ("BS10", 51.5095, -2.6101),
            ("BS1", 51.4545, -2.5879),
            ("GL5", 51.7449, -2.2174),
            ("E13", 51.5275, 0.0264),
        ]:
            PostcodeDistrict.objects.create(
                outward_code=code, latitude=latitude, longitude=longitude
            )
        for title, district in [
            ("Bristol North West shadow CLP", "BS10"),
            ("Bristol Central network", "BS1"),
            ("Stroud shadow CLP", "GL5"),
            ("Newham shadow CLP", "E13"),
        ]:
            LocalGroupPageFactory(parent=cls.directory, title=title, postcode_district=district)

    def nearby(self, query):
        soup = soup_of(self.search(query))
        section = soup.select_one(".search-postcode")
        if section is None:
            return None
        return section.h2.get_text(strip=True), [a.get_text() for a in section.select("li a")]

    def test_a_postcode_or_district_shows_the_nearest_groups_first(self):
        self.assertEqual(
            self.nearby("BS10"),
            (
                "Local groups near BS10",
                ["Bristol North West shadow CLP", "Bristol Central network", "Stroud shadow CLP"],
            ),
        )
        heading, nearest = self.nearby("e13 9aa")
        self.assertEqual((heading, nearest[0]), ("Local groups near E13", "Newham shadow CLP"))
        soup = soup_of(self.search("bs10"))
        self.assertEqual(
            soup.select_one(".search-postcode p a")["href"], "/groups/?postcode=BS10&radius=100"
        )
        # The section comes before the list of results.
        self.assertLess(
            str(soup.main).index("search-postcode"), str(soup.main).index("search-summary")
        )
        # No page names the district, yet the groups answer the search: not "nothing found".
        self.assertIsNone(soup.select_one(".search-no-results"))
        self.assertFalse(UnansweredSearchDay.objects.filter(query__query_string="bs10").exists())

    def test_other_queries_and_unknown_districts_show_no_groups_by_distance(self):
        self.assertIsNone(self.nearby("bristol"))
        self.assertIsNone(self.nearby("ZZ9"))
        self.assertIsNone(self.nearby("BS10 BS1 GL5"))


class EditorsToolsTests(SearchTestCase):
    def test_a_promoted_result_comes_first_for_its_query(self):
        membership = StandardPageFactory(parent=self.home, title="Join us", slug="join")
        BlogPageFactory(parent=self.news, title="Membership fees explained")
        query = Query.get("membership")
        SearchPromotion.objects.create(
            query=query, page=membership, sort_order=0, description="Become a member."
        )
        soup = soup_of(self.search("Membership"))
        promoted = soup.select_one(".search-promoted")
        self.assertEqual([a.get_text() for a in promoted.select("a")], ["Join us"])
        self.assertIn("Become a member.", promoted.text)
        self.assertLess(str(soup).index("search-promoted"), str(soup).index("search-result__title"))

    def test_searches_are_counted_by_query_string_only_and_reported_with_those_that_found_nothing(
        self,
    ):
        BlogPageFactory(parent=self.news, title="Fighting the purge")
        for query in ["purge", "Purge ", "purge", "zebra"]:
            self.search(query)
        self.search("purge", type="blog.blogpage")  # the same search narrowed: not counted
        self.assertEqual(Query.get("purge").hits, 3)
        self.assertEqual(Query.get("zebra").hits, 1)
        self.assertEqual(
            list(UnansweredSearchDay.objects.values_list("query__query_string", "hits")),
            [("zebra", 1)],
        )
        # What is kept: the words and the day, nothing about who searched.
        self.assertEqual(
            {field.name for field in UnansweredSearchDay._meta.concrete_fields},
            {"id", "query", "date", "hits"},
        )

        moderator = make_member(MODERATORS)
        self.client.force_login(moderator)
        report = soup_of(self.client.get("/admin/reports/searches/"))
        rows = [
            [cell.get_text(strip=True) for cell in row.select("td")]
            for row in report.select("tbody tr")
        ]
        self.assertEqual(rows, [["purge", "3", "0"], ["zebra", "1", "1"]])
        nothing = soup_of(self.client.get("/admin/reports/searches/", {"found_nothing": "1"}))
        self.assertEqual(
            [row.select_one("td").get_text(strip=True) for row in nothing.select("tbody tr")],
            ["zebra"],
        )

    def test_the_report_and_the_promotions_are_for_moderators(self):
        self.client.force_login(make_member(EDITORS))
        self.assertEqual(self.client.get("/admin/reports/searches/").status_code, 302)
        self.assertEqual(self.client.get("/admin/searchpicks/").status_code, 302)
        self.client.force_login(make_member(MODERATORS))
        self.assertEqual(self.client.get("/admin/searchpicks/").status_code, 200)
        self.assertEqual(self.client.get("/admin/searchpicks/add/").status_code, 200)
        menu = self.client.get("/admin/").content.decode()
        self.assertIn("Searches visitors made", menu)


class AdminSearchTests(SearchTestCase):
    """Editors find drafts and private pages in the admin; visitors still never do."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        draft = StandardPageFactory.build(title="Quagga plan", slug="plan", live=False)
        cls.home.add_child(instance=draft)
        draft.save_revision()
        private = StandardPageFactory(parent=cls.home, title="Quagga members", slug="members")
        PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.LOGIN)
        StandardPageFactory(parent=cls.home, title="Quagga public", slug="public")
        StandardPageFactory(parent=cls.home, title="Zebra crossing", slug="zebra")
        make_member(EDITORS, username="editor")

    def sign_in_as_editor(self):
        response = self.client.post(
            "/admin/login/", {"username": "editor", "password": "editor", "next": "/admin/"}
        )
        self.assertEqual(response.status_code, 302)

    def admin_titles(self, path, query):
        response = self.client.get(path, {"q": query})
        self.assertEqual(response.status_code, 200)
        return sorted(
            link.get_text(" ", strip=True)
            for link in soup_of(response).select("td.title .title-wrapper")
        )

    def test_an_editor_finds_drafts_and_private_pages_in_the_admin(self):
        self.sign_in_as_editor()
        everything = ["Quagga members", "Quagga plan", "Quagga public"]
        for query, wanted in [
            ("quagga", everything),
            ("quag", everything),
            ("plan", everything[1:2]),
        ]:
            with self.subTest(query=query):
                found = self.admin_titles("/admin/pages/search/", query)
                self.assertEqual(
                    [title for title in wanted if any(title in shown for shown in found)], wanted
                )
                self.assertEqual(len(found), len(wanted), found)
        # The page chooser (links in rich text, promoted results) searches the same way.
        chooser = self.client.get("/admin/choose-page/search/", {"q": "quagga"})
        self.assertEqual(chooser.status_code, 200)
        chooser_text = soup_of(chooser).get_text(" ")
        self.assertIn("Quagga plan", chooser_text)
        self.assertIn("Quagga members", chooser_text)

    def test_visitors_still_find_only_the_live_public_page(self):
        self.assertEqual(result_titles(self.search("quagga")), ["Quagga public"])
        suggestions = self.client.get("/search/suggestions/", {"q": "quag"}).json()
        self.assertEqual([item["title"] for item in suggestions["suggestions"]], ["Quagga public"])
        indexed = IndexEntry.objects.filter(title_text__icontains="quagga")
        self.assertEqual(list(indexed.values_list("title_text", flat=True)), ["Quagga public"])
        # Signed in as an editor, the public search is the public one all the same.
        self.sign_in_as_editor()
        self.assertEqual(result_titles(self.search("quagga")), ["Quagga public"])


class SuggestionTests(SearchTestCase):
    def suggest(self, query, path="/search/suggestions/"):
        response = self.client.get(path, {"q": query})
        return response.status_code, [item["title"] for item in response.json()["suggestions"]]

    def test_titles_that_start_with_the_words_are_suggested(self):
        WorkingGroupPageFactory(parent=self.working_groups, title="Coffee mornings")
        BlogPageFactory(parent=self.news, title="Coffee mornings return")
        BlogPageFactory(parent=self.news, title="Housing march")
        self.assertEqual(self.suggest("cof")[0], 200)
        self.assertEqual(
            sorted(self.suggest("coff")[1]), ["Coffee mornings", "Coffee mornings return"]
        )
        self.assertEqual(
            self.suggest("coffee morn")[1][:2], ["Coffee mornings", "Coffee mornings return"]
        )
        self.assertEqual(self.suggest("mornings ret")[1], ["Coffee mornings return"])
        self.assertEqual(self.suggest("c"), (200, []))
        item = self.client.get("/search/suggestions/", {"q": "housing"}).json()["suggestions"][0]
        self.assertEqual((item["title"], item["type"]), ("Housing march", "Blog post"))
        self.assertRegex(item["url"], r"^/blog/campaign-update-\d+/$")
        for hostile in ["\x00", "'; --", "((", "a" * 2000, ":*"]:
            self.assertEqual(self.suggest(hostile)[0], 200)

    def test_suggestions_are_cached_and_rate_limited(self):
        BlogPageFactory(parent=self.news, title="Coffee mornings return")
        self.suggest("coffee")
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(self.suggest("coffee")[1], ["Coffee mornings return"])
        self.assertEqual(len(queries), 0)
        for _request in range(SUGGESTIONS_RATE_LIMIT - 2):
            self.client.get("/search/suggestions/", {"q": "coffee"})
        self.assertEqual(self.suggest("coffee"), (429, []))
        # The limit is the suggestions' own: the search page still answers.
        self.assertEqual(result_titles(self.search("coffee")), ["Coffee mornings return"])


class DirectoryTextSearchTests(SearchTestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        PostcodeDistrict.objects.create(outward_code="BS10", latitude=51.5095, longitude=-2.6101)
        PostcodeDistrict.objects.create(outward_code="BS1", latitude=51.4545, longitude=-2.5879)
        LocalGroupPageFactory(
            parent=cls.directory,
            title="Bristol North West shadow CLP",
            constituencies="Bristol North West",
            description='<p class="strong-paragraph">We are campaigning on housing.</p>',
            postcode_district="BS10",
            region="south-west",
        )
        LocalGroupPageFactory(
            parent=cls.directory,
            title="Bristol Central network",
            constituencies="Bristol Central",
            description="<p>Campaigns on transport.</p>",
            postcode_district="BS1",
            region="south-west",
            kind="campaign-network",
        )
        LocalGroupPageFactory(
            parent=cls.directory,
            title="Cardiff left",
            constituencies="Cardiff Central",
            description="<p>Housing campaigns in Cardiff.</p>",
            region="wales",
        )

    def listed(self, **params):
        response = self.client.get("/groups/", params)
        self.assertEqual(response.status_code, 200)
        return [
            card.select_one("h2, h3").get_text(strip=True)
            for card in soup_of(response).select(".local-group-card")
        ]

    def test_the_list_searches_names_constituencies_and_text_not_markup(self):
        self.assertEqual(self.listed(q="strong-paragraph"), [])
        self.assertEqual(self.listed(q="class"), [])
        self.assertEqual(
            self.listed(q="housing"), ["Bristol North West shadow CLP", "Cardiff left"]
        )
        self.assertEqual(
            self.listed(q="campaign"),
            ["Bristol Central network", "Bristol North West shadow CLP", "Cardiff left"],
        )
        self.assertEqual(self.listed(q="cardiff central"), ["Cardiff left"])
        # Each word anywhere: one in the name, the other in the description.
        self.assertEqual(self.listed(q="bristol transport"), ["Bristol Central network"])
        self.assertEqual(
            self.listed(q="brist"), ["Bristol Central network", "Bristol North West shadow CLP"]
        )
        for hostile in ["\x00", "'; DROP TABLE x; --", "((", ":*", "a" * 150, "&|!"]:
            with self.subTest(query=hostile[:20]):
                self.assertEqual(self.client.get("/groups/", {"q": hostile}).status_code, 200)

    def test_the_text_search_keeps_the_filters_and_the_distance_order(self):
        self.assertEqual(self.listed(q="housing", region="wales"), ["Cardiff left"])
        self.assertEqual(
            self.listed(q="bristol", kind="campaign-network"), ["Bristol Central network"]
        )
        self.assertEqual(
            self.listed(q="bristol", postcode="BS10 1AA", radius="25"),
            ["Bristol North West shadow CLP", "Bristol Central network"],
        )


@pytest.mark.django_db
@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_the_search_page_costs_the_same_queries_with_20_or_2000_matching_pages(client):
    home = make_site_home()
    StandardPageFactory(parent=home, title="Petition", slug="petition")

    def add_pages(start, count):
        bulk_add_children(
            Page.objects.get(pk=home.pk).specific,
            [
                StandardPage(
                    title=f"Petition update {number}",
                    slug=f"petition-{number:05d}",
                    intro=f"Signatures collected in week {number} of the petition.",
                )
                for number in range(start, start + count)
            ],
        )

    def counted(path):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        assert response.status_code == 200
        return len(queries), len(soup_of(response).select(".search-result"))

    def count_queries(path):
        client.get(path)  # the search is counted once; the next views only read
        new_index_version()  # as a publish does: the ranking is made again
        return counted(path), counted(path)

    add_pages(1, 20)
    paths = ["/search/?q=petition", "/search/?q=petition&page=2", "/search/?q=nothingatall"]
    with_20 = [count_queries(path) for path in paths]
    add_pages(21, 1980)
    with_2000 = [count_queries(path) for path in paths]
    expected = [
        (
            (EXPECTED_SEARCH_QUERIES[view]["ranked"], shown),
            (EXPECTED_SEARCH_QUERIES[view]["seen"], shown),
        )
        for view, shown in [("first page", 10), ("next page", 10), ("no results", 0)]
    ]
    assert with_20 == with_2000 == expected


EXPECTED_SEARCH_QUERIES = {
    # The page around the results costs none (the site, menu, footer and settings come
    # from the cache: tests/test_query_budgets.py). "ranked": the first view after the
    # index changed: the ranking (which counts the matches of each type too), the
    # results' specific rows (one query per page type shown), their snippets, and the
    # search's daily count (one statement). "seen": the ranking and the results' dates
    # and snippets come from the cache (test_the_type_counts_follow_every_change_at_once),
    # the results' titles and addresses from one query.
    "first page": {"ranked": 4, "seen": 2},
    # Later pages are not counted again.
    "next page": {"ranked": 3, "seen": 1},
    # With nothing found: the search's count and the count of searches that found
    # nothing, and the directory, working groups and news pages offered instead.
    "no results": {"ranked": 4, "seen": 3},
}


class DemoContentTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", verbosity=0)

    def test_the_page_a_visitor_wants_comes_first(self):
        for query, wanted in [
            ("coffee", "Coffee mornings"),
            ("Newham", "Newham shadow CLP"),
            ("antisemitism", "Racism and antisemitism"),
        ]:
            with self.subTest(query=query):
                titles = result_titles(self.client.get("/search/", {"q": query}))
                self.assertEqual(titles[:1], [wanted], titles)
        # No page is about "the purge" alone: the working groups of the aim "Fighting the
        # purge" come first, the one whose summary names it at the top.
        titles = result_titles(self.client.get("/search/", {"q": "purge"}))
        self.assertEqual(titles[0], "Press", titles)
        self.assertEqual(
            set(titles[:3]), {"Press", "Witch-hunt analysis", "Racism and antisemitism"}, titles
        )
        soup = soup_of(self.client.get("/search/", {"q": "BS10"}))
        self.assertEqual(
            soup.select_one(".search-postcode li a").get_text(), "Bristol North West shadow CLP"
        )
        self.assertTrue(json.dumps)

"""Campaign news: what editors publish and what readers and feed readers get."""

import datetime

from django.test import TestCase

from wagtail.embeds.models import Embed
from wagtail.models import Page
from wagtail.rich_text import RichText
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

import feedparser
import pytest
import wagtail_factories
from bs4 import BeautifulSoup

from blog.models import BlogIndexPage, BlogPage
from home.models import HomePage
from tests.support.factories import (
    BlogCategoryFactory,
    BlogIndexPageFactory,
    BlogPageFactory,
    PersonFactory,
    make_site_home,
)

VIDEO_URL = "https://video.example.org/watch/newham-meeting"


class BlogPageRulesTests(WagtailPageTestCase):
    def test_news_index_sits_under_the_home_page_and_holds_posts(self):
        self.assertAllowedParentPageTypes(BlogIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(BlogIndexPage, {BlogPage})

    def test_posts_sit_only_under_a_news_index_and_have_no_children(self):
        self.assertAllowedParentPageTypes(BlogPage, {BlogIndexPage})
        self.assertAllowedSubpageTypes(BlogPage, set())


@pytest.fixture
def news(db):
    home = make_site_home()
    index_page = BlogIndexPageFactory(parent=home)
    return home, index_page


def post_in(index_page, **fields):
    post = BlogPageFactory(parent=index_page, **fields)
    post.save_revision().publish()
    return post


def page_html(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def titles(soup, selector=".post-card__title"):
    return [element.get_text(strip=True) for element in soup.select(selector)]


def test_editor_publishes_a_post_with_video_and_quote_everywhere_readers_look(
    client, admin_client, news, oembed_provider
):
    home, index_page = news
    campaigns = BlogCategoryFactory(name="Campaigns", slug="campaigns")
    response = admin_client.post(
        f"/admin/pages/add/blog/blogpage/{index_page.pk}/",
        nested_form_data(
            {
                "title": "Newham shadow CLP meets",
                "slug": "newham-meets",
                "intro": "Forty members met online.",
                "featured_image": "",
                "featured_image_alt": "",
                "body": streamfield(
                    [
                        ("video", VIDEO_URL),
                        (
                            "quote",
                            {
                                "text": "They cannot suspend a community.",
                                "speaker": "The convenor",
                                "speaker_role": "Newham shadow CLP",
                            },
                        ),
                    ]
                ),
                "date": "",
                "by_editorial_group": "on",
                "tags": "meetings, Newham",
                "action-publish": "action-publish",
            }
        )
        # Multiple choices go as repeated values, which nested_form_data would flatten.
        | {"categories": [campaigns.pk]},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    post = BlogPage.objects.get(slug="newham-meets")
    assert post.live
    assert post.date == datetime.date.today()
    assert [c.slug for c in post.categories.all()] == ["campaigns"], "cats"
    assert sorted(t.slug for t in post.tags.all()) == ["meetings", "newham"]

    soup = page_html(client, "/blog/newham-meets/")
    # The worker looked the video up when the post was saved: the page shows its thumbnail
    # and a play button, and loads no player until the visitor presses it.
    assert soup.find("iframe") is None
    play = soup.find("a", attrs={"data-video-player": True})
    assert play["href"] == VIDEO_URL
    assert play["data-video-player"].startswith("https://www.youtube-nocookie.com/embed/")
    assert "Recording of the meeting" in play.get_text()
    assert play.find("img")["src"].startswith("http://127.0.0.1:")
    assert "They cannot suspend a community." in soup.blockquote.get_text()
    assert oembed_provider.requests == [VIDEO_URL]
    assert Embed.objects.filter(url=VIDEO_URL).exists()

    assert "Newham shadow CLP meets" in titles(page_html(client, "/blog/"))
    assert "Newham shadow CLP meets" in titles(page_html(client, "/blog/category/campaigns/"))
    assert "Newham shadow CLP meets" in titles(page_html(client, "/blog/tag/meetings/"))
    assert "Newham shadow CLP meets" in titles(page_html(client, "/"))
    for feed_path in ["/blog/feed/", "/blog/feed/atom/"]:
        feed = feedparser.parse(client.get(feed_path).content)
        assert [entry.title for entry in feed.entries] == ["Newham shadow CLP meets"]
        assert "They cannot suspend a community." in feed.entries[0].content[0].value


class EditorCreatesNewsTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()

    def setUp(self):
        self.login()

    def test_create_a_news_index(self):
        self.assertCanCreate(
            self.home,
            BlogIndexPage,
            nested_form_data({"title": "News", "slug": "blog", "intro": "Our news."}),
        )

    def test_create_a_post_with_text_blocks(self):
        index_page = BlogIndexPageFactory(parent=self.home)
        author = PersonFactory()
        self.assertCanCreate(
            index_page,
            BlogPage,
            nested_form_data(
                {
                    "title": "How a shadow CLP works",
                    "slug": "how-it-works",
                    "intro": "Members keep meeting.",
                    "featured_image": "",
                    "featured_image_alt": "",
                    "body": streamfield(
                        [
                            ("heading", {"heading_text": "Start", "size": "h2"}),
                            ("paragraph", rich_text("<p>Find members.</p>")),
                        ]
                    ),
                    "date": "2026-09-22",
                    "tags": "",
                }
            )
            | {"authors": [author.pk]},
        )
        post = BlogPage.objects.get(slug="how-it-works")
        assert [person.name for person in post.authors.all()] == [author.name]


class BlockRenderingTests(TestCase):
    """Every block of a post's body renders what the editor put in it."""

    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.index_page = BlogIndexPageFactory(parent=cls.home)
        cls.image = wagtail_factories.ImageFactory(title="Meeting photo")
        cls.document = wagtail_factories.DocumentFactory(title="Minutes of the meeting")
        cls.post = post_in(
            cls.index_page,
            slug="every-block",
            featured_image=cls.image,
            featured_image_alt="Members around a table",
            body=[
                ("heading", {"heading_text": "What was agreed", "size": "h2"}),
                ("paragraph", RichText("<p>A <i>monthly</i> meeting.</p>")),
                (
                    "image",
                    {
                        "image": {"image": cls.image, "decorative": False, "alt_text": "A stall"},
                        "caption": "Our Saturday stall",
                        "credit": "Photo: Newham members",
                    },
                ),
                ("quote", {"text": "Still here.", "speaker": "A member", "speaker_role": ""}),
                ("call_to_action", {"label": "Join us", "page": cls.home, "url": ""}),
                ("document", {"document": cls.document, "title": ""}),
            ],
        )

    def test_every_block_renders(self):
        soup = BeautifulSoup(self.client.get("/blog/every-block/").content, "html.parser")
        assert soup.find("h2", string="What was agreed")
        assert soup.find("i", string="monthly")
        captions = [caption.get_text(" ", strip=True) for caption in soup.find_all("figcaption")]
        assert "Our Saturday stall Photo: Newham members" in captions
        assert soup.find("img", alt="A stall")["src"].startswith("http://127.0.0.1:")
        assert soup.find("img", alt="Members around a table") is not None
        assert soup.blockquote.get_text(strip=True) == "Still here."
        assert soup.find("a", string="Join us")["href"] == "/"
        assert soup.find("a", string="Minutes of the meeting")["href"].startswith("/documents/")

    def test_a_video_that_cannot_be_fetched_becomes_a_link(self):
        self.post.body = [("video", "https://video.example.org/watch/offline")]
        self.post.save_revision().publish()
        soup = BeautifulSoup(self.client.get("/blog/every-block/").content, "html.parser")
        link = soup.find("a", string="Watch the video")
        assert link["href"] == "https://video.example.org/watch/offline"

    def test_share_tags_and_canonical_address(self):
        soup = BeautifulSoup(self.client.get("/blog/every-block/").content, "html.parser")
        assert soup.find("link", rel="canonical")["href"] == "http://localhost/blog/every-block/"
        assert soup.find("meta", property="og:title")["content"] == self.post.title
        assert soup.find("meta", property="og:description")["content"] == self.post.intro
        assert soup.find("meta", property="og:image")["content"].startswith("http://127.0.0.1:")
        assert soup.find("meta", attrs={"name": "twitter:card"})["content"] == (
            "summary_large_image"
        )


class ListingTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.index_page = BlogIndexPageFactory(parent=cls.home)
        cls.campaigns = BlogCategoryFactory(name="Campaigns", slug="campaigns")
        cls.how_we_work = BlogCategoryFactory(name="How we work", slug="how-we-work")
        cls.posts = []
        for day in range(1, 13):
            post = BlogPageFactory(
                parent=cls.index_page,
                title=f"Update {day:02d}",
                slug=f"update-{day:02d}",
                date=datetime.date(2026, 10, day),
                categories=[cls.campaigns if day % 2 else cls.how_we_work],
            )
            post.tags.add("meetings" if day <= 3 else "statements")
            post.save_revision().publish()
            cls.posts.append(post)
        cls.draft = BlogPageFactory(
            parent=cls.index_page, title="Draft", slug="draft", live=False, date=None
        )

    def test_index_shows_ten_newest_first_then_the_rest(self):
        first = page_html(self.client, "/blog/")
        assert titles(first) == [f"Update {day:02d}" for day in range(12, 2, -1)]
        second = page_html(self.client, "/blog/?page=2")
        assert titles(second) == ["Update 02", "Update 01"]
        assert self.client.get("/blog/?page=3").status_code == 404
        assert titles(page_html(self.client, "/blog/?page=nonsense")) == titles(first)

    def test_listing_shows_date_intro_and_categories(self):
        card = page_html(self.client, "/blog/").select_one(".post-card")
        assert card.time["datetime"] == "2026-10-12"
        assert "What happened: Update 12." in card.get_text()
        assert card.find("a", string="How we work")["href"] == "/blog/category/how-we-work/"

    def test_category_and_tag_archives_and_filters(self):
        campaign_titles = [f"Update {day:02d}" for day in range(11, 0, -2)]
        assert titles(page_html(self.client, "/blog/category/campaigns/")) == campaign_titles
        assert titles(page_html(self.client, "/blog/?category=campaigns")) == campaign_titles
        assert titles(page_html(self.client, "/blog/tag/meetings/")) == [
            "Update 03",
            "Update 02",
            "Update 01",
        ]
        assert titles(page_html(self.client, "/blog/?category=campaigns&tag=meetings")) == [
            "Update 03",
            "Update 01",
        ]
        assert titles(page_html(self.client, "/blog/?category=unknown")) == []
        assert self.client.get("/blog/category/unknown/").status_code == 404
        assert self.client.get("/blog/tag/unknown/").status_code == 404

    def test_post_links_its_categories_tags_neighbours_and_related_posts(self):
        soup = page_html(self.client, "/blog/update-05/")
        assert soup.find("a", string="Campaigns")["href"] == "/blog/category/campaigns/"
        assert soup.find("a", string="statements")["href"] == "/blog/tag/statements/"
        assert soup.find("a", rel="prev")["href"] == "/blog/update-04/"
        assert soup.find("a", rel="next")["href"] == "/blog/update-06/"
        related = titles(soup.select_one(".related-posts"))
        assert related == ["Update 11", "Update 09", "Update 07"]

    def test_drafts_are_nowhere_visitors_look(self):
        assert self.client.get("/blog/draft/").status_code == 404
        assert "Draft" not in titles(page_html(self.client, "/blog/"))
        assert "/blog/draft/" not in self.client.get("/sitemap.xml").content.decode()
        assert "<loc>http://localhost/blog/update-01/</loc>" in (
            self.client.get("/sitemap.xml").content.decode()
        )

    def test_home_page_shows_the_three_latest_posts(self):
        soup = page_html(self.client, "/")
        assert titles(soup.select_one(".latest-news")) == ["Update 12", "Update 11", "Update 10"]

    def test_every_page_links_the_feeds_in_its_head(self):
        for path in ["/", "/blog/", "/blog/update-01/"]:
            head = page_html(self.client, path).head
            rss = head.find("link", type="application/rss+xml")
            atom = head.find("link", type="application/atom+xml")
            assert rss["href"] == "/blog/feed/", path
            assert atom["href"] == "/blog/feed/atom/", path


class FeedTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = make_site_home()
        cls.index_page = BlogIndexPageFactory(parent=cls.home)
        cls.campaigns = BlogCategoryFactory(name="Campaigns", slug="campaigns")
        cls.image = wagtail_factories.ImageFactory(title="Stall")
        cls.older = post_in(
            cls.index_page, title="Older", slug="older", date=datetime.date(2026, 9, 1)
        )
        cls.newer = post_in(
            cls.index_page,
            title="Newer",
            slug="newer",
            date=datetime.date(2026, 10, 1),
            featured_image=cls.image,
            featured_image_alt="Our stall at the market",
            categories=[cls.campaigns],
            authors=[PersonFactory(name="Press working group")],
            body=[
                ("paragraph", RichText('<p>Read <a href="/blog/older/">the older post</a>.</p>'))
            ],
        )
        BlogPageFactory(parent=cls.index_page, title="Unpublished", slug="unpublished", live=False)

    def parse(self, path):
        response = self.client.get(path)
        assert response.status_code == 200
        feed = feedparser.parse(response.content)
        assert not feed.bozo, feed.bozo_exception
        return response, feed

    def test_rss_is_valid_newest_first_and_only_published(self):
        response, feed = self.parse("/blog/feed/")
        assert response["Content-Type"].startswith("application/rss+xml")
        assert feed.version == "rss20"
        assert [entry.title for entry in feed.entries] == ["Newer", "Older"]
        assert feed.feed.link == "http://testserver/blog/"

    def test_items_carry_absolute_links_intro_full_body_image_and_author(self):
        _response, feed = self.parse("/blog/feed/")
        newer = feed.entries[0]
        assert newer.link == "http://testserver/blog/newer/"
        assert newer.summary == "What happened: Newer."
        assert 'href="http://testserver/blog/older/"' in newer.content[0].value
        assert newer.media_content[0]["url"].startswith("http://127.0.0.1:")
        assert newer.author == "Press working group"
        assert [tag.term for tag in newer.tags] == ["Campaigns"]

    def test_atom_feed_matches(self):
        response, feed = self.parse("/blog/feed/atom/")
        assert response["Content-Type"].startswith("application/atom+xml")
        assert feed.version == "atom10"
        assert [entry.title for entry in feed.entries] == ["Newer", "Older"]
        enclosures = [link for link in feed.entries[0].links if link.rel == "enclosure"]
        assert len(enclosures) == 1
        assert enclosures[0].href.startswith("http://127.0.0.1:")

    def test_category_feeds(self):
        _response, feed = self.parse("/blog/category/campaigns/feed/")
        assert [entry.title for entry in feed.entries] == ["Newer"]
        _response, feed = self.parse("/blog/category/campaigns/feed/atom/")
        assert [entry.title for entry in feed.entries] == ["Newer"]
        assert self.client.get("/blog/category/unknown/feed/").status_code == 404


def test_unpublishing_a_post_removes_it_from_feeds_and_listings(client, news):
    _home, index_page = news
    post = post_in(index_page, title="Withdrawn statement", slug="withdrawn")
    assert "Withdrawn statement" in titles(page_html(client, "/blog/"))
    post.unpublish()
    assert "Withdrawn statement" not in titles(page_html(client, "/blog/"))
    feed = feedparser.parse(client.get("/blog/feed/").content)
    assert feed.entries == []
    assert Page.objects.filter(slug="withdrawn", live=False).exists()

"""Share cards: what social media show when someone shares a page, made by the worker."""

import datetime
import io

from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import translation

from wagtail.models import Locale

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from home.sharecards import (
    CARD_HEIGHT,
    CARD_WIDTH,
    LINE_SPACING,
    MARGIN,
    SMALLEST_TITLE,
    TITLE_BOTTOM,
    TITLE_TOP,
    ShareCard,
    card_content,
    draw_card,
    fit_title,
)
from tests.support.factories import BlogIndexPageFactory, BlogPageFactory, make_site_home

pytestmark = pytest.mark.django_db

NO_BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def share_tags(client, path):
    response = client.get(path)
    assert response.status_code == 200
    soup = BeautifulSoup(response.content, "html.parser")
    tags = {}
    for meta in soup.find_all("meta"):
        key = meta.get("property") or meta.get("name")
        if key and (key.startswith("og:") or key.startswith("twitter:")):
            tags[key] = meta["content"]
    return tags


def stored_picture(url):
    """The card behind an og:image address, read back from the bucket."""
    card = ShareCard.objects.get(file__endswith=url.rsplit("/", 1)[-1])
    with default_storage.open(card.file.name, "rb") as stored:
        return PILImage.open(io.BytesIO(stored.read()))


@pytest.fixture
def news():
    home = make_site_home()
    home.save_revision().publish()
    return BlogIndexPageFactory(parent=home)


def publish_post(news, **fields):
    post = BlogPageFactory(parent=news, **fields)
    post.save_revision().publish()
    return post


def test_a_post_without_a_picture_gets_a_drawn_card(client, news):
    publish_post(news, title="Newham shadow CLP meets", slug="newham")
    tags = share_tags(client, "/blog/newham/")
    assert tags["og:title"] == "Newham shadow CLP meets"
    assert tags["og:description"] == "What happened: Newham shadow CLP meets."
    assert tags["og:url"] == "http://localhost/blog/newham/"
    assert tags["og:image"].startswith("http://127.0.0.1:")  # the S3 bucket
    assert tags["twitter:image"] == tags["og:image"]
    assert tags["twitter:card"] == "summary_large_image"
    assert (tags["og:image:width"], tags["og:image:height"]) == ("1200", "630")
    card = stored_picture(tags["og:image"])
    assert card.size == (1200, 630)
    assert card.format == "PNG"
    assert card.getpixel((5, 5)) == (0xA3, 0x12, 0x1F)  # the network's red


def test_a_post_with_a_picture_shares_it_cut_to_size(client, news):
    small = wagtail_factories.ImageFactory(file__width=800, file__height=600, file__color="blue")
    publish_post(
        news, title="Stall", slug="stall", featured_image=small, featured_image_alt="Our stall"
    )
    tags = share_tags(client, "/blog/stall/")
    assert tags["og:image:alt"] == "Our stall"
    card = stored_picture(tags["og:image"])
    assert card.size == (1200, 630)  # even from a smaller original
    assert card.format == "JPEG"
    red, green, blue = card.getpixel((600, 315))
    assert blue > 200
    assert red < 50


def test_a_new_title_makes_a_new_card_and_removes_the_old(client, news):
    post = publish_post(news, title="First title", slug="renamed")
    first = share_tags(client, "/blog/renamed/")["og:image"]
    first_name = ShareCard.objects.get(page=post).file.name
    post.title = "A better title"
    post.save_revision().publish()
    second = share_tags(client, "/blog/renamed/")["og:image"]
    assert second != first
    assert not default_storage.exists(first_name)
    assert stored_picture(second).size == (1200, 630)
    # Publishing again with nothing changed keeps the card.
    post.save_revision().publish()
    assert share_tags(client, "/blog/renamed/")["og:image"] == second


def test_no_card_is_ever_made_during_a_visitors_request(client, news):
    home_card = share_tags(client, "/")["og:image"]
    with override_settings(TASKS=NO_BACKGROUND_TASKS):
        post = publish_post(news, title="Not yet drawn", slug="not-yet")
        files_before = ShareCard.objects.count()
        tags = share_tags(client, "/blog/not-yet/")
    assert not ShareCard.objects.filter(page=post).exists()
    assert ShareCard.objects.count() == files_before
    # Meanwhile it shares the site's own card.
    assert tags["og:image"] == home_card
    assert tags["og:title"] == "Not yet drawn"


def test_the_longest_title_still_fits():
    title = ("Solidarity with every suspended member " * 7)[:255]
    font, lines = fit_title(title, CARD_WIDTH - 2 * MARGIN, TITLE_BOTTOM - TITLE_TOP)
    assert font.size >= SMALLEST_TITLE
    assert len(lines) * font.size * LINE_SPACING <= TITLE_BOTTOM - TITLE_TOP
    assert all(font.getlength(line) <= CARD_WIDTH - 2 * MARGIN for line in lines)
    assert " ".join(lines) == " ".join(title.split())
    # A word with no space in it is split rather than overflowing.
    font, lines = fit_title("x" * 255, CARD_WIDTH - 2 * MARGIN, TITLE_BOTTOM - TITLE_TOP)
    assert all(font.getlength(line) <= CARD_WIDTH - 2 * MARGIN for line in lines)
    card = PILImage.open(io.BytesIO(draw_card(title, "Blog post", "1 December 2026", "Net")))
    assert card.size == (CARD_WIDTH, CARD_HEIGHT)


def test_welsh_pages_get_welsh_cards(news):
    welsh = Locale.objects.get_or_create(language_code="cy")[0]
    post = publish_post(
        news, title="Cyfarfod agored", slug="cyfarfod", date=datetime.date(2026, 12, 1)
    )
    post.locale = welsh
    content = card_content(post)
    with translation.override("cy"):
        expected_kind = str(post._meta.verbose_name).capitalize()
    assert content["kind"] == expected_kind
    assert content["date"] == "1 Rhagfyr 2026"

"""The demo's pictures: one for the home page and every post, working group and local group,
uploaded like an editor's (to the S3 bucket, with no location data), each with alt text."""

import io
from io import StringIO

from django.core.management import call_command

from wagtail.images import get_image_model

import pytest
from bs4 import BeautifulSoup
from PIL import ExifTags
from PIL import Image as PILImage

from blog.models import BlogPage
from directory.models import LocalGroupPage
from home.models import HomePage
from home.sharecards import ShareCard
from workinggroups.models import WorkingGroupPage

pytestmark = pytest.mark.django_db


def test_every_demo_page_has_a_described_picture_without_location(client):
    call_command("load_demo", stdout=StringIO())

    home = HomePage.objects.get(depth=2, locale__language_code="en")
    assert home.hero_image is not None
    assert home.hero_image_alt_text.startswith("Drawing: three placards")
    pages = [
        *BlogPage.objects.live().filter(locale=home.locale),
        *WorkingGroupPage.objects.live().filter(locale=home.locale),
        *LocalGroupPage.objects.live().filter(locale=home.locale),
    ]
    assert len(pages) > 10
    for page in pages:
        assert page.featured_image is not None, page.title
        assert page.image_alt_text.startswith("Drawing: "), page.title
        assert ShareCard.objects.filter(page=page).exists(), page.title

    images = get_image_model().objects.filter(title__startswith="Demo: ")
    # One image per drawing, shared by the pages it suits.
    assert images.count() == 8
    assert {page.featured_image_id for page in pages} | {home.hero_image_id} == set(
        images.values_list("pk", flat=True)
    )
    for image in images:
        assert image.description.startswith("Drawing: ")
        assert image.file.url.startswith("http://127.0.0.1:")  # in the bucket
        assert image.has_focal_point()
        with image.file.open("rb") as stored:
            picture = PILImage.open(io.BytesIO(stored.read()))
            assert ExifTags.IFD.GPSInfo not in picture.getexif()
            assert b"GPS" not in (picture.info.get("xmp") or b"")

    # Every picture on the home page says what it shows.
    soup = BeautifulSoup(client.get("/").content, "html.parser")
    alts = [img["alt"] for img in soup.select("main img")]
    assert len(alts) >= 4
    assert all(alt.startswith("Drawing: ") for alt in alts)

    # Again: nothing new is drawn or uploaded.
    call_command("load_demo", stdout=StringIO())
    assert get_image_model().objects.filter(title__startswith="Demo: ").count() == images.count()

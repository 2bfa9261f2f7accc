"""Pictures where readers expect them: responsive markup on every page type, and alt text
that editors must give (or explicitly waive for decoration)."""

import io
import re

from django.core.exceptions import ValidationError
from django.core.files.images import ImageFile

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from PIL import Image as PILImage

from tests.support.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    make_site_home,
)

pytestmark = pytest.mark.django_db


def picture_image(width=1600, height=900, **kwargs):
    return wagtail_factories.ImageFactory(file__width=width, file__height=height, **kwargs)


def published(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def soup_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def check_picture(img, *, alt, lazy):
    """A <picture> with AVIF and WebP sources and a JPEG <img> fallback, two widths each,
    a sizes attribute, the real width and height, the alt text, lazy below the fold."""
    picture = img.find_parent("picture")
    assert picture is not None
    sources = {source["type"]: source for source in picture.find_all("source")}
    assert set(sources) == {"image/avif", "image/webp"}
    for source in sources.values():
        assert len(source["srcset"].split(",")) == 2
        assert re.search(r"\.avif \d+w|\.webp \d+w", source["srcset"])
        assert source["sizes"]
    assert img["src"].startswith("http://127.0.0.1:")  # the S3 bucket
    assert img["src"].endswith(".jpg")
    assert len(img["srcset"].split(",")) == 2
    assert img["sizes"]
    # The real size of the fallback, so that the space is kept while it loads.
    assert round(int(img["width"]) / int(img["height"]), 2) in (1.78, 1.5)
    assert img["alt"] == alt
    assert (img.get("loading") == "lazy") is lazy


def test_every_page_type_shows_its_picture_with_responsive_markup(client):
    home = make_site_home(
        hero_image=picture_image(title="Rally"),
        hero_image_alt="Placards at a rally",
    )
    published(home)
    news = BlogIndexPageFactory(parent=home)
    published(
        BlogPageFactory(
            parent=news,
            title="Stall report",
            slug="stall",
            featured_image=picture_image(title="Stall"),
            featured_image_alt="Our stall at the market",
        )
    )
    working_groups = WorkingGroupIndexPageFactory(parent=home)
    published(
        WorkingGroupPageFactory(
            parent=working_groups,
            title="Press",
            slug="press",
            featured_image=picture_image(title="Paper"),
            featured_image_alt="A newspaper with our headline",
        )
    )
    directory = LocalGroupIndexPageFactory(parent=home)
    published(
        LocalGroupPageFactory(
            parent=directory,
            title="Stroud shadow CLP",
            slug="stroud",
            featured_image=picture_image(title="Pin"),
            featured_image_decorative=True,
        )
    )

    soup = soup_of(client, "/")
    check_picture(soup.select_one(".hero img"), alt="Placards at a rally", lazy=False)
    check_picture(soup.select_one(".post-card img"), alt="Our stall at the market", lazy=True)
    check_picture(
        soup.select_one(".group-card img"), alt="A newspaper with our headline", lazy=True
    )

    soup = soup_of(client, "/blog/stall/")
    check_picture(soup.select_one(".post__image img"), alt="Our stall at the market", lazy=False)
    check_picture(
        soup_of(client, "/blog/").select_one(".post-card img"),
        alt="Our stall at the market",
        lazy=True,
    )

    soup = soup_of(client, "/working-groups/press/")
    check_picture(
        soup.select_one(".page-image img"), alt="A newspaper with our headline", lazy=False
    )
    check_picture(
        soup_of(client, "/working-groups/").select_one(".group-card img"),
        alt="A newspaper with our headline",
        lazy=True,
    )

    # Decorative, by the editor's choice: an empty alt, so screen readers skip it.
    check_picture(
        soup_of(client, "/groups/stroud/").select_one(".page-image img"), alt="", lazy=False
    )
    check_picture(soup_of(client, "/groups/").select_one(".group-card img"), alt="", lazy=True)


def test_crops_keep_the_focal_point():
    """A square picture whose subject (a red square) sits at its right edge: a tall crop
    keeps the subject, where a centred crop would cut it off."""
    canvas = PILImage.new("RGB", (2000, 2000), "#2a6f97")
    canvas.paste("#ff0000", (1700, 900, 1900, 1100))
    data = io.BytesIO()
    canvas.save(data, format="PNG")
    image = wagtail_factories.ImageFactory(
        file=ImageFile(io.BytesIO(data.getvalue()), name="subject.png"),
        focal_point_x=1800,
        focal_point_y=1000,
        focal_point_width=200,
        focal_point_height=200,
    )

    def reds(rendition):
        with rendition.file.open("rb") as stored, PILImage.open(stored) as cropped:
            pixels = cropped.convert("RGB").get_flattened_data()
            return sum(1 for r, g, b in pixels if r > 200 and g < 60 and b < 60)

    with_focal_point = image.get_rendition("fill-200x400|format-png")
    assert (with_focal_point.width, with_focal_point.height) == (200, 400)
    assert reds(with_focal_point) > 0
    image.set_focal_point(None)
    image.save()
    centred = image.get_rendition("fill-200x400|format-png")
    assert reds(centred) == 0


class TestAltText:
    def setup_method(self):
        self.home = make_site_home()
        self.news = BlogIndexPageFactory(parent=self.home)

    def test_a_picture_needs_a_description_or_the_decorative_choice(self):
        post = BlogPageFactory.build(
            title="No description", slug="no-description", featured_image=picture_image()
        )
        with pytest.raises(ValidationError) as error:
            self.news.add_child(instance=post)
        assert "featured_image_alt" in error.value.message_dict
        assert "tick 'decorative'" in error.value.message_dict["featured_image_alt"][0]

    def test_decorative_pictures_have_no_description(self):
        post = BlogPageFactory.build(
            title="Both",
            slug="both",
            featured_image=picture_image(),
            featured_image_alt="Something",
            featured_image_decorative=True,
        )
        with pytest.raises(ValidationError) as error:
            self.news.add_child(instance=post)
        assert "featured_image_decorative" in error.value.message_dict

    def test_the_image_libraries_description_is_enough(self):
        post = BlogPageFactory.build(
            title="Described",
            slug="described",
            featured_image=picture_image(description="Members around a table"),
        )
        self.news.add_child(instance=post)
        assert post.image_alt_text == "Members around a table"

    def test_every_page_type_with_a_picture_checks_it(self):
        home_errors = pytest.raises(ValidationError)
        self.home.hero_image = picture_image()
        with home_errors as error:
            self.home.full_clean()
        assert "hero_image_alt" in error.value.message_dict
        for factory, parent_factory in [
            (WorkingGroupPageFactory, WorkingGroupIndexPageFactory),
            (LocalGroupPageFactory, LocalGroupIndexPageFactory),
        ]:
            parent = parent_factory(parent=self.home)
            page = factory.build(featured_image=picture_image())
            with pytest.raises(ValidationError) as error:
                parent.add_child(instance=page)
            assert "featured_image_alt" in error.value.message_dict

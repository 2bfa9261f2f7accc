"""Pictures' sizes are made by the worker, never by a visitor's request.

An image uploaded through the admin has every size the templates use made by the worker,
stored in the bucket; a page showing it then renders without making any. When the worker
is behind, the page still renders at once, without the picture's missing sizes, and the
worker is asked for them.
"""

import io

from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from wagtail.images import get_image_model
from wagtail.images.models import Rendition

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django_tasks_db.models import DBTaskResult
from PIL import Image as PILImage

from blog.models import LISTING_RENDITION
from home.pictures import ALL_RENDITIONS, FEATURE_RENDITIONS
from moderation.roles import MODERATORS
from tests.support.admin_uploads import upload_image
from tests.support.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    make_member,
    make_site_home,
)

# The worker commits and closes its connections as in production: no test transaction.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def run_worker_once():
    call_command("run_worker", "--once", stdout=io.StringIO())


def jpeg(size=(1600, 1000)):
    out = io.BytesIO()
    PILImage.new("RGB", size, (30, 90, 160)).save(out, "JPEG", quality=85)
    return out.getvalue()


def rendered(client, path):
    """(the page's soup, its queries) of an anonymous visit."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser"), [q["sql"] for q in queries]


def picture_files(soup, selector):
    """The file names a <picture> offers (every srcset candidate, and the fallback src)."""
    picture = soup.select_one(selector)
    if picture is None:
        return set()
    addresses = [picture.find("img")["src"]]
    for element in picture.find_all(["source", "img"]):
        for candidate in element.get("srcset", "").split(","):
            if candidate.strip():
                addresses.append(candidate.strip().split(" ")[0])
    return {address.split("?")[0].rsplit("/", 1)[-1] for address in addresses}


def publish_post(news, image, slug):
    post = BlogPageFactory(
        parent=news, slug=slug, featured_image=image, featured_image_alt="Members at the stall"
    )
    post.save_revision().publish()
    return post


@override_settings(TASKS=DATABASE_QUEUE)
def test_an_uploaded_image_has_every_size_made_by_the_worker_and_pages_make_none(client):
    home = make_site_home()
    home.save_revision().publish()
    news = BlogIndexPageFactory(parent=home)
    client.force_login(make_member(MODERATORS))
    response = upload_image(client, "stall.jpg", jpeg(), title="Street stall")
    assert response.status_code == 302
    image = get_image_model().objects.get(title="Street stall")
    # The upload only queued the work.
    assert not image.renditions.filter(filter_spec__in=ALL_RENDITIONS).exists()
    assert DBTaskResult.objects.filter(task_path__endswith="make_image_renditions").exists()

    run_worker_once()

    made = image.renditions.filter(filter_spec__in=ALL_RENDITIONS)
    assert sorted(made.values_list("filter_spec", flat=True)) == sorted(ALL_RENDITIONS)
    for rendition in made:
        assert default_storage.exists(rendition.file.name), rendition.filter_spec

    post = publish_post(news, image, "stall")
    run_worker_once()  # the publication's task: the share card
    client.logout()
    before = Rendition.objects.count()
    for path in ("/", "/blog/", post.url):
        client.get(path)  # the renditions' cache filled, as after any first visit
    soup, queries = rendered(client, post.url)
    listing, listing_queries = rendered(client, "/blog/")

    assert Rendition.objects.count() == before
    assert not [sql for sql in queries + listing_queries if sql.startswith("INSERT")]
    # The post shows its picture in every format and width, from the bucket.
    files = picture_files(soup, ".post__image picture")
    feature_files = {
        rendition.file.name.rsplit("/", 1)[-1]
        for rendition in image.renditions.filter(filter_spec__in=FEATURE_RENDITIONS)
    }
    assert files == feature_files
    assert len(files) == len(FEATURE_RENDITIONS)
    assert picture_files(listing, ".post-card picture")


@override_settings(TASKS=DATABASE_QUEUE)
def test_a_page_renders_at_once_when_the_worker_is_behind(client):
    home = make_site_home()
    home.save_revision().publish()
    news = BlogIndexPageFactory(parent=home)
    image = wagtail_factories.ImageFactory(title="Not cut yet")
    post = publish_post(news, image, "behind")
    DBTaskResult.objects.all().delete()  # the worker has not reached any of it

    soup, queries = rendered(client, post.url)

    # No size was made for the visitor: the picture waits, the words do not.
    assert not image.renditions.exists()
    assert not [sql for sql in queries if 'INSERT INTO "wagtailimages_rendition"' in sql]
    assert soup.select_one(".post__image picture") is None
    assert soup.find("h1").get_text(strip=True) == post.title
    # The worker is asked for them (once, however many visits).
    client.get(post.url)
    asked = DBTaskResult.objects.filter(task_path__endswith="make_image_renditions")
    assert asked.count() == 1

    run_worker_once()

    soup, _queries = rendered(client, post.url)
    assert len(picture_files(soup, ".post__image picture")) == len(FEATURE_RENDITIONS)


@override_settings(TASKS=DATABASE_QUEUE)
def test_make_renditions_queues_the_images_uploaded_before_the_upgrade():
    image = wagtail_factories.ImageFactory(title="Uploaded last year")
    DBTaskResult.objects.all().delete()  # as if uploaded before the worker made sizes

    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    run_worker_once()

    assert "Queued the renditions of 1 images." in out.getvalue()
    made = image.renditions.values_list("filter_spec", flat=True)
    assert sorted(made) == sorted(ALL_RENDITIONS)


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_feed_costs_the_same_with_one_picture_or_three(client):
    """The feed shows two sizes of each post's picture; one not fetched with the posts
    would be cut again from the original, for every post, on every request."""
    home = make_site_home()
    home.save_revision().publish()
    news = BlogIndexPageFactory(parent=home)

    def feed_queries():
        client.get("/blog/feed/")  # the renditions' cache filled, as after any first visit
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/blog/feed/")
        assert response.status_code == 200
        return len(queries)

    images = [wagtail_factories.ImageFactory(title=f"Stall {number}") for number in range(3)]
    publish_post(news, images[0], "stall-0")
    run_worker_once()
    with_one = feed_queries()
    for number, image in enumerate(images[1:], start=1):
        publish_post(news, image, f"stall-{number}")
    run_worker_once()
    with_three = feed_queries()

    assert with_one == with_three
    made = Rendition.objects.count()
    feed = client.get("/blog/feed/").content.decode()
    assert Rendition.objects.count() == made
    for image in images:
        assert image.renditions.get(filter_spec="width-960").file.name.rsplit("/", 1)[-1] in feed


@override_settings(TASKS=DATABASE_QUEUE)
def test_the_feed_leaves_out_a_picture_the_worker_has_not_cut_yet(client):
    home = make_site_home()
    home.save_revision().publish()
    news = BlogIndexPageFactory(parent=home)
    image = wagtail_factories.ImageFactory(title="Stall")
    DBTaskResult.objects.all().delete()
    publish_post(news, image, "stall")

    feed = BeautifulSoup(client.get("/blog/feed/").content, "xml")
    assert len(feed.find_all("item")) == 1
    assert feed.find("media:content") is None
    assert not image.renditions.filter(filter_spec=LISTING_RENDITION).exists()
    assert DBTaskResult.objects.filter(task_path__endswith="make_image_renditions").exists()

    run_worker_once()
    feed = BeautifulSoup(client.get("/blog/feed/").content, "xml")
    shown = feed.find("media:content")["url"]
    assert shown.endswith(image.renditions.get(filter_spec=LISTING_RENDITION).file.name)

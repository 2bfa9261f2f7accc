"""The news pages cost the same number of SQL queries with 20 posts as with 2,000.

The numbers are exact: a change that adds a query per post (a missing prefetch) or a query
per page view shows up here first. If a change adds a fixed query on purpose, update the
number and say why in the commit.
"""

import datetime
import uuid

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from taggit.models import Tag
from wagtail.models import Page

import pytest
import wagtail_factories

from blog.models import BlogPage, BlogPageTag
from tests.factories import BlogCategoryFactory, BlogIndexPageFactory, make_site_home

EXPECTED_QUERIES = {
    # One of them lists the page's translations, for the language switcher and hreflang.
    "/blog/": 21,
    "/blog/category/campaigns/": 22,
    "/blog/tag/meetings/": 22,
    "/blog/post-0005/": 30,
}

# Search indexing and reference indexing run as background tasks: skipping them makes
# creating 2,000 posts take seconds, and changes nothing a reader sees.
NO_BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def add_posts(index_page, categories, images, start, count):
    """Publish `count` posts under the index, as rows Wagtail itself would write.

    Creating 2,000 posts one by one through Wagtail takes minutes; the tree paths are laid
    out directly instead (treebeard's own path scheme) and the rows inserted in bulk.
    """
    index_page.refresh_from_db()
    content_type = ContentType.objects.get_for_model(BlogPage)
    published = datetime.datetime(2020, 1, 1, tzinfo=datetime.UTC)
    posts = []
    for offset, number in enumerate(range(start, start + count), start=1):
        slug = f"post-{number:04d}"
        posts.append(
            BlogPage(
                title=f"Post {number}",
                draft_title=f"Post {number}",
                slug=slug,
                url_path=f"{index_page.url_path}{slug}/",
                path=BlogPage._get_path(
                    index_page.path, index_page.depth + 1, index_page.numchild + offset
                ),
                depth=index_page.depth + 1,
                numchild=0,
                content_type=content_type,
                locale_id=index_page.locale_id,
                translation_key=uuid.uuid4(),
                live=True,
                first_published_at=published,
                last_published_at=published,
                intro=f"Intro of post {number}.",
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
                featured_image=images[number % len(images)],
            )
        )
    pages = Page.objects.bulk_create(
        [
            Page(
                **{
                    f.attname: getattr(post, f.attname)
                    for f in Page._meta.concrete_fields
                    if f.attname != "id"
                }
            )
            for post in posts
        ]
    )
    for post, page in zip(posts, pages, strict=True):
        post.pk = post.page_ptr_id = page.pk
        post.save_base(raw=True, force_insert=True)
    BlogPage.categories.through.objects.bulk_create(
        BlogPage.categories.through(
            blogpage_id=post.pk, blogcategory_id=categories[number % len(categories)].pk
        )
        for number, post in enumerate(posts, start=start)
    )
    tag, _created = Tag.objects.get_or_create(name="meetings", slug="meetings")
    BlogPageTag.objects.bulk_create(
        BlogPageTag(content_object_id=post.pk, tag=tag) for post in posts
    )
    Page.objects.filter(pk=index_page.pk).update(numchild=index_page.numchild + count)


def count_queries(client, path):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)


@pytest.mark.django_db
@override_settings(TASKS=NO_BACKGROUND_TASKS)
def test_news_pages_cost_the_same_queries_with_20_or_2000_posts(client):
    home = make_site_home()
    index_page = BlogIndexPageFactory(parent=home)
    categories = [
        BlogCategoryFactory(name="Campaigns", slug="campaigns"),
        BlogCategoryFactory(name="How we work", slug="how-we-work"),
    ]
    images = [wagtail_factories.ImageFactory(title=f"Photo {n}") for n in range(2)]

    add_posts(index_page, categories, images, start=1, count=20)
    for path in EXPECTED_QUERIES:  # the first view makes the image renditions
        client.get(path)
    with_20 = {path: count_queries(client, path) for path in EXPECTED_QUERIES}

    add_posts(index_page, categories, images, start=21, count=1980)
    assert BlogPage.objects.live().count() == 2000
    with_2000 = {path: count_queries(client, path) for path in EXPECTED_QUERIES}

    assert (with_20, with_2000) == (EXPECTED_QUERIES, EXPECTED_QUERIES)

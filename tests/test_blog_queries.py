"""The news pages cost the same number of SQL queries with 20 posts as with 2,000.

The numbers are exact: a change that adds a query per post (a missing prefetch) or a query
per page view shows up here first. If a change adds a fixed query on purpose, update the
number and say why in the commit.
"""

import datetime

from django.test import override_settings

from taggit.models import Tag

import pytest
import wagtail_factories

from blog.models import BlogPage, BlogPageTag
from home.renditions import make_all_renditions
from tests.support.bulk_pages import bulk_add_children
from tests.support.factories import BlogCategoryFactory, BlogIndexPageFactory, make_site_home
from tests.support.queries import count_queries

EXPECTED_QUERIES = {
    # The page of posts, their categories and card renditions. The site, the home page and
    # the index (routing), the number of posts, the index's translations (the language
    # switcher), menu, footer, settings and categories list come from the cache
    # (tests/test_query_budgets.py lists every page type).
    "/blog/": 4,
    "/blog/category/campaigns/": 4,
    # One more: the tag.
    "/blog/tag/meetings/": 5,
    # The post with its picture (one query under the index), its authors, categories and
    # tags, the previous and next posts, the related posts (posts, categories, renditions).
    "/blog/post-0005/": 8,
}

# Search indexing and reference indexing run as background tasks: skipping them makes
# creating 2,000 posts take seconds, and changes nothing a reader sees.
NO_BACKGROUND_TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def add_posts(index_page, categories, images, start, count):
    """Publish `count` posts under the index in bulk (tests/support/bulk_pages.py), each
    with a category, the tag "meetings" and a picture."""
    posts = bulk_add_children(
        index_page,
        [
            BlogPage(
                title=f"Post {number}",
                slug=f"post-{number:04d}",
                intro=f"Intro of post {number}.",
                date=datetime.date(2020, 1, 1) + datetime.timedelta(days=number),
                featured_image=images[number % len(images)],
            )
            for number in range(start, start + count)
        ],
    )
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
    for image in images:  # as the worker does when an image is uploaded
        make_all_renditions(image)
    with_20 = {path: count_queries(client, path, warm=True) for path in EXPECTED_QUERIES}

    add_posts(index_page, categories, images, start=21, count=1980)
    assert BlogPage.objects.live().count() == 2000
    with_2000 = {path: count_queries(client, path, warm=True) for path in EXPECTED_QUERIES}

    assert (with_20, with_2000) == (EXPECTED_QUERIES, EXPECTED_QUERIES)

"""The benchmark's data set (tests/support/realistic_site.py) makes what it promises; built
here at a fiftieth of its size (make bench builds it whole)."""

import math

from django.test import override_settings

from wagtail.models import Locale, Page

import pytest
from django_tasks import default_task_backend

from blog.models import BlogPage
from directory.models import LocalGroupPage, PostcodeDistrict
from events.models import EventPage, EventRegistration
from home.models import FooterText, MainMenu
from tests.support.realistic_site import (
    EVENTS,
    PAGES_IN_ALL,
    POSTS,
    REGISTRATIONS_PER_EVENT,
    build_realistic_site,
    queue_picture_jobs,
)

pytestmark = pytest.mark.django_db
SCALE = 0.02


@override_settings(TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}})
def test_the_site_has_the_pages_pictures_translations_and_registrations_it_promises(client):
    counts = build_realistic_site(scale=SCALE)

    assert counts["pages"] == Page.objects.count() == PAGES_IN_ALL * SCALE
    english, welsh = Locale.objects.get(language_code="en"), Locale.objects.get(language_code="cy")
    posts = BlogPage.objects.live().filter(locale=english)
    assert posts.count() >= POSTS * SCALE
    assert not posts.filter(featured_image=None).exists()
    assert not posts.filter(categories=None).exists()
    welsh_post = BlogPage.objects.filter(locale=welsh, slug__startswith="news-").first()
    assert welsh_post.get_translation(english).slug == welsh_post.slug
    assert client.get(welsh_post.url).status_code == 200
    assert counts["local groups"] >= 5000 * SCALE
    assert not LocalGroupPage.objects.filter(latitude=None).exists()
    assert EventPage.objects.count() >= EVENTS * SCALE
    meetings = EventPage.objects.filter(slug__startswith="meeting-")
    assert EventRegistration.objects.filter(event__in=meetings).count() == (
        REGISTRATIONS_PER_EVENT * meetings.count()
    )
    assert meetings.count() > 0
    assert MainMenu.objects.filter(locale=welsh).exists()
    assert FooterText.objects.filter(locale=welsh).exists()
    # Every page listed is served, the postcode search finds groups near it.
    for path in ("/", "/blog/", posts.order_by("-date").first().url, "/groups/"):
        assert client.get(path).status_code == 200, path
    e13 = PostcodeDistrict.objects.get(outward_code="E13")
    squeeze = math.cos(math.radians(e13.latitude))  # a degree east is shorter than north
    nearest = min(
        LocalGroupPage.objects.live(),
        key=lambda group: math.dist(
            (group.latitude, group.longitude * squeeze), (e13.latitude, e13.longitude * squeeze)
        ),
    )
    assert nearest.title in client.get("/groups/?postcode=E13&radius=25").content.decode()

    # The worker's picture job, for one page of each picture and for the pages asked.
    default_task_backend.clear()
    queued = queue_picture_jobs([welsh_post])
    jobs = {result.args[0] for result in default_task_backend.results}
    assert queued == len(jobs) == len(default_task_backend.results)
    assert welsh_post.pk in jobs
    pictures_made = {
        BlogPage.objects.get(pk=page_id).featured_image_id
        for page_id in jobs
        if BlogPage.objects.filter(pk=page_id).exists()
    }
    assert pictures_made == set(posts.values_list("featured_image", flat=True))

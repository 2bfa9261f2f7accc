"""Videos: looked up by the worker when a page is saved, shown as a click-to-play facade,
and never fetched during a visitor's request."""

import ipaddress
import socket
from contextlib import contextmanager
from datetime import timedelta

from django.core.files.storage import default_storage
from django.test import override_settings
from django.utils import timezone

import feedparser
import pytest
from bs4 import BeautifulSoup

from home.videos import VideoEmbed, player_url_from, retry_video_lookups
from tests.support.factories import BlogIndexPageFactory, BlogPageFactory, make_site_home
from tests.support.network import closed_port
from tests.support.queries import count_queries

pytestmark = pytest.mark.django_db

VIDEO_URL = "https://video.example.org/watch/open-meeting"


class OutsideConnection(AssertionError):
    pass


@contextmanager
def only_loopback():
    """Fail the test if anything opens a connection beyond this machine (a guard on the
    socket layer, not a stand-in for any service)."""
    real_connect = socket.socket.connect

    def guarded_connect(sock, address):
        host = address[0] if isinstance(address, tuple) else address
        try:
            outside = not ipaddress.ip_address(host).is_loopback
        except ValueError:
            outside = host != "localhost"
        if outside:
            raise OutsideConnection(f"a connection to {address} was opened")
        return real_connect(sock, address)

    socket.socket.connect = guarded_connect
    try:
        yield
    finally:
        socket.socket.connect = real_connect


@pytest.fixture
def news():
    return BlogIndexPageFactory(parent=make_site_home())


def publish_post(news, slug, body=()):
    post = BlogPageFactory(parent=news, slug=slug, title=slug.title(), body=list(body))
    post.save_revision().publish()
    return post


def soup_of(response):
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def test_the_worker_looks_the_video_up_when_the_post_is_saved(client, news, oembed_provider):
    publish_post(news, "with-video", [("video", VIDEO_URL)])
    assert oembed_provider.requests == [VIDEO_URL]
    video = VideoEmbed.objects.get(url=VIDEO_URL)
    assert video.status == VideoEmbed.STATUS_FOUND
    assert video.player_url.startswith("https://www.youtube-nocookie.com/embed/open-meeting?")
    assert "autoplay=1" in video.player_url
    assert default_storage.exists(video.thumbnail.name)  # in the bucket

    soup = soup_of(client.get("/blog/with-video/"))
    assert soup.find("iframe") is None
    link = soup.select_one("a[data-video-player]")
    assert link["href"] == VIDEO_URL  # without JavaScript, a link to the video
    assert link["data-video-player"] == video.player_url
    assert link.find("img")["src"] == video.thumbnail.url
    assert link.find("img")["alt"] == ""  # the link's text says what it is
    assert link.get_text(" ", strip=True) == "Play the video: Recording of the meeting"
    assert "Loopback Video" in soup.select_one(".video__notice").get_text()
    assert oembed_provider.requests == [VIDEO_URL]  # the visit asked nothing


def test_a_visit_never_reaches_the_video_site(client, news, oembed_provider, settings):
    publish_post(news, "found", [("video", VIDEO_URL)])
    publish_post(news, "plain")
    # From now on the video site is unreachable: a look-up would fail or hang.
    settings.WAGTAILEMBEDS_FINDERS = [
        {
            "class": "wagtail.embeds.finders.oembed",
            "providers": [
                {
                    "endpoint": f"http://127.0.0.1:{closed_port()}/oembed",
                    "urls": [r"^https://video\.example\.org/watch/.+$"],
                }
            ],
        }
    ]
    # A video saved with the video site unreachable, never looked up successfully.
    publish_post(news, "unreachable", [("video", "https://video.example.org/watch/lost")])
    lost = VideoEmbed.objects.get(url="https://video.example.org/watch/lost")
    assert lost.status == VideoEmbed.STATUS_FAILED
    assert lost.retry_after > timezone.now()

    requests_before = list(oembed_provider.requests)
    with only_loopback():
        soup = soup_of(client.get("/blog/found/"))
        assert soup.select_one("a[data-video-player]") is not None
        soup = soup_of(client.get("/blog/unreachable/"))
        link = soup.find("a", string="Watch the video")
        assert link["href"] == "https://video.example.org/watch/lost"
        queries = {
            path: count_queries(client, path, warm=True)
            for path in ("/blog/plain/", "/blog/found/", "/blog/unreachable/")
        }
    assert oembed_provider.requests == requests_before
    # A video costs no query more than a post without one.
    assert queries["/blog/found/"] == queries["/blog/plain/"]
    assert queries["/blog/unreachable/"] == queries["/blog/plain/"]


def test_a_failed_look_up_is_tried_again_by_the_worker(client, news, oembed_provider):
    oembed_provider.fail()
    publish_post(news, "outage", [("video", VIDEO_URL)])
    video = VideoEmbed.objects.get(url=VIDEO_URL)
    assert video.status == VideoEmbed.STATUS_FAILED
    assert video.failed_attempts == 1
    assert "Watch the video" in client.get("/blog/outage/").content.decode()

    # Not due yet: the worker's periodic job leaves it.
    assert retry_video_lookups() == 0
    oembed_provider.fail(False)
    VideoEmbed.objects.filter(pk=video.pk).update(retry_after=timezone.now() - timedelta(1))
    assert retry_video_lookups() == 1
    video.refresh_from_db()
    assert video.status == VideoEmbed.STATUS_FOUND
    assert video.failed_attempts == 0
    soup = soup_of(client.get("/blog/outage/"))
    assert soup.select_one("a[data-video-player]")["href"] == VIDEO_URL


def test_feeds_carry_a_link_and_the_thumbnail_not_the_player(client, news, oembed_provider):
    publish_post(news, "in-the-feed", [("video", VIDEO_URL)])
    thumbnail_url = VideoEmbed.objects.get(url=VIDEO_URL).thumbnail.url
    for path in ("/blog/feed/", "/blog/feed/atom/"):
        content = feedparser.parse(client.get(path).content).entries[0].content[0].value
        soup = BeautifulSoup(content, "html.parser")
        assert soup.find("iframe") is None
        assert soup.find("a", href=VIDEO_URL) is not None
        assert soup.find("img", src=thumbnail_url) is not None


def test_the_players_allowed_are_the_video_sites_only(client, news):
    publish_post(news, "policy")
    policy = client.get("/blog/policy/")["Content-Security-Policy"]
    frame_src = next(part for part in policy.split(";") if part.strip().startswith("frame-src"))
    assert frame_src.split()[1:] == [
        "https://www.youtube-nocookie.com",
        "https://player.vimeo.com",
        "https://www.facebook.com",
    ]


def test_player_addresses_come_only_from_known_hosts():
    youtube = '<iframe src="https://www.youtube.com/embed/abc?feature=oembed"></iframe>'
    assert player_url_from(youtube) == (
        "https://www.youtube-nocookie.com/embed/abc?feature=oembed&autoplay=1"
    )
    vimeo = "<iframe src='https://player.vimeo.com/video/1?autoplay=0'></iframe>"
    assert player_url_from(vimeo) == "https://player.vimeo.com/video/1?autoplay=1"
    assert player_url_from('<iframe src="https://tracker.example.com/x"></iframe>') == ""
    assert player_url_from("<p>no player</p>") == ""


def test_an_editor_saving_a_video_waits_on_no_video_site(admin_client, news, oembed_provider):
    from wagtail.test.utils.form_data import nested_form_data, streamfield

    def post(url):
        data = {
            "title": "Editor's video",
            "slug": "editors-video",
            "intro": "A video.",
            "featured_image": "",
            "featured_image_alt": "",
            "body": streamfield([("video", url)]),
            "date": "",
            "tags": "",
        }
        return admin_client.post(
            f"/admin/pages/add/blog/blogpage/{news.pk}/", nested_form_data(data)
        )

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        with only_loopback():
            response = post("https://elsewhere.example.com/clip")
        assert response.status_code == 200
        assert "not the address of a video" in response.content.decode()
        response = post(VIDEO_URL)
    assert response.status_code == 302
    # Saved with no look-up yet: that is the worker's (queued, not run here).
    assert oembed_provider.requests == []
    assert VideoEmbed.objects.get(url=VIDEO_URL).status == VideoEmbed.STATUS_PENDING

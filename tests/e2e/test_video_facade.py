"""A video in a post, in a real browser: nothing comes from the video site until the visitor
presses play, with the mouse or the keyboard; the page passes axe before and after."""

from urllib.parse import urlsplit

import pytest

from tests.support.factories import BlogIndexPageFactory, BlogPageFactory, make_site_home

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

VIDEO_URL = "https://video.example.org/watch/open-meeting"
PLAY = "Play the video: Recording of the meeting"


@pytest.fixture
def post_with_video(live_server, oembed_provider):
    news = BlogIndexPageFactory(parent=make_site_home())
    post = BlogPageFactory(
        parent=news, title="Open meeting", slug="open-meeting", body=[("video", VIDEO_URL)]
    )
    post.save_revision().publish()  # the worker looks the video up (at once in tests)
    return live_server.url + "/blog/open-meeting/"


def test_the_player_loads_only_when_play_is_pressed_by_keyboard(visitor, post_with_video):
    page = visitor.page
    outside = []
    live_host = urlsplit(post_with_video).hostname

    def record(request):
        host = urlsplit(request.url).hostname
        if host not in (live_host, "127.0.0.1", "localhost"):
            outside.append(request.url)

    page.on("request", record)
    # The player's site is not reachable from here: answer for it, and count the asks.
    page.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(status=200, content_type="text/html", body="<p>Player</p>"),
    )

    page.goto(post_with_video)
    page.wait_for_load_state("networkidle")
    assert outside == []
    assert page.locator("iframe").count() == 0
    visitor.assert_accessible()

    visitor.tab_to(PLAY)
    page.keyboard.press("Enter")
    player = page.locator("iframe.video-facade__player")
    player.wait_for()
    assert player.get_attribute("title") == "Recording of the meeting"
    assert player.get_attribute("src").startswith("https://www.youtube-nocookie.com/embed/")
    assert page.evaluate("document.activeElement.tagName") == "IFRAME"
    page.wait_for_load_state("networkidle")
    assert [urlsplit(url).hostname for url in outside] == ["www.youtube-nocookie.com"]
    visitor.assert_accessible()
    assert visitor.csp_violations == []


def test_without_javascript_the_video_is_a_link(browser, post_with_video):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(post_with_video)
        link = page.get_by_role("link", name=PLAY)
        assert link.get_attribute("href") == VIDEO_URL
        assert page.locator("iframe").count() == 0
    finally:
        context.close()


def test_the_home_page_landmarks_are_unique(visitor, demo_site):
    from axe_playwright_python.sync_playwright import Axe

    visitor.page.goto(demo_site + "/")
    violations = Axe().run(visitor.page).response["violations"]
    assert [violation["id"] for violation in violations] == []

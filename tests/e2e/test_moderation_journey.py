"""An editor's page goes live only through a moderator, in a real browser.

The editor writes a news post with an image and submits it; the moderator asks for changes
with a comment; the editor changes it and resubmits; the moderator approves; a visitor
reads it. When it fails, a screenshot of every step done and of every person's tab at the moment
of failure is kept in test-artifacts/.
"""

import re

from django.core import mail
from django.core.management import call_command

from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import WorkflowState

import pytest

from blog.models import BlogIndexPage, BlogPage
from tests.support.browser import ARTIFACTS_DIR, BrowserPage
from tests.support.factories import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

PAGE_MODEL = BlogPage
FOOTER_MENU_TOGGLE = "footer [data-w-dropdown-target='toggle']"


@pytest.fixture
def portal(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    make_member("Editors", username="edith")
    make_member("Moderators", username="mo")
    Image.objects.create(title="Rally crowd", file=get_test_image_file("rally.png"))
    return live_server.url


class Journey:
    """The people of the journey, each in their own browser context so that their logins
    never mix, and a screenshot after every step, kept only when the test fails."""

    def __init__(self, browser):
        self.browser = browser
        self.contexts = {}
        self.screenshots = []

    def open_as(self, name):
        context = self.browser.new_context(viewport={"width": 1280, "height": 900})
        self.contexts[name] = context
        return BrowserPage(context.new_page())

    def step_done(self, name, tab):
        self.screenshots.append((name, tab.page.screenshot(full_page=True)))

    def keep_screenshots(self):
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        for number, (name, image) in enumerate(self.screenshots, start=1):
            (ARTIFACTS_DIR / f"moderation_journey-{number:02d}-{name}.png").write_bytes(image)
        # Where each person was when it failed.
        for name, context in self.contexts.items():
            for index, tab in enumerate(context.pages):
                path = ARTIFACTS_DIR / f"moderation_journey-failed-{name}-{index}.png"
                tab.screenshot(path=path, full_page=True)


@pytest.fixture
def journey(browser, request):
    journey = Journey(browser)
    yield journey
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        journey.keep_screenshots()
    for context in journey.contexts.values():
        context.close()


def log_in(tab, base_url, username):
    page = tab.page
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(username)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(base_url + "/admin/")


def footer_action(page, name):
    page.locator(FOOTER_MENU_TOGGLE).click()
    page.get_by_role("button", name=name, exact=True).click()


def workflow_status(page_object):
    return WorkflowState.objects.filter(object_id=str(page_object.pk)).latest("created_at").status


def test_a_post_goes_live_only_after_a_moderator_approves_it(portal, journey):
    news = BlogIndexPage.objects.get(locale__language_code="en")
    editor, moderator = journey.open_as("editor"), journey.open_as("moderator")

    # The editor writes a page with an image and submits it.
    log_in(editor, portal, "edith")
    page = editor.page
    page.goto(
        f"{portal}/admin/pages/add/{PAGE_MODEL._meta.app_label}/"
        f"{PAGE_MODEL._meta.model_name}/{news.pk}/"
    )
    page.locator("#id_title").fill("Rally on Saturday")
    page.locator("#id_intro").click()  # the slug follows the title once it loses focus
    page.locator("#id_intro").fill("Meet at the town hall.")
    page.locator("#id_featured_image-chooser").get_by_role("button", name="Choose an image").click()
    page.get_by_role("dialog").get_by_role("link", name="Rally crowd").click()
    page.locator("#id_featured_image_alt").fill("A crowd with banners outside the town hall")
    footer_action(page, "Submit to Moderator approval")
    page.get_by_text(re.compile("submitted for moderation")).wait_for()
    journey.step_done("editor-submitted", editor)

    written = PAGE_MODEL.objects.get(title="Rally on Saturday")
    assert workflow_status(written) == WorkflowState.STATUS_IN_PROGRESS
    assert not written.live
    assert editor.page.context.request.get(f"{portal}/blog/rally-on-saturday/").status == 404

    # The moderator asks for changes, with a comment.
    log_in(moderator, portal, "mo")
    journey.step_done("moderator-dashboard", moderator)
    queue = moderator.page.get_by_role("table", name="Pages waiting for a moderator")
    assert "Rally on Saturday" in queue.inner_text()
    assert "edith" in queue.inner_text()
    moderator.page.goto(f"{portal}/admin/pages/{written.pk}/edit/")
    footer_action(moderator.page, "Request changes")
    dialog = moderator.page.get_by_role("dialog")
    dialog.get_by_label("Comment").fill("Please say what time it starts.")
    dialog.get_by_role("button", name="Request changes").click()
    moderator.page.get_by_text("Page 'Rally on Saturday' has been updated.").wait_for()
    journey.step_done("moderator-requested-changes", moderator)
    assert workflow_status(written) == WorkflowState.STATUS_NEEDS_CHANGES

    # The editor is told, with the comment, changes the page and resubmits it.
    [told] = [message for message in mail.outbox if message.to == ["edith@example.org"]]
    assert "Please say what time it starts." in told.body
    page.goto(f"{portal}/admin/pages/{written.pk}/edit/")
    page.locator("#id_intro").fill("Meet at the town hall at 11 am.")
    footer_action(page, "Resubmit to Moderator approval")
    page.get_by_text(re.compile("submitted for moderation")).wait_for()
    journey.step_done("editor-resubmitted", editor)
    assert workflow_status(written) == WorkflowState.STATUS_IN_PROGRESS

    # The moderator approves it, which publishes it.
    moderator.page.goto(f"{portal}/admin/pages/{written.pk}/edit/")
    footer_action(moderator.page, "Approve and Publish")
    moderator.page.get_by_text("Page 'Rally on Saturday' has been updated.").wait_for()
    journey.step_done("moderator-approved", moderator)
    written.refresh_from_db()
    assert workflow_status(written) == WorkflowState.STATUS_APPROVED
    assert written.live

    # A visitor reads it on the site.
    visitor = journey.open_as("visitor")
    response = visitor.page.goto(f"{portal}/blog/")
    visitor.page.get_by_role("link", name="Rally on Saturday").click()
    visitor.page.wait_for_url(f"{portal}/blog/rally-on-saturday/")
    journey.step_done("visitor-reads", visitor)
    assert response.status == 200
    assert visitor.page.locator("h1").inner_text() == "Rally on Saturday"
    assert visitor.csp_violations == []
    assert "Meet at the town hall at 11 am." in visitor.page.locator("main").inner_text()
    assert (
        visitor.page.get_by_role("img", name="A crowd with banners outside the town hall").count()
        == 1
    )
    visitor.assert_accessible()
    assert visitor.console_errors == []

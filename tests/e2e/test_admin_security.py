"""The admin under its own Content Security Policy, two-factor sign-in by keyboard, and a
first-time visitor's form sent with no cookie, in a real browser."""

import base64
import time

from django.core.management import call_command

from wagtail.models import Page

import pytest
from django_otp.oath import TOTP

from blog.models import BlogPage
from home.models import HomePage
from tests.support.factories import make_member

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


def sign_in(tab, base_url, username, password=None):
    page = tab.page
    page.goto(base_url + "/admin/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password or username)
    page.get_by_label("Password").press("Enter")


def test_admin_pages_load_without_breaking_their_policy(visitor, demo_site):
    make_member("superuser", username="admin")
    sign_in(visitor, demo_site, "admin")
    page = visitor.page
    page.wait_for_url(demo_site + "/admin/")
    home = HomePage.objects.get(locale__language_code="en")
    post = BlogPage.objects.filter(locale__language_code="en").first()
    addresses = [
        "/admin/",
        f"/admin/pages/{home.pk}/",
        f"/admin/pages/{home.pk}/edit/",
        f"/admin/pages/{post.pk}/edit/",
        f"/admin/pages/add/home/standardpage/{home.pk}/",
        "/admin/images/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/snippets/",
        "/admin/users/",
        "/admin/sign-in-lockouts/",
        "/admin/two-factor/set-up/",
        "/admin/reports/site-history/",
        # Not /admin/account/: its time zone menu fails in headless Chromium, which has
        # no "localtime" zone (a console error unrelated to the policy).
    ]
    for address in addresses:
        page.goto(demo_site + address)
        page.wait_for_load_state("networkidle")
        assert page.title(), address
    # Opening the schedule dialog and the live preview runs Wagtail's date picker and
    # preview panel, the parts that need the most.
    page.goto(demo_site + f"/admin/pages/{post.pk}/edit/")
    page.get_by_role("button", name="Toggle preview").click()
    page.wait_for_load_state("networkidle")
    assert visitor.csp_violations == [], "\n".join(visitor.csp_violations)
    assert visitor.console_errors == [], "\n".join(visitor.console_errors)


def test_a_first_time_visitor_sends_a_form_and_never_gets_a_cookie(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/contact/")
    assert page.context.cookies() == []
    page.get_by_label("Your name").fill("Sam Example")
    page.get_by_label("Your email address").fill("sam@example.net")
    page.get_by_label("Your message").fill("Is there a group near Truro?")
    page.locator("input[type=checkbox]").first.check()
    page.get_by_role("button", name="Send message").click()
    page.wait_for_load_state()
    assert "Thank you for writing to us" in page.content()
    assert page.context.cookies() == []
    assert visitor.csp_violations == []


def code_for(secret):
    key = base64.b32decode(secret.replace(" ", "") + "=" * (-len(secret.replace(" ", "")) % 8))
    totp = TOTP(key)
    return totp, f"{totp.token():06d}"


def test_a_moderator_sets_up_and_uses_two_factor_by_keyboard(visitor, demo_site, settings):
    settings.REQUIRE_2FA_FOR_STAFF_ROLES = True
    make_member("Moderators", username="moderator-mo")
    page = visitor.page
    sign_in(visitor, demo_site, "moderator-mo")
    page.wait_for_url("**/admin/two-factor/set-up/**")
    assert page.locator("h1").inner_text() == "Set up two-factor authentication"
    assert page.locator(".two-factor-qr svg").is_visible()
    visitor.assert_accessible()

    secret = page.locator("#two-factor-secret").inner_text()
    _totp, code = code_for(secret)
    # The code field has focus: type the code and press Enter, no mouse.
    assert page.evaluate("document.activeElement.name") == "code"
    page.keyboard.type(code)
    page.keyboard.press("Enter")
    page.wait_for_url("**/admin/two-factor/recovery-codes/**")
    assert page.locator(".recovery-codes li").count() == 10
    visitor.assert_accessible()
    visitor.tab_to("I have kept my codes: continue")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/admin/")

    # Next time: password, then the code the app shows then.
    page.context.clear_cookies()
    sign_in(visitor, demo_site, "moderator-mo")
    page.wait_for_url("**/admin/two-factor/verify/**")
    visitor.assert_accessible()
    totp, _code = code_for(secret)
    totp.time = time.time() + 30  # the next code: the first one was used
    page.keyboard.type(f"{totp.token():06d}")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/admin/")
    assert visitor.csp_violations == []
    assert visitor.console_errors == []


def test_nothing_in_the_admin_opens_without_the_second_step(visitor, demo_site, settings):
    settings.REQUIRE_2FA_FOR_STAFF_ROLES = True
    make_member("superuser", username="admin")
    sign_in(visitor, demo_site, "admin")
    page = visitor.page
    page.wait_for_url("**/admin/two-factor/set-up/**")
    page.goto(demo_site + f"/admin/pages/{Page.objects.get(depth=1).pk}/")
    assert "/admin/two-factor/set-up/" in page.url

"""A visitor reads the portal in a real browser, with the mouse, the keyboard and a phone."""

import pytest

from tests.support.browser import BrowserPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_home_then_about_through_the_menu_is_accessible(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/")
    assert page.locator("h1").inner_text() == "Organising where our local parties were shut down"
    visitor.assert_accessible()

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="About us").click()
    page.wait_for_url(demo_site + "/about/")
    assert page.locator("h1").inner_text() == "About us"
    visitor.assert_accessible()
    assert visitor.csp_violations == []
    assert visitor.console_errors == []


def test_keyboard_alone_skips_to_content_and_follows_the_menu(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/")

    page.keyboard.press("Tab")
    assert visitor.focused_text() == "Skip to main content"
    assert page.locator(".skip-link").is_visible()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main-content"

    page.goto(demo_site + "/")
    visitor.tab_to("Join us")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/join/")
    assert page.locator("h1").inner_text() == "Join us"


def test_contact_form_works_on_a_phone(browser, demo_site):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    try:
        visitor = BrowserPage(context.new_page())
        page = visitor.page
        page.goto(demo_site + "/contact/")
        # Nothing is wider than the screen: no sideways scrolling on a phone.
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        visitor.assert_accessible()

        page.get_by_label("Your name").fill("Sam Example")
        page.get_by_role("button", name="Send message").click()
        page.wait_for_load_state()
        assert page.get_by_role("alert").is_visible()
        assert page.get_by_label("Your name").input_value() == "Sam Example"
        visitor.assert_accessible()

        page.get_by_label("Your email address").fill("sam@example.net")
        page.get_by_label("Your message").fill("Is there a group in Stroud?")
        page.get_by_label("I agree that the network keeps my name").check()
        page.get_by_role("button", name="Send message").click()
        page.wait_for_load_state()
        assert page.locator("h1").inner_text() == "Thank you"
        assert visitor.csp_violations == []
    finally:
        context.close()


def test_missing_page_is_accessible(visitor, demo_site):
    response = visitor.page.goto(demo_site + "/no-such-page/")
    assert response.status == 404
    assert visitor.page.locator("h1").inner_text() == "Page not found"
    visitor.assert_accessible()


def test_reader_follows_the_news_from_home_to_a_post_and_its_category(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/")
    latest = page.get_by_role("region", name="Latest news")
    latest.get_by_role("link", name="Statement on the latest suspensions").click()
    page.wait_for_url(demo_site + "/blog/statement-on-suspensions/")
    visitor.assert_accessible()

    page.get_by_role("link", name="Campaigns").first.click()
    page.wait_for_url(demo_site + "/blog/category/campaigns/")
    assert page.locator("h1").inner_text() == "Campaigns"
    visitor.assert_accessible()

    page.get_by_role("navigation", name="Main menu").get_by_role("link", name="News").click()
    page.wait_for_url(demo_site + "/blog/")
    visitor.assert_accessible()
    assert visitor.csp_violations == []

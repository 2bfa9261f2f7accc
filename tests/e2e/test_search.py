"""A visitor searches from the header box: suggestions as they type, chosen by keyboard,
announced to screen readers; the results page; the plain form without JavaScript."""

from django.core.management import call_command

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def demo_site(live_server):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url


def tab_to_search_box(visitor, limit=40):
    for _press in range(limit):
        visitor.page.keyboard.press("Tab")
        if visitor.page.evaluate("document.activeElement.id") == "site-search-query":
            return
    raise AssertionError("The search box cannot be reached with the Tab key")


def test_searching_with_suggestions_by_keyboard(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/")
    tab_to_search_box(visitor)
    box = page.locator("#site-search-query")
    assert box.get_attribute("role") == "combobox"
    assert box.get_attribute("aria-expanded") == "false"

    page.keyboard.type("coffee morn", delay=30)
    listbox = page.get_by_role("listbox", name="Suggestions")
    listbox.wait_for()
    options = listbox.get_by_role("option")
    titles = options.locator(".site-search__suggestion-title").all_inner_texts()
    assert titles[0] == "Coffee mornings"
    assert "Coffee mornings return" in titles
    assert box.get_attribute("aria-expanded") == "true"
    status = page.locator(".site-search [role=status]")
    assert status.inner_text() == (
        f"{len(titles)} suggestions: use the up and down arrow keys to choose one"
    )
    visitor.assert_accessible()

    # Down and up move through the list while the focus stays in the box.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowUp")
    first = options.first
    assert box.get_attribute("aria-activedescendant") == first.get_attribute("id")
    assert first.get_attribute("aria-selected") == "true"
    assert page.evaluate("document.activeElement.id") == "site-search-query"
    visitor.assert_accessible()

    # Escape closes the list and keeps what was typed.
    page.keyboard.press("Escape")
    assert listbox.is_hidden()
    assert box.get_attribute("aria-expanded") == "false"
    assert box.input_value() == "coffee morn"

    # Enter on a chosen suggestion opens it.
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/working-groups/coffee-mornings/")
    assert page.locator("h1").inner_text() == "Coffee mornings"

    # Enter with nothing chosen searches.
    tab_to_search_box(visitor)
    page.keyboard.type("antisemitism")
    options.first.wait_for()
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/search/?q=antisemitism")
    results = page.locator(".search-result__title")
    assert results.first.inner_text() == "Racism and antisemitism"
    assert page.locator(".search-result mark").first.inner_text().lower() == "antisemitism"
    visitor.assert_accessible()

    # A postcode, in the results page's own form: the nearest groups first.
    page.get_by_label("Search for").fill("BS10")
    page.get_by_label("Search for").press("Enter")
    page.wait_for_url(demo_site + "/search/?q=BS10")
    nearby = page.locator(".search-postcode li a")
    assert nearby.first.inner_text() == "Bristol North West shadow CLP"
    visitor.assert_accessible()

    # Nothing found: the way on to the directory, the working groups and the news.
    page.goto(demo_site + "/search/?q=zebra+crossings")
    assert page.locator(".search-no-results a").all_inner_texts() == [
        "Local groups",
        "Working groups",
        "News",
    ]
    visitor.assert_accessible()
    assert visitor.csp_violations == []
    assert visitor.console_errors == []


def test_the_search_works_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_site + "/")
        page.get_by_label("Search the site").fill("newham")
        page.get_by_label("Search the site").press("Enter")
        page.wait_for_url(demo_site + "/search/?q=newham")
        assert page.locator(".search-result__title").first.inner_text() == "Newham shadow CLP"
        assert page.locator("#site-search-query").get_attribute("role") is None
    finally:
        context.close()

"""A visitor finds the groups near their postcode, on the list and the map, and writes to one."""

import pytest

from directory.models import GroupMessage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_finding_the_nearest_group_by_postcode_and_writing_to_it(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/")
    visitor.assert_accessible()
    postcode = page.get_by_label("Your postcode")
    postcode.press_sequentially("bs10 5aa")
    postcode.press("Enter")
    page.wait_for_url(demo_site + "/groups/?postcode=bs10+5aa")

    assert page.locator("h1").inner_text() == "Local groups"
    assert page.locator("#results-heading").inner_text() == (
        "3 groups within 25 miles of BS10, nearest first"
    )
    cards = page.locator(".local-group-card")
    assert cards.locator(".group-card__title").all_inner_texts() == [
        "Bristol North West shadow CLP",
        "South West left alliance",
        "Stroud shadow CLP",
    ]
    assert cards.locator(".local-group-card__distance").all_inner_texts() == [
        "under 1 mile away",
        "4 miles away",
        "23 miles away",
    ]
    # The map shows the same groups, one marker each, from the portal's own files.
    page.locator("#group-map .group-marker").first.wait_for()
    assert page.locator("#group-map .group-marker").count() == 3
    assert page.locator("#group-map").get_attribute("aria-label").startswith("Map of the groups")
    # Behind them, the coastline of these islands (five countries: the UK, Ireland, the
    # Isle of Man, Jersey, Guernsey), from the portal's static files, with no tile server.
    coastline = page.locator("#group-map .leaflet-overlay-pane path")
    coastline.first.wait_for(state="attached")
    assert coastline.count() == 5
    # The coast in view is drawn (countries out of view are empty paths).
    outlines = coastline.evaluate_all("paths => paths.map(path => path.getAttribute('d'))")
    assert max(len(outline) for outline in outlines) > 200
    assert "Natural Earth" in page.locator("#group-map .leaflet-control-attribution").inner_text()
    assert page.locator("#group-map .leaflet-tile").count() == 0
    # A marker opens a popup with the group's name, linked to its page.
    page.locator("#group-map .group-marker").first.click()
    popup_link = page.locator("#group-map .leaflet-popup-content a")
    popup_link.wait_for()
    assert popup_link.inner_text() in {
        "Bristol North West shadow CLP",
        "South West left alliance",
        "Stroud shadow CLP",
    }
    assert popup_link.get_attribute("href").startswith("/groups/")
    page.locator("#group-map .leaflet-popup-close-button").click()
    popup_link.wait_for(state="detached")
    visitor.assert_accessible()

    # By keyboard: to the group's link, and into its page.
    visitor.tab_to("Bristol North West shadow CLP")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/groups/bristol-north-west/")
    assert page.locator("h1").inner_text() == "Bristol North West shadow CLP"
    visitor.assert_accessible()

    page.get_by_label("Your name").press_sequentially("Sam Example")
    page.keyboard.press("Tab")
    page.keyboard.type("sam@example.net")
    page.keyboard.press("Tab")
    page.keyboard.type("Is there a meeting this month?")
    page.keyboard.press("Tab")
    page.keyboard.press("Space")  # the consent box
    page.keyboard.press("Tab")
    assert visitor.focused_text() == "Send message"
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/groups/bristol-north-west/contact/")
    assert page.locator("h1").inner_text() == "Thank you"
    assert "bristol-north-west@example.org" not in page.content()
    visitor.assert_accessible()

    message = GroupMessage.objects.get()
    assert (message.group.slug, message.email) == ("bristol-north-west", "sam@example.net")
    assert visitor.csp_violations == []
    assert visitor.console_errors == []


def test_the_list_works_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_site + "/groups/?postcode=E13+9AA&radius=50")
        assert page.locator(".local-group-card .group-card__title").first.inner_text() == (
            "Newham shadow CLP"
        )
        assert not page.locator("#group-map").is_visible()
        page.get_by_label("Kind of group").select_option(label="Regional alliance")
        page.get_by_label("Within", exact=True).select_option(label="250 miles")
        page.get_by_role("button", name="Find groups").click()
        page.wait_for_load_state()
        assert "kind=regional-alliance" in page.url
        assert page.locator(".local-group-card .group-card__title").all_inner_texts() == [
            "South West left alliance"
        ]
    finally:
        context.close()

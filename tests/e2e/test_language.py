"""A visitor switches between English and Welsh in a real browser, by keyboard."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def test_a_visitor_switches_to_welsh_and_back_by_keyboard(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/about/")
    assert page.locator("html").get_attribute("lang") == "en"

    visitor.tab_to("Cymraeg")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/cy/about/")
    assert page.locator("html").get_attribute("lang") == "cy"
    assert page.locator("h1").inner_text() == "Amdanom ni"
    assert page.locator(".skip-link").inner_text() == "Neidio i’r prif gynnwys"
    visitor.assert_accessible()

    # The Welsh menu leads to Welsh pages.
    page.get_by_role("navigation", name="Prif ddewislen").get_by_role(
        "link", name="Newyddion"
    ).click()
    page.wait_for_url(demo_site + "/cy/blog/")
    assert page.locator("h1").inner_text() == "Newyddion"

    # A page not translated yet: English content, a notice in Welsh, no dead link.
    page.goto(demo_site + "/cy/privacy/")
    assert page.locator("h1").inner_text() == "Privacy policy"
    assert "Nid yw’r dudalen hon wedi’i chyfieithu" in page.locator(".language-notice").inner_text()
    visitor.assert_accessible()

    page.goto(demo_site + "/cy/about/")
    visitor.tab_to("English")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/about/")
    assert page.locator("h1").inner_text() == "About us"
    assert visitor.csp_violations == []
    assert visitor.console_errors == []

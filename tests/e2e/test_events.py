"""A visitor registers for a meeting and cancels, with the keyboard alone, in a real
browser; every page passes axe, and the structured data breaks no Content Security Policy."""

import re
from urllib.parse import urlsplit

from django.core import mail

import pytest

from events.models import EventRegistration

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def tab_to_field(visitor, name, limit=40):
    """Press Tab until the form field called `name` has focus."""
    for _press in range(limit):
        visitor.page.keyboard.press("Tab")
        if visitor.page.evaluate("document.activeElement.name") == name:
            return
    raise AssertionError(f"The field '{name}' cannot be reached with the Tab key")


def type_into(visitor, name, text):
    tab_to_field(visitor, name)
    visitor.page.keyboard.type(text)


def test_registering_and_cancelling_with_the_keyboard_alone(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/events/")
    assert page.locator("h1").inner_text() == "Meetings and events"
    visitor.assert_accessible()

    visitor.tab_to("Members' meeting: street stalls and housing")
    page.keyboard.press("Enter")
    page.wait_for_url(demo_site + "/groups/newham/newham-members-meeting/")
    assert page.locator("h1").inner_text() == "Members' meeting: street stalls and housing"
    visitor.assert_accessible()
    # The schema.org data is on the page, and allowed.
    assert page.locator('script[type="application/ld+json"]').count() == 1

    # First the form with a mistake: the error is announced and what was typed kept.
    type_into(visitor, "name", "Robin Example")
    type_into(visitor, "email", "robin@example")
    visitor.tab_to("Register")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    alert = page.get_by_role("alert")
    assert "Enter a valid email address." in alert.inner_text()
    assert "Please tick this box to agree" in alert.inner_text()
    assert page.get_by_label("Your name").input_value() == "Robin Example"
    visitor.assert_accessible()

    tab_to_field(visitor, "email")
    page.keyboard.press("Control+A")
    page.keyboard.type("robin@example.net")
    type_into(visitor, "postcode_district", "E13 9AA")
    type_into(visitor, "access_needs", "A seat near the door")
    tab_to_field(visitor, "consent")
    page.keyboard.press("Space")
    visitor.tab_to("Register")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.locator("h1").inner_text() == "Thank you"
    visitor.assert_accessible()

    registration = EventRegistration.objects.get(email="robin@example.net")
    assert (registration.postcode_district, registration.status) == ("E13", "confirmed")
    (email,) = [message for message in mail.outbox if message.to == ["robin@example.net"]]
    link = re.search(r"(http://\S+/cancel/\?token=\S+)", email.body).group(1)
    parts = urlsplit(link)

    page.goto(f"{demo_site}{parts.path}?{parts.query}")
    assert page.locator("h1").inner_text() == "Cancel a registration"
    visitor.assert_accessible()
    visitor.tab_to("Cancel my registration")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert (
        "Your registration is cancelled"
        in page.get_by_role("status").filter(has_text="cancelled").inner_text()
    )
    visitor.assert_accessible()
    assert not EventRegistration.objects.filter(email="robin@example.net").exists()

    assert visitor.csp_violations == []
    assert visitor.console_errors == []

"""A visitor proposes a working group and joins one, in a real browser."""

import pytest

from workinggroups.models import GroupProposal, JoinRequest, WorkingGroupPage

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def words(count):
    return " ".join(f"word{number}" for number in range(count))


def test_proposing_a_group_with_the_live_word_count(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/working-groups/")
    assert page.locator("h1").inner_text() == "Working groups"
    assert page.get_by_role("heading", name="Fighting the purge").is_visible()
    visitor.assert_accessible()

    page.get_by_role("link", name="Propose a group").click()
    page.wait_for_url(demo_site + "/working-groups/propose/")
    visitor.assert_accessible()

    page.get_by_label("Your name").fill("Robin Proposer")
    page.get_by_label("Your email address").fill("robin@example.net")
    page.get_by_label("Name of the proposed group").fill("Tenants")
    page.get_by_label("Which aim would it serve?").select_option(label="Campaigning in communities")
    proposal = page.get_by_label("Your proposal")
    count = page.locator("#proposal-word-count")
    assert count.inner_text() == "0 of 250 words"
    proposal.press_sequentially("We would support tenants' unions")
    assert count.inner_text() == "5 of 250 words"

    proposal.fill(words(260))
    assert count.inner_text() == (
        "260 words: 10 over the limit of 250. Please shorten your proposal."
    )
    assert "word-count--over" in count.get_attribute("class")
    # Screen readers are told once, when the limit is crossed.
    assert page.locator("#proposal-word-count-alert").text_content() == (
        "Your proposal is over the limit of 250 words."
    )
    page.get_by_label("I agree that the network keeps my name").check()
    page.get_by_role("button", name="Send proposal").click()
    page.wait_for_load_state()

    alert = page.get_by_role("alert")
    assert "Your proposal has 260 words; please shorten it to 250 or fewer." in alert.inner_text()
    assert page.get_by_label("Your proposal").input_value() == words(260)
    assert page.get_by_label("Name of the proposed group").input_value() == "Tenants"
    assert count.inner_text().startswith("260 words: 10 over")
    visitor.assert_accessible()

    page.get_by_label("Your proposal").fill(words(200))
    assert count.inner_text() == "200 of 250 words"
    page.get_by_label("I agree that the network keeps my name").check()
    page.get_by_role("button", name="Send proposal").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Thank you for your proposal"
    visitor.assert_accessible()

    proposal_record = GroupProposal.objects.get(proposed_name="Tenants")
    assert proposal_record.proposer_email == "robin@example.net"
    assert not WorkingGroupPage.objects.get(title="Tenants").live
    assert visitor.csp_violations == []
    assert visitor.console_errors == []


def test_joining_a_group(visitor, demo_site):
    page = visitor.page
    page.goto(demo_site + "/working-groups/")
    page.get_by_role("link", name="Coffee mornings").click()
    page.wait_for_url(demo_site + "/working-groups/coffee-mornings/")
    assert page.locator("h1").inner_text() == "Coffee mornings"
    visitor.assert_accessible()
    # The honeypot is in the page, but far off the left of the screen.
    trap = page.locator(".form-honeypot").bounding_box()
    assert trap["x"] + trap["width"] < 0

    page.get_by_role("button", name="Ask to join").click()
    page.wait_for_load_state()
    assert page.get_by_role("alert").is_visible()
    visitor.assert_accessible()

    page.get_by_label("Your name").fill("Sam Example")
    page.get_by_label("Your email address").fill("sam@example.net")
    page.get_by_label("Message to the group").fill("I make good coffee.")
    page.get_by_label("I agree that the network keeps my name").check()
    page.get_by_role("button", name="Ask to join").click()
    page.wait_for_load_state()
    assert page.locator("h1").inner_text() == "Thank you"
    assert "coffee-mornings@example.org" not in page.content()
    visitor.assert_accessible()
    assert JoinRequest.objects.get().email == "sam@example.net"
    assert visitor.csp_violations == []


def test_the_proposal_form_works_without_javascript(browser, demo_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(demo_site + "/working-groups/propose/")
        assert not page.locator("#proposal-word-count").is_visible()
        page.get_by_label("Your name").fill("Robin Proposer")
        page.get_by_label("Your email address").fill("robin@example.net")
        page.get_by_label("Name of the proposed group").fill("Allotments")
        page.get_by_label("Which aim would it serve?").select_option(label="Changing the party")
        page.get_by_label("Your proposal").fill(words(300))
        page.get_by_label("I agree that the network keeps my name").check()
        page.get_by_role("button", name="Send proposal").click()
        page.wait_for_load_state()
        assert "Your proposal has 300 words" in page.get_by_role("alert").inner_text()
        assert page.get_by_label("Your proposal").input_value() == words(300)
    finally:
        context.close()

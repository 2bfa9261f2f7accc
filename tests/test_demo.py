"""`load_demo` gives a new portal its content, and can be run again without harm."""

from io import StringIO

from django.contrib.auth import authenticate
from django.core.management import CommandError, call_command
from django.test import override_settings

from wagtail.models import Page, Revision, Site

import pytest

from demo.management.commands.load_demo import DEMO_ADMIN_PASSWORD, DEMO_ADMIN_USERNAME
from home.models import ContactPage, FooterText, HomePage, MainMenu, OrganisationSettings

pytestmark = pytest.mark.django_db


def load_demo(*args):
    output = StringIO()
    call_command("load_demo", *args, stdout=output)
    return output.getvalue()


def test_demo_site_has_home_about_join_privacy_and_contact(client):
    load_demo()
    site = Site.objects.get(is_default_site=True)
    assert isinstance(site.root_page.specific, HomePage)
    assert site.site_name == "Labour In Exile Network"
    for path, title in [
        ("/", "Organising where our local parties were shut down"),
        ("/about/", "About us"),
        ("/join/", "Join us"),
        ("/privacy/", "Privacy policy"),
        ("/contact/", "Contact us"),
    ]:
        response = client.get(path)
        assert response.status_code == 200, path
        assert title in response.content.decode(), path


def test_demo_menu_settings_and_footer_appear_on_every_page(client):
    load_demo()
    menu = MainMenu.objects.get(locale__language_code="en")
    assert [item.text for item in menu.items.all()] == [
        "About us",
        "News",
        "Working groups",
        "Local groups",
        "Meetings and events",
        "Join us",
        "Contact us",
    ]
    organisation = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    assert (organisation.membership_fee_unwaged, organisation.membership_fee_waged) == (5, 10)

    page = client.get("/privacy/").content.decode()
    assert '<a href="/about/">About us</a>' in page
    assert "£5 a year unwaged" in page
    assert "£10 a year waged" in page
    assert "Published by volunteers" in page
    assert '<a href="/privacy/">privacy policy</a>' in page


def test_running_twice_changes_nothing_and_keeps_editors_work():
    load_demo()
    about = Page.objects.get(slug="about", locale__language_code="en").specific
    about.title = "About the network"
    about.save_revision().publish()
    counts = (Page.objects.count(), Revision.objects.count(), MainMenu.objects.count())

    output = load_demo()

    assert "nothing changed" in output
    assert (Page.objects.count(), Revision.objects.count(), MainMenu.objects.count()) == counts
    assert Page.objects.get(slug="about", locale__language_code="en").title == "About the network"
    assert FooterText.objects.count() == 2  # English and Welsh
    assert ContactPage.objects.get().form_fields.count() == 4


def test_the_placeholder_welcome_page_is_replaced():
    assert Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()
    load_demo()
    assert not Page.objects.filter(title__startswith="Welcome to your new Wagtail site").exists()


def test_demo_admin_account_is_refused_on_a_server():
    with pytest.raises(CommandError, match="DEBUG is off"):
        load_demo("--with-admin")


@override_settings(DEBUG=True)
def test_demo_admin_account_works_with_the_printed_password():
    output = load_demo("--with-admin")
    assert f"user {DEMO_ADMIN_USERNAME}, password {DEMO_ADMIN_PASSWORD}" in output
    user = authenticate(username=DEMO_ADMIN_USERNAME, password=DEMO_ADMIN_PASSWORD)
    assert user is not None
    assert user.is_superuser

    assert f"password {DEMO_ADMIN_PASSWORD}" in load_demo("--with-admin")


def test_demo_news_has_posts_in_both_categories_and_a_meeting_report(client):
    load_demo()
    from blog.models import BlogCategory, BlogPage

    posts = BlogPage.objects.live()
    assert posts.count() >= 5
    for category in BlogCategory.objects.all():
        assert posts.filter(categories=category).exists(), category.name
    report = posts.get(slug="newham-shadow-clp-open-meeting")
    block_types = [block.block_type for block in report.body]
    assert "video" in block_types
    assert block_types.count("quote") == 2
    assert sorted(tag.name for tag in report.tags.all()) == ["Newham", "meetings", "shadow CLPs"]
    assert client.get("/blog/").status_code == 200
    assert "Newham shadow CLP holds its first open meeting" in client.get("/").content.decode()

"""A new installation's site (`manage.py set_up_site`, README "Run it on a server")."""

from io import StringIO

from django.core.management import call_command

from wagtail.models import Page, Site

import pytest

from home.models import HomePage

pytestmark = pytest.mark.django_db


def set_up_site():
    output = StringIO()
    call_command("set_up_site", stdout=output)
    return output.getvalue()


def test_the_placeholder_gives_way_to_the_portals_home_page_at_the_sites_address(client, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://campaign.example.org"
    settings.WAGTAIL_SITE_NAME = "Shadow network"
    (placeholder,) = Page.objects.filter(depth=2)
    assert placeholder.specific_class is Page  # Wagtail's "Welcome to your new Wagtail site!"

    assert "Home page created" in set_up_site()
    home = HomePage.objects.get()
    assert home.live
    assert not Page.objects.filter(pk=placeholder.pk).exists()
    site = Site.objects.get(is_default_site=True)
    assert (site.root_page_id, site.root_url, site.site_name) == (
        home.pk,
        "https://campaign.example.org",
        "Shadow network",
    )
    assert home.full_url == "https://campaign.example.org/"
    response = client.get("/")
    assert response.status_code == 200
    assert "Welcome to your new Wagtail site" not in response.content.decode()
    assert "Shadow network" in response.content.decode()


def test_run_again_it_keeps_the_home_page_and_follows_a_new_address(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://campaign.example.org"
    set_up_site()
    home = HomePage.objects.get()
    home.title = "Edited by the network"
    home.save_revision().publish()
    settings.WAGTAILADMIN_BASE_URL = "http://new.example.org:8080"
    assert "Home page created" not in set_up_site()
    assert HomePage.objects.get().title == "Edited by the network"
    assert Site.objects.get(is_default_site=True).root_url == "http://new.example.org:8080"

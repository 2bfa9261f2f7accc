"""What every page reads from the shared cache (portal/cached.py) changes on the next visit
after an editor changes it: the footer, the menu and the pages it links to, the
organisation settings, the site's name, the section pages and the view restrictions."""

from django.contrib.auth.models import Group

from wagtail.models import PageViewRestriction, Site

import pytest
from bs4 import BeautifulSoup

from home.models import OrganisationSettings
from tests.support.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    FooterTextFactory,
    MainMenuFactory,
    MainMenuItemFactory,
    StandardPageFactory,
    make_site_home,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def site_pages():
    home = make_site_home()
    home.save_revision().publish()
    news = BlogIndexPageFactory(parent=home)
    news.save_revision().publish()
    about = StandardPageFactory(parent=home, title="About us", slug="about")
    about.save_revision().publish()
    post = BlogPageFactory(parent=news, title="Rally on Saturday", slug="rally")
    post.save_revision().publish()
    menu = MainMenuFactory(live=True)
    MainMenuItemFactory(menu=menu, link_page=about)
    return {"home": home, "news": news, "about": about, "post": post, "menu": menu}


def soup_of(client, path):
    response = client.get(path)
    assert response.status_code == 200, path
    return BeautifulSoup(response.content, "html.parser")


def menu_texts(client, path="/"):
    return [a.get_text(strip=True) for a in soup_of(client, path).select(".main-nav a")]


def test_a_footer_saved_shows_at_once(client, site_pages):
    footer = FooterTextFactory(body="<p>Published by volunteers.</p>", live=True)
    assert "Published by volunteers." in soup_of(client, "/").select_one(".site-footer").text
    footer.body = "<p>Printed and promoted by the network.</p>"
    footer.save_revision().publish()
    footer_text = soup_of(client, "/").select_one(".site-footer").text
    assert "Printed and promoted by the network." in footer_text
    assert "Published by volunteers." not in footer_text


def test_the_menu_follows_its_links_and_their_pages(client, site_pages):
    assert menu_texts(client) == ["About us"]
    MainMenuItemFactory(menu=site_pages["menu"], link_page=site_pages["news"])
    assert menu_texts(client) == ["About us", "News"]

    about = site_pages["about"]
    about.title = "Who we are"
    about.save_revision().publish()
    assert menu_texts(client) == ["Who we are", "News"]

    site_pages["news"].unpublish()
    assert menu_texts(client, "/about/") == ["Who we are"]


def test_organisation_settings_saved_show_at_once(client, site_pages):
    settings = OrganisationSettings.for_site(Site.objects.get(is_default_site=True))
    settings.contact_email = "office@example.org"
    settings.save()
    assert "office@example.org" in soup_of(client, "/").select_one(".site-footer").text
    settings.contact_email = "hello@example.org"
    settings.save()
    footer = soup_of(client, "/").select_one(".site-footer").text
    assert "hello@example.org" in footer
    assert "office@example.org" not in footer


def test_the_site_renamed_shows_at_once(client, site_pages):
    assert soup_of(client, "/about/").title.get_text().endswith("| Test network")
    site = Site.objects.get(is_default_site=True)
    site.site_name = "Shadow network"
    site.save()
    assert soup_of(client, "/about/").title.get_text().endswith("| Shadow network")


def test_the_news_index_unpublished_leaves_every_page_at_once(client, site_pages):
    feed_link = 'link[type="application/rss+xml"]'
    assert soup_of(client, "/about/").select_one(feed_link) is not None
    site_pages["news"].unpublish()
    assert soup_of(client, "/about/").select_one(feed_link) is None


def test_a_page_made_private_is_private_at_once(client, site_pages):
    assert client.get("/blog/rally/").status_code == 200
    listing = soup_of(client, "/blog/")
    assert "Rally on Saturday" in listing.text

    restriction = PageViewRestriction.objects.create(
        page=site_pages["post"], restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.set([Group.objects.get(name="Moderators")])

    response = client.get("/blog/rally/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"] or "login" in response["Location"]
    assert "Rally on Saturday" not in soup_of(client, "/blog/").text
    assert "Rally on Saturday" not in soup_of(client, "/").text

    restriction.delete()
    assert client.get("/blog/rally/").status_code == 200

"""What every page reads from the shared cache (portal/cached.py) changes on the next visit
after an editor changes it: the footer, the menu and the pages it links to, the
organisation settings, the site's name, the section pages and the view restrictions."""

import importlib
import os
import pkgutil
import subprocess
import sys

from django.conf import settings
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


PROJECT_APPS = [
    "accounts",
    "blog",
    "directory",
    "events",
    "home",
    "localisation",
    "moderation",
    "portal",
    "privacy",
    "search",
    "workinggroups",
]


def every_cached_value_key():
    """The key of every cached value the project's code defines, all of it imported."""
    from portal.cached import CachedUntilSaved

    for app in PROJECT_APPS:
        package = importlib.import_module(app)
        for module in pkgutil.walk_packages(package.__path__, f"{app}."):
            # Not what a process runs as code of its own: settings, start-up, migrations.
            skipped = (".migrations", ".management", ".settings", ".wsgi")
            if not any(part in module.name for part in skipped):
                importlib.import_module(module.name)
    return sorted({cached.key for cached in CachedUntilSaved.instances})


@pytest.mark.django_db(transaction=False)
def test_a_command_or_the_worker_forgets_every_cached_value():
    # A value is forgotten by the signals of the process that saves its rows: in one where
    # its module was never imported (a command, the worker), the web servers would keep the
    # old value. Django's start-up alone must define (and connect) every one.
    started = subprocess.run(  # noqa: S603
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from portal.cached import CachedUntilSaved; "
            "print(sorted({cached.key for cached in CachedUntilSaved.instances}))",
        ],
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings.test"},
        cwd=settings.BASE_DIR,
        check=True,
        capture_output=True,
        text=True,
    )
    assert started.stdout.strip() == str(every_cached_value_key())


def test_a_post_published_counts_in_the_news_pages_at_once(client, site_pages):
    from blog.models import POSTS_PER_PAGE

    assert client.get("/blog/?page=2").status_code == 404
    for number in range(POSTS_PER_PAGE):
        post = BlogPageFactory(parent=site_pages["news"], slug=f"update-{number}")
        post.save_revision().publish()
    second_page = soup_of(client, "/blog/?page=2")
    assert [a.get_text(strip=True) for a in second_page.select(".post-card__title a")] == [
        "Rally on Saturday"
    ]
    post.unpublish()
    assert client.get("/blog/?page=2").status_code == 404

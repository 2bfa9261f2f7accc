"""A new installation's site: the portal's home page in place of Wagtail's placeholder.

Wagtail's first migration leaves a "Welcome to your new Wagtail site!" page (a bare
Page, outside the portal's templates) as the root of a site named `localhost`, so a new
server would show that page and put http://localhost/ in its feeds, sitemap and emails.
`manage.py set_up_site` (README "Run it on a server") and `load_demo` put a HomePage there
instead and give the site its address.
"""

from urllib.parse import urlsplit

from wagtail.models import Locale, Page, Site


def remove_welcome_page():
    """Delete Wagtail's placeholder pages at the root, unless someone built under them."""
    root = Page.get_first_root_node()
    for placeholder in root.get_children().filter(
        content_type__model="page", content_type__app_label="wagtailcore"
    ):
        if not placeholder.get_children().exists():
            placeholder.delete()


def existing_home_page():
    from home.models import HomePage

    return HomePage.objects.filter(depth=2, locale=Locale.get_default()).first()


def point_default_site_at(home, *, base_url=None, name=None):
    """The default site shows `home`; with `base_url`, at that address (its host and port)."""
    site = Site.objects.filter(is_default_site=True).first() or Site(is_default_site=True)
    site.root_page = home
    if base_url:
        address = urlsplit(base_url)
        site.hostname = address.hostname
        site.port = address.port or (443 if address.scheme == "https" else 80)
    if name:
        site.site_name = name
    site.save()
    return site

"""WordPress's query-string addresses (/?p=123, /?page_id=7, /?attachment_id=9, /?feed=rss2).

Wagtail's redirect middleware only looks at requests that end in a 404, and "/" is the
home page: `/?p=123` would show the home page instead of the post it named. So before a
page is served, a request carrying one of WordPress's own query keys is looked up among
the redirects (import_wordpress stores them as "/?p=123", or "/news/?p=123" for a blog
that lived in a folder).
"""

from django.http import HttpResponsePermanentRedirect, HttpResponseRedirect

from wagtail.contrib.redirects.models import Redirect
from wagtail.models import Site

WORDPRESS_QUERY_KEYS = ("p", "page_id", "attachment_id", "feed")


def redirect_wordpress_query(page, request, serve_args, serve_kwargs):
    if not request.GET:
        return None
    key = next((key for key in WORDPRESS_QUERY_KEYS if request.GET.get(key)), None)
    if key is None:
        return None
    old_path = Redirect.normalise_path(f"{request.path}?{key}={request.GET[key]}")
    if "\0" in old_path:
        return None
    site = Site.find_for_request(request)
    redirect = (
        Redirect.get_for_site(site)
        .filter(old_path=old_path)
        .select_related("redirect_page")
        .order_by("site_id")  # the site's own before one for every site
        .first()
    )
    if redirect is None or redirect.link is None:
        return None
    if redirect.is_permanent:
        return HttpResponsePermanentRedirect(redirect.link)
    return HttpResponseRedirect(redirect.link)

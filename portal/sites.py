"""The Wagtail site a request is for, found without a query.

Wagtail looks the site up by host name on every request (`Site.find_for_request`, used by
routing, page URLs, the site settings and templates); the answer changes only when a site
is saved. `CachedSiteMiddleware` puts it on the request from the shared cache, where Wagtail
looks first (`request._wagtail_site`).

The site is cached without its root page (the home page's content changes when it is
published); `root_page_class` is cached beside it, so the home page is fetched in one query
of its own type rather than two (the base row, then the specific one).
"""

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port

from wagtail.models import Site

from .cached import CachedUntilSaved

# Beyond this many host names (a crawler sending made-up Host headers), look-ups are not
# cached: each costs one query, as it would without this module.
MOST_HOSTS = 50


def _found_sites():
    return {}


KNOWN_SITES = CachedUntilSaved("sites", _found_sites, Site)


def site_for_request(request):
    hostname = split_domain_port(request._get_raw_host())[0]
    key = f"{hostname}:{request.get_port()}"
    known = KNOWN_SITES.get()
    if key in known:
        site, content_type_id = known[key]
    else:
        site = Site._find_for_request(request)
        content_type_id = site.root_page.content_type_id if site is not None else None
        if site is not None:
            site._state.fields_cache.pop("root_page", None)
        if len(known) < MOST_HOSTS:
            known[key] = (site, content_type_id)
            KNOWN_SITES.set(known)
    if site is not None:
        site.root_page_class = ContentType.objects.get_for_id(content_type_id).model_class()
    return site


def specific_root_page(site):
    """The site's home page as its own type, in one query."""
    root_page_class = getattr(site, "root_page_class", None)
    if root_page_class is None:  # a site not found by the middleware
        return site.root_page.specific
    return root_page_class.objects.get(pk=site.root_page_id)


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request._wagtail_site = site_for_request(request)
        return self.get_response(request)

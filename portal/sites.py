"""The Wagtail site a request is for, found without a query.

Wagtail looks the site up by host name on every request (`Site.find_for_request`, used by
routing, page URLs, the site settings and templates); the answer changes only when a site
is saved. `CachedSiteMiddleware` puts it on the request from the shared cache, where Wagtail
looks first (`request._wagtail_site`).

The site is cached without its root page; `root_page_class` is cached beside it, so the
home page is fetched in one query of its own type rather than two (the base row, then the
specific one), and kept until any page changes: every request starts from it.
"""

import copy

from django.contrib.contenttypes.models import ContentType
from django.http.request import split_domain_port

from wagtail.models import Site

from . import cached
from .cached import CachedUntilSaved

# Beyond this many host names (a crawler sending made-up Host headers), look-ups are not
# cached: each costs one query, as it would without this module.
MOST_HOSTS = 50


def _found_sites():
    return {}


KNOWN_SITES = CachedUntilSaved("sites", _found_sites, Site)


# Wagtail's own list of the sites' root paths (page URLs are made from it), read from the
# shared cache by every page's first URL; kept in the process between changes.
def _site_root_paths():
    try:
        return Site.get_site_root_paths()
    except Exception:  # Wagtail reads them from its cache first: the cache is down
        return None


SITE_ROOT_PATHS = CachedUntilSaved("site-root-paths", _site_root_paths, pages=True)


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


# {page id: the home page as its own type}, until any page changes.
ROOT_PAGES = CachedUntilSaved("root-pages", dict, pages=True)


def specific_root_page(site):
    """The site's home page as its own type: from the cache, else in one query."""
    root_page_class = getattr(site, "root_page_class", None)
    if root_page_class is None:  # a site not found by the middleware
        return site.root_page.specific
    page = ROOT_PAGES.entry(
        site.root_page_id, lambda: root_page_class.objects.get(pk=site.root_page_id)
    )
    return fresh_copy(page)


def fresh_copy(instance):
    """A copy of a cached model instance for one request: what the request caches on it
    (related objects, the locale, the parent) must not reach the next request."""
    copied = copy.copy(instance)
    copied._state.fields_cache = {}
    for name in [name for name in vars(copied) if name.startswith("_") and name != "_state"]:
        delattr(copied, name)
    return copied


class CachedSiteMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        cached.begin_request()
        try:
            request._wagtail_site = site_for_request(request)
            root_paths = SITE_ROOT_PATHS.get()
            if root_paths is not None:
                request._wagtail_cached_site_root_paths = root_paths
            return self.get_response(request)
        finally:
            cached.end_request()

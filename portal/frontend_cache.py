"""Purging a CDN in front of the site (wagtail.contrib.frontend_cache), from the worker.

The CDN is purged on the same events as the page cache's version moves (portal/page_cache.py:
any write a page may show), and for the same reason it purges the whole site: a post
appears on its own page, the news index, the home page, its categories' archives, the
feeds, the search and the sitemap, and a menu or a setting appears on every page.
Cloudflare and CloudFront purge everything in one call; a plain purge URL (Varnish, nginx)
is sent a PURGE for every live page's address and the site's own addresses.

The purge is a task run by the worker, queued after the change is committed: no editor or
visitor waits on the CDN's API. A burst of changes queues many tasks and purges once: a
task whose version was already purged by an earlier one does nothing.
"""

import logging
from urllib.error import HTTPError, URLError
from urllib.parse import urlsplit, urlunsplit
from urllib.request import urlopen

from django.conf import settings

from wagtail import __version__ as wagtail_version
from wagtail.contrib.frontend_cache.backends.cloudflare import CloudflareBackend
from wagtail.contrib.frontend_cache.backends.cloudfront import CloudfrontBackend
from wagtail.contrib.frontend_cache.backends.http import HTTPBackend, PurgeRequest
from wagtail.contrib.frontend_cache.utils import PurgeBatch, get_backends
from wagtail.models import Page, Site

import requests
from django_tasks import task

logger = logging.getLogger(__name__)

PURGED_VERSION_KEY = "page-cache:cdn-purged-version"
# Addresses of the site that are not pages, in every language.
SITE_PATHS = ("sitemap.xml", "search/")
PURGE_TIMEOUT_SECONDS = 10


class PurgeURLBackend(HTTPBackend):
    """Wagtail's HTTP backend, with a timeout: a hung cache server must not hold the worker
    (and every email queued behind the purge) for ever."""

    def purge(self, url):
        parts = urlsplit(url)
        host = parts.hostname + (f":{parts.port}" if parts.port else "")
        request = PurgeRequest(
            url=urlunsplit([self.cache_scheme, self.cache_netloc, parts.path, parts.query, ""]),
            headers={"Host": host, "User-Agent": f"Wagtail-frontendcache/{wagtail_version}"},
        )
        try:
            urlopen(request, timeout=PURGE_TIMEOUT_SECONDS).close()  # noqa: S310 (the operator's URL)
        except HTTPError as error:
            logger.error("Could not purge %s from the CDN (HTTP %s)", parts.path, error.code)
        except (URLError, OSError) as error:
            logger.error("Could not purge %s from the CDN (%s)", parts.path, type(error).__name__)


def purge_everything_from_cloudflare(backend):
    response = requests.post(
        backend.cloudflare_purge_endpoint_url,
        json={"purge_everything": True},
        headers={"Authorization": f"Bearer {backend.cloudflare_token}"},
        timeout=PURGE_TIMEOUT_SECONDS * 3,
    )
    if response.status_code != 200 or not response.json().get("success"):
        # Raised: the task is recorded as failed, with the answer's status.
        raise RuntimeError(f"Cloudflare refused to purge the cache (HTTP {response.status_code})")


def site_urls():
    """The full address of every live page (with the paths its type caches) and of the
    sites' own addresses in every language."""
    batch = PurgeBatch()
    batch.add_pages(Page.objects.live().specific())
    for site in Site.objects.all():
        root = site.root_url.rstrip("/")
        for code, _name in settings.LANGUAGES:
            prefix = "" if code == settings.LANGUAGE_CODE else f"/{code}"
            batch.add_urls(f"{root}{prefix}/{path}" for path in SITE_PATHS)
    return sorted(batch.urls)


def purge_backend(backend):
    if isinstance(backend, CloudflareBackend):
        purge_everything_from_cloudflare(backend)
    elif isinstance(backend, CloudfrontBackend):
        # One invalidation of every path: CloudFront counts a wildcard as one path.
        backend.purge_batch(["https://site/*"])
    else:
        backend.purge_batch(site_urls())


@task()
def purge_site():
    from .page_cache import current_version, page_cache

    store = page_cache()
    version = current_version(store)
    if store.get(PURGED_VERSION_KEY) == version:
        return False
    for backend in get_backends().values():
        purge_backend(backend)
    store.set(PURGED_VERSION_KEY, version, timeout=None)
    return True


def queue_site_purge():
    if getattr(settings, "WAGTAILFRONTENDCACHE", None):
        purge_site.enqueue()

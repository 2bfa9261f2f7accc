"""The page cache: anonymous visitors' pages answered from the shared cache, never stale.

Correctness comes from one number, the cache's version, kept in the page cache itself
(`VERSION_KEY`, Redis in production), so every app server and the worker read and move the
same one. Every cached page is stored under the version read when its request began; any
write to a model that a page may show moves the version on, and every page cached before
is unreachable at once on every server (it expires on its own after PAGE_CACHE_SECONDS).
What counts as such a write is decided generically, by exclusion: every model's save,
delete or many-to-many change moves the version, except the models listed in
`NEVER_SHOWN_MODELS` and under the `page_cache_ignores_writes_to` hook (sessions, task
results, search counts, logs, drafts: things no public page shows, some written by
visitors' own requests). A new snippet, setting or page type is covered without a line
here; forgetting to list a noisy model only costs hits, never freshness.

The version moves twice for a transaction: at the first change (so the transaction's own
requests and the tests see it), and after the commit (so a page rendered from the old data
by another server meanwhile, and stored under the intermediate version, is never served).

What is cached: GET responses with status 200 to requests that carry no session, messages
or Authorization, outside the admin, documents, health check and Wagtail's `_util/` views,
when the response sets no cookie, allows shared caching (no `private`, `no-store` or
`no-cache`), varies on nothing unknown, is not a preview and has no CSP nonce in its policy
(a nonce frozen into a page would be the same for everyone, which defeats it). Views that
show personal data (token links, thank-you pages) say `private` through Django's
`never_cache`, which keeps them out of this cache and out of any CDN.
"""

import hashlib
import logging
import secrets

from django.conf import settings
from django.core.cache import caches
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils.cache import (
    add_never_cache_headers,
    cc_delim_re,
    get_max_age,
    patch_cache_control,
)
from django.utils.translation import get_language_from_path

from wagtail import hooks

logger = logging.getLogger(__name__)

CACHE_ALIAS = "pages"
VERSION_KEY = "page-cache:version"
HEADER = "X-Page-Cache"
# A feature app returns model labels ("app_label.model_name") whose writes no page shows.
IGNORE_HOOK = "page_cache_ignores_writes_to"

# Whole apps and single models whose rows no public page shows. Several are written by the
# requests of visitors or of the admin's own machinery (sessions, failed sign-ins, search
# counts, editing-session pings, renditions made on first view), and would otherwise empty
# the cache all day long.
NEVER_SHOWN_APPS = {
    "sessions",
    "axes",
    "otp_static",
    "otp_totp",
    "django_tasks_database",
    "wagtailsearch",
    "wagtailadmin",
}
NEVER_SHOWN_MODELS = {
    "wagtailcore.revision",
    "wagtailcore.pagelogentry",
    "wagtailcore.modellogentry",
    "wagtailcore.referenceindex",
    "wagtailcore.workflowstate",
    "wagtailcore.taskstate",
    "wagtailcore.comment",
    "wagtailcore.commentreply",
    "wagtailcore.pagesubscription",
    "wagtailcore.uploadedfile",
    "wagtailusers.userprofile",
    "wagtailimages.rendition",
    "wagtailsearchpromotions.query",
    "wagtailsearchpromotions.querydailyhits",
}

# Never looked up nor stored, in any language: the admin (previews included), documents
# (private ones are signed per request), the health check, Wagtail's password and login
# forms for restricted pages, static and media files.
EXCLUDED_PREFIXES = ("/admin/", "/documents/", "/healthz", "/_util/", "/static/", "/media/")
REFUSING_CACHE_CONTROL = {"private", "no-store", "no-cache"}


def for_this_visitor_only(response):
    """Mark a response that is for one visitor (a token link, a thank-you page, a signed
    address): no shared cache, this one or a CDN's, may keep it. Returns the response."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


def page_cache():
    return caches[CACHE_ALIAS]


def enabled():
    return settings.PAGE_CACHE_SECONDS > 0


# The version.


def current_version(store=None):
    store = store or page_cache()
    version = store.get(VERSION_KEY)
    if version is None:
        # A random start, not 1: a version lost with Redis's memory must never come back
        # as a number some page was stored under before.
        store.add(VERSION_KEY, secrets.randbits(62), timeout=None)
        version = store.get(VERSION_KEY)
    return version


def move_version_on():
    """Make every page cached so far unreachable, on every app server."""
    store = page_cache()
    try:
        try:
            store.incr(VERSION_KEY)
        except ValueError:
            store.add(VERSION_KEY, secrets.randbits(62), timeout=None)
    except Exception as error:
        # Nothing more can be done here; the pages expire after PAGE_CACHE_SECONDS.
        logger.error("Page cache version not moved on (%s)", type(error).__name__)


def _after_commit():
    move_version_on()
    # Imported here: the CDN purge is a task module of its own, loaded with the tasks.
    from .frontend_cache import queue_site_purge

    queue_site_purge()


def content_changed(using=DEFAULT_DB_ALIAS):
    """Call after a write that a public page may show (the signals below do)."""
    move_version_on()
    connection = connections[using]
    if connection.in_atomic_block:
        # Once per transaction: the entry disappears with a rolled back savepoint.
        if not any(func is _after_commit for _sids, func, _robust in connection.run_on_commit):
            transaction.on_commit(_after_commit, using=using)
    else:
        _after_commit()


_ignored_labels = None


def ignored_labels():
    global _ignored_labels
    if _ignored_labels is None:
        labels = set(NEVER_SHOWN_MODELS)
        for hook in hooks.get_hooks(IGNORE_HOOK):
            labels.update(label.lower() for label in hook())
        _ignored_labels = frozenset(labels)
    return _ignored_labels


def shown_on_pages(model):
    meta = model._meta
    return meta.app_label not in NEVER_SHOWN_APPS and meta.label_lower not in ignored_labels()


def _on_write(sender, using=DEFAULT_DB_ALIAS, **kwargs):
    if shown_on_pages(sender):
        content_changed(using)


def _on_m2m(sender, instance, action, using=DEFAULT_DB_ALIAS, **kwargs):
    if action.startswith("post_") and shown_on_pages(type(instance)):
        content_changed(using)


def connect_signals():
    """Called once from portal's ready(). Page moves, publishing, unpublishing and view
    restrictions all save a model row, so these three signals see them."""
    post_save.connect(_on_write, dispatch_uid="page_cache_post_save")
    post_delete.connect(_on_write, dispatch_uid="page_cache_post_delete")
    m2m_changed.connect(_on_m2m, dispatch_uid="page_cache_m2m_changed")


# The requests and responses.


def path_without_language(path):
    language = get_language_from_path(path)
    if language and path.startswith(f"/{language}/"):
        return path[len(language) + 1 :]
    return path


def request_may_use_cache(request):
    if request.method not in ("GET", "HEAD"):
        return False
    cookies = request.COOKIES
    if settings.SESSION_COOKIE_NAME in cookies or "messages" in cookies:
        # Signed in, or something is held for this visitor (a message after a form).
        return False
    if "HTTP_AUTHORIZATION" in request.META:
        return False
    path = path_without_language(request.path_info)
    return not path.startswith(EXCLUDED_PREFIXES)


def response_may_be_stored(request, response):
    if request.method != "GET" or response.status_code != 200 or response.streaming:
        return False
    if response.cookies or getattr(request, "is_preview", False):
        return False
    # A token rendered for this visitor's own CSRF cookie must not reach the others.
    if settings.CSRF_COOKIE_NAME in request.COOKIES:
        return False
    cache_control = {
        directive.split("=", 1)[0].strip().lower()
        for directive in cc_delim_re.split(response.get("Cache-Control", ""))
    }
    if cache_control & REFUSING_CACHE_CONTROL or get_max_age(response) == 0:
        return False
    if response.has_header("Vary") and "*" in response["Vary"]:
        return False
    policy = response.get("Content-Security-Policy", "") + response.get(
        "Content-Security-Policy-Report-Only", ""
    )
    return "'nonce-" not in policy


def page_key(request, version):
    address = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"page:{version}:{hashlib.sha256(address.encode()).hexdigest()}"


def stored_form(response):
    return (response.content, [(name, value) for name, value in response.items()])


def response_from(stored):
    content, headers = stored
    response = HttpResponse(content)
    for name, value in headers:
        response[name] = value
    return response


class PageCacheMiddleware:
    """Placed after the security headers, WhiteNoise and the query-string clean-up, before
    sessions: it sees the final response of everything after it (cookies, CSP, frame
    options), and what is added before it (security headers) is added to hits as well."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not enabled() or not request_may_use_cache(request):
            return self.get_response(request)
        store = page_cache()
        try:
            key = page_key(request, current_version(store))
            stored = store.get(key)
        except Exception as error:
            # A bad Host header is Django's to answer; a cache outage costs speed only.
            logger.warning("Page cache not read (%s)", type(error).__name__)
            return self.get_response(request)
        if stored is not None:
            response = response_from(stored)
            response[HEADER] = "hit"
            return response
        response = self.get_response(request)
        if response_may_be_stored(request, response):
            try:
                store.set(key, stored_form(response), settings.PAGE_CACHE_SECONDS)
            except Exception as error:
                logger.warning("Page cache not written (%s)", type(error).__name__)
            else:
                response[HEADER] = "miss"
        return response

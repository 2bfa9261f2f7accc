"""A token that changes whenever what the site search finds may have changed: an index
entry written or removed, a page published, unpublished, moved or deleted, a page made
private or public again. Answers derived from the index (the ranking of a search with
its counts per page type, the dates and snippets of its pages of results) are cached
under it, so a change is seen by every app server at once (the cache is Redis in
production), and the token costs one cache read per search.
"""

import uuid

from django.core.cache import cache
from django.db import transaction

from portal.page_cache import content_changed

KEY = "search:index-version"


def current_index_version():
    version = cache.get(KEY)
    if version is None:
        version = uuid.uuid4().hex
        # Another server may have just set one: keep the first.
        cache.add(KEY, version, None)
        version = cache.get(KEY) or version
    return version


def new_index_version():
    cache.set(KEY, uuid.uuid4().hex, None)


def index_changed():
    """A new token now, and again once the change is committed: a reader that computed
    an answer from the data before the commit cached it under the first token. Pages of
    results in the page cache (and the CDN) go too: the index is written by the worker
    after the publish that emptied them, through queries no signal reports."""
    new_index_version()
    transaction.on_commit(new_index_version)
    content_changed()

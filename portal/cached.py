"""What every page reads and editors seldom change, kept in the shared cache until it is
saved: the sites, the locales, whether any page has a view restriction, the organisation
settings, the footer text and the main menu.

Each value is one cache key, loaded from the database on a miss and deleted when a row of
the models it is made from is saved or deleted (at once, and again when the transaction
commits, so that a request that read the old rows meanwhile cannot keep them). The cache is
the shared one (Redis in production), so every app server sees the change at once.
Without Redis (local memory, `make run` with one process) the same holds within the process.

Every such change also moves one shared number on, the generation. A request reads it once,
when it begins (`CachedSiteMiddleware`), and each process keeps the values it has read in
its own memory under the generation it read them in: while the generation stays the same,
a request takes them from there, with no round trip to Redis (a dozen a page otherwise).
Values are stored in Redis with their generation too, and one stored in an older generation
counts as missing, so a request that read the old rows before a change was committed and
stored them after it cannot make the next requests keep them.
"""

import logging
import secrets
import threading
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

# Backstops only: every value is deleted when what it is made from changes, and one stored
# in an older generation is never used. A process's own copy is read again from Redis after
# KEPT_HERE seconds, which bounds what a change missed by the signals (a writer that never
# imported the value's module) could cost.
TIMEOUT = 60 * 60
KEPT_HERE = 60
NOTHING = object()
GENERATION_KEY = "portal:until-saved:generation"

logger = logging.getLogger(__name__)

# {cache key: (generation, value, when kept)}, this process's copies.
_kept_here = {}
# The generation the current request began in (None outside requests: the worker, commands).
_request = threading.local()


def read_generation():
    try:
        generation = cache.get(GENERATION_KEY)
        if generation is None:
            # A random start: a generation lost with Redis's memory must never come back.
            cache.add(GENERATION_KEY, secrets.randbelow(2**62), timeout=None)
            generation = cache.get(GENERATION_KEY)
    except Exception as error:
        logger.warning("Cache unavailable (%s): values read from the database", error)
        generation = None
    return generation


def begin_request():
    """Read the generation once for the request this thread is about to serve."""
    _request.generation = read_generation()


def end_request():
    _request.generation = None


def current_generation():
    return getattr(_request, "generation", None)


def kept_for_this_generation(name, compute, timeout=5 * TIMEOUT):
    """`compute()`'s value, shared by every process until the generation moves (a page or
    any other cached value's rows change): for what is worked out per page, too many
    values for one key. Outside requests (no generation read) it is computed each time."""
    generation = current_generation()
    if generation is None:
        return compute()
    key = f"portal:generation:{generation}:{name}"
    try:
        value = cache.get(key, NOTHING)
    except Exception as error:
        logger.warning("Cache unavailable (%s): %s worked out again", error, name)
        return compute()
    if value is NOTHING:
        value = compute()
        try:
            cache.set(key, value, timeout)
        except Exception as error:
            logger.warning("Cache unavailable (%s): %s not kept", error, name)
    return value


def move_generation_on():
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        pass  # no generation yet: the next request starts a new one
    except Exception as error:
        logger.error("Cache unavailable (%s): generation not moved on", error)


class CachedUntilSaved:
    """`load()`'s value, cached under `key` until a row of one of `models` changes, or
    with `pages=True` also until any page is saved, published, unpublished, moved or
    deleted, a view restriction changes, or a site or a locale does."""

    # Every instance, for the test that a command or the worker forgets them all.
    instances = []

    def __init__(self, key, load, *models, pages=False):
        CachedUntilSaved.instances.append(self)
        self.key = f"portal:until-saved:{key}"
        self.load = load
        if pages:
            from wagtail.models import Locale, PageViewRestriction, Site

            models = (*models, PageViewRestriction, Site, Locale)
            self.connect_to_page_changes()
        for model in models:
            for signal in (post_save, post_delete):
                signal.connect(
                    self.forget, sender=model, weak=False, dispatch_uid=(self.key, model)
                )

    def connect_to_page_changes(self):
        from wagtail.signals import page_published, page_unpublished, post_page_move

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(self.forget, weak=False, dispatch_uid=(self.key, "pages"))
        # Any page type's row: the signals name the specific model as their sender.
        for signal in (post_save, post_delete):
            signal.connect(self.forget_if_page, weak=False, dispatch_uid=(self.key, "pages"))

    def forget_if_page(self, instance, **kwargs):
        from wagtail.models import Page

        if isinstance(instance, Page):
            self.forget()

    # A cache that is down costs the queries it saves, never the page (/healthz says so).
    def get(self):
        generation = current_generation()
        in_request = generation is not None
        if in_request:
            kept = _kept_here.get(self.key)
            if kept is not None and kept[0] == generation and time.monotonic() < kept[2]:
                return kept[1]
        else:  # the worker, a command: no copy of its own, the generation read each time
            generation = read_generation()
        try:
            stored = cache.get(self.key, NOTHING)
        except Exception as error:
            logger.warning("Cache unavailable (%s): reading %s from the database", error, self.key)
            return self.load()
        if stored is NOTHING or stored[0] != generation or generation is None:
            value = self.load()
            self.set(value, generation)
            return value
        value = stored[1]
        if in_request:
            _kept_here[self.key] = (generation, value, time.monotonic() + KEPT_HERE)
        return value

    def entry(self, key, compute, most=None):
        """For a value that is a dict: its entry under `key`, computed and kept on a miss.
        Nothing is kept for None, nor beyond `most` entries (keys made from visitors'
        addresses must not grow one value without end)."""
        entries = self.get()
        if key in entries:
            return entries[key]
        value = compute()
        if value is not None and (most is None or len(entries) < most):
            entries[key] = value
            self.set(entries)
        return value

    def set(self, value, generation=None):
        in_request = current_generation() is not None
        if generation is None:
            generation = current_generation() if in_request else read_generation()
        if in_request:
            _kept_here[self.key] = (generation, value, time.monotonic() + KEPT_HERE)
        try:
            cache.set(self.key, (generation, value), TIMEOUT)
        except Exception as error:
            logger.warning("Cache unavailable (%s): %s not kept", error, self.key)

    def delete(self):
        _kept_here.pop(self.key, None)
        try:
            cache.delete(self.key)
        except Exception as error:
            logger.error("Cache unavailable (%s): %s not forgotten", error, self.key)
        move_generation_on()

    def forget(self, **kwargs):
        self.delete()
        transaction.on_commit(self.delete)

"""What every page reads and editors seldom change, kept in the shared cache until it is
saved: the sites, the locales, whether any page has a view restriction, the organisation
settings, the footer text and the main menu.

Each value is one cache key, loaded from the database on a miss and deleted when a row of
the models it is made from is saved or deleted (at once, and again when the transaction
commits, so that a request that read the old rows meanwhile cannot keep them). The cache is
the shared one (Redis in production), so every app server sees the change at once.
Without Redis (local memory, `make run` with one process) the same holds within the process.
"""

import logging

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save

# A backstop only: every value is deleted when what it is made from changes. It bounds
# the one race left: a request that read the old rows just before a change was committed
# and stores them just after it was forgotten.
TIMEOUT = 60
NOTHING = object()

logger = logging.getLogger(__name__)


class CachedUntilSaved:
    """`load()`'s value, cached under `key` until a row of one of `models` changes, or
    with `pages=True` also until any page is saved, published, unpublished, moved or
    deleted, a view restriction changes, or a site or a locale does."""

    def __init__(self, key, load, *models, pages=False):
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
        try:
            value = cache.get(self.key, NOTHING)
        except Exception as error:
            logger.warning("Cache unavailable (%s): reading %s from the database", error, self.key)
            return self.load()
        if value is NOTHING:
            value = self.load()
            self.set(value)
        return value

    def set(self, value):
        try:
            cache.set(self.key, value, TIMEOUT)
        except Exception as error:
            logger.warning("Cache unavailable (%s): %s not kept", error, self.key)

    def delete(self):
        try:
            cache.delete(self.key)
        except Exception as error:
            logger.error("Cache unavailable (%s): %s not forgotten", error, self.key)

    def forget(self, **kwargs):
        self.delete()
        transaction.on_commit(self.delete)

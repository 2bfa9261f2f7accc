"""The site's search backend: Wagtail's database backend, with two changes on PostgreSQL.

- Each object is indexed with the text search configuration of its own language (English
  stemming for English pages, `simple` for Welsh, which PostgreSQL cannot stem), and each
  query is parsed with the configuration of the visitor's language, which is also the
  language of the pages searched.
- Only what a visitor may read is indexed: a page that is not live, or that sits behind a
  password, login or group restriction, has no index entry (and loses it when unpublished
  or restricted: search/signals.py). Its private fields were never search fields.

Settings (WAGTAILSEARCH_BACKENDS["default"]): `SEARCH_CONFIG`, the configuration for
objects of no language and for languages not listed; `LANGUAGE_SEARCH_CONFIGS`, a mapping
of language code to configuration. On SQLite (and any other database) Wagtail's own
database backend answers unchanged; for OpenSearch or Elasticsearch see README.md.
"""

import copy

from django.db import connection
from django.utils import translation

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def is_public_live_page(page, restricted_paths):
    return page.live and not any(page.path.startswith(path) for path in restricted_paths)


def restricted_page_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def split_public(objs):
    """(objects that may be indexed, objects that must not be) for one batch."""
    pages = [obj for obj in objs if isinstance(obj, Page)]
    if not pages:
        return list(objs), []
    restricted_paths = restricted_page_paths()
    indexable, excluded = [], []
    for obj in objs:
        if isinstance(obj, Page) and not is_public_live_page(obj, restricted_paths):
            excluded.append(obj)
        else:
            indexable.append(obj)
    return indexable, excluded


if connection.vendor == "postgresql":
    from wagtail.search.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )

    class LanguageSearchQueryCompiler(PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return backend.config_for_language(translation.get_language())

    class LanguageIndex(PostgresIndex):
        def add_items(self, model, objs):
            indexable, excluded = split_public(objs)
            for obj in excluded:
                self.delete_item(obj)
            languages = dict(Locale.objects.values_list("pk", "language_code"))
            by_config = {}
            for obj in indexable:
                language = languages.get(getattr(obj, "locale_id", None))
                by_config.setdefault(self.backend.config_for_language(language), []).append(obj)
            for config, batch in by_config.items():
                # Wagtail's indexer reads the configuration from its backend: one backend
                # per configuration, sharing the same table.
                backend = copy.copy(self.backend)
                backend.config = config
                PostgresIndex(backend).add_items(model, batch)

    class LanguageSearchBackend(PostgresSearchBackend):
        query_compiler_class = LanguageSearchQueryCompiler
        index_class = LanguageIndex

        def __init__(self, params):
            super().__init__(params)
            self.config = params.get("SEARCH_CONFIG") or "english"
            self.language_configs = dict(params.get("LANGUAGE_SEARCH_CONFIGS", {}))

        def config_for_language(self, language_code):
            language = (language_code or "").split("-")[0]
            return self.language_configs.get(language, self.config)

    SearchBackend = LanguageSearchBackend

else:

    def SearchBackend(params):  # noqa: N802 (Wagtail looks for this name)
        backend = DatabaseSearchBackend(params)
        index_class = backend.index_class

        class PublicIndex(index_class):
            def add_items(self, model, objs):
                indexable, excluded = split_public(objs)
                for obj in excluded:
                    self.delete_item(obj)
                if indexable:
                    super().add_items(model, indexable)

        backend.index_class = PublicIndex
        return backend

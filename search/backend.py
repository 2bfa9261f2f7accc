"""The site's search backend: Wagtail's database backend, with two changes on PostgreSQL.

- Each object is indexed with the text search configuration of its own language (English
  stemming for English pages, `simple` for Welsh, which PostgreSQL cannot stem), and each
  query is parsed with the configuration of the visitor's language, which is also the
  language of the pages searched.
- Only what a visitor may read is indexed: a page that is not live, or that sits behind a
  password, login or group restriction, has no index entry (and loses it when unpublished
  or restricted: search/signals.py). Its private fields were never search fields. The
  admin's page search uses the same index, so it finds only those pages too;
  `PUBLIC_PAGES_ONLY: False` indexes every page (results are filtered to live, public
  pages at query time either way).

Settings (WAGTAILSEARCH_BACKENDS["default"]): `SEARCH_CONFIG`, the configuration for
objects of no language and for languages not listed; `LANGUAGE_SEARCH_CONFIGS`, a mapping
of language code to configuration; `PUBLIC_PAGES_ONLY` (default True). On SQLite (and any
other database) Wagtail's own database backend answers, indexing public pages only too;
for OpenSearch or Elasticsearch see README.md.
"""

import copy
import re

from django.db import connection
from django.utils import translation

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend


def is_public_live_page(page, restricted_paths):
    return page.live and not any(page.path.startswith(path) for path in restricted_paths)


def restricted_page_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def split_public(objs, backend):
    """(objects that may be indexed, objects that must not be) for one batch."""
    pages = [obj for obj in objs if isinstance(obj, Page)]
    if not pages or not backend.public_pages_only:
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
    from django.contrib.postgres.search import SearchQuery
    from django.db.models import Q

    from wagtail.search.backends.database.postgres.postgres import (
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
    )
    from wagtail.search.query import And, Phrase, PlainText

    class AnyLexeme(SearchQuery):
        """The query with every operator turned into OR (`'a' & 'b' <-> 'c'` becomes
        `'a' | 'b' | 'c'`): what any matching entry must contain at least part of."""

        template = "regexp_replace((%(expressions)s)::text, '<[0-9]*-?>|&', '|', 'g')::tsquery"

        def __init__(self, query):
            super().__init__(query, search_type="raw")

    def is_one_word(query):
        if not isinstance(query, PlainText):
            return False
        return len([term for term in re.split(r"[\s\-]+", query.query_string) if term]) == 1

    class LanguageSearchQueryCompiler(PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return backend.config_for_language(translation.get_language())

        def search(self, config, start, stop, score_field=None, backend=None):
            if self.fields is not None or not isinstance(self.query, (PlainText, Phrase, And)):
                return super().search(config, start, stop, score_field, backend)
            # Wagtail matches the title and body vectors joined, which no index can answer:
            # every entry is read. The same test, after a looser one the GIN indexes on
            # title and body do answer, reads only the entries that have a word searched.
            search_query = self.build_tsquery(self.query, config=config)
            if search_query is None:
                return self.queryset.none()
            any_lexeme = AnyLexeme(search_query)
            vectors = self.get_search_vectors(search_query)
            rank_expression = self._build_rank_expression(vectors, config)
            queryset = self.queryset.filter(
                Q(index_entries__title=any_lexeme) | Q(index_entries__body=any_lexeme)
            )
            if not is_one_word(self.query):
                # For one word the looser test is the exact one: no need to join vectors.
                joined = vectors[0][0]._combine(vectors[1][0], "||", False)
                queryset = queryset.annotate(_vector_=joined).filter(_vector_=search_query)
            return self._apply_ordering_and_scoring(
                queryset, rank_expression, start, stop, score_field
            )

    class LanguageIndex(PostgresIndex):
        def add_items(self, model, objs):
            indexable, excluded = split_public(objs, self.backend)
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
            self.public_pages_only = params.get("PUBLIC_PAGES_ONLY", True)
            self.language_configs = dict(params.get("LANGUAGE_SEARCH_CONFIGS", {}))

        def config_for_language(self, language_code):
            language = (language_code or "").split("-")[0]
            return self.language_configs.get(language, self.config)

    SearchBackend = LanguageSearchBackend

else:

    def SearchBackend(params):  # noqa: N802 (Wagtail looks for this name)
        backend = DatabaseSearchBackend(params)
        backend.public_pages_only = params.get("PUBLIC_PAGES_ONLY", True)
        index_class = backend.index_class

        class PublicIndex(index_class):
            def add_items(self, model, objs):
                indexable, excluded = split_public(objs, self.backend)
                for obj in excluded:
                    self.delete_item(obj)
                if indexable:
                    super().add_items(model, indexable)

        backend.index_class = PublicIndex
        return backend

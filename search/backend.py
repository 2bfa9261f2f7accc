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

from django.db import connection
from django.utils import translation

from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.search.backends.database import SearchBackend as DatabaseSearchBackend

from .index_version import index_changed


def is_public_live_page(page, restricted_paths):
    return page.live and not any(page.path.startswith(path) for path in restricted_paths)


def restricted_page_paths():
    return list(PageViewRestriction.objects.values_list("page__path", flat=True))


def holds_only_live_pages(queryset):
    """True when the queryset's own filters keep live pages only (`.live()`)."""
    where = queryset.query.where
    if where.connector != "AND" or where.negated:
        return False
    return any(
        getattr(child, "lookup_name", None) == "exact"
        and getattr(getattr(child, "lhs", None), "target", None) is Page._meta.get_field("live")
        and child.rhs is True
        for child in where.children
    )


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
    from django.contrib.postgres.search import SearchVector, SearchVectorField
    from django.db.models import CharField, Count, F, IntegerField, OuterRef, Q, Subquery, Window
    from django.db.models.expressions import Col
    from django.db.models.functions import Cast, Coalesce, RowNumber

    from wagtail.search.backends.database.postgres.postgres import (
        PostgresAutocompleteQueryCompiler,
        PostgresIndex,
        PostgresSearchBackend,
        PostgresSearchQueryCompiler,
        PostgresSearchResults,
    )
    from wagtail.search.models import IndexEntry
    from wagtail.search.query import And, Phrase, PlainText
    from wagtail.search.utils import get_descendants_content_types_pks

    # The stored vector of title and body together (search/migrations/0003), which Wagtail's
    # model does not know: the search names its column in the entries' join.
    INDEX_DOCUMENT = SearchVectorField()
    INDEX_DOCUMENT.set_attributes_from_name("document")
    INDEX_DOCUMENT.model = IndexEntry  # named like a field, never added to the model

    def with_document_matching(queryset, search_query):
        """The queryset (of an indexed model) narrowed to objects whose index entry matches,
        through the GIN index of the stored vector. Ranking expressions on the entry's
        fields (F("index_entries__title")) reuse the same join."""
        queryset = queryset.alias(_entry_title_=F("index_entries__title"))
        entry_alias = queryset.query.annotations["_entry_title_"].alias
        return queryset.alias(_document_=Col(entry_alias, INDEX_DOCUMENT)).filter(
            _document_=search_query
        )

    class LanguageSearchQueryCompiler(PostgresSearchQueryCompiler):
        def get_config(self, backend):
            return backend.config_for_language(translation.get_language())

        def search(self, config, start, stop, score_field=None, backend=None):
            if self.fields is not None or not isinstance(self.query, (PlainText, Phrase, And)):
                return super().search(config, start, stop, score_field, backend)
            # Wagtail matches the title and body vectors joined at query time, which no
            # index can answer: every entry is read. The stored joined vector is the same
            # test, answered by its GIN index. The rank is Wagtail's own.
            search_query = self.build_tsquery(self.query, config=config)
            if search_query is None:
                return self.queryset.none()
            vectors = self.get_search_vectors(search_query)
            rank_expression = self._build_rank_expression(vectors, config)
            queryset = with_document_matching(self.queryset, search_query)
            return self._apply_ordering_and_scoring(
                queryset, rank_expression, start, stop, score_field
            )

        def ranked_by_type(self, config, per_type):
            """{content type id: (matches, [(pk, score)])}: what search() finds, counted by
            type, with the best `per_type` of each type ranked as search() ranks them (score
            and, between equals, the newer page first), in one query.

            The query starts from the index entries that match (the GIN index), ranks them on
            their own vectors and keeps those of the queryset's objects: a join of the objects
            to the entries compares the entries' text ids with the objects' ids cast to text,
            which no index answers and which PostgreSQL sorts or hashes whole."""
            if self.fields is not None or not isinstance(self.query, (PlainText, Phrase, And)):
                return None
            search_query = self.build_tsquery(self.query, config=config)
            if search_query is None:
                return {}
            model = self.queryset.model
            score = self._build_rank_expression(
                [(F("title"), F("title_norm")), (F("body"), 1.0)], config
            )
            by_type = {"partition_by": F("content_type_id")}
            matches = (
                IndexEntry.objects.filter(
                    content_type_id__in=get_descendants_content_types_pks(model)
                )
                .alias(_document_=Col(IndexEntry._meta.db_table, INDEX_DOCUMENT))
                .filter(_document_=search_query)
                .annotate(object_pk=Cast("object_id", model._meta.pk))
                .filter(object_pk__in=self.queryset.values("pk"))
                .annotate(score=score)
                .annotate(
                    matches=Window(Count("pk"), **by_type),
                    place=Window(
                        RowNumber(), **by_type, order_by=[F("score").desc(), F("object_pk").desc()]
                    ),
                )
                .filter(place__lte=per_type)
                .order_by("content_type_id", "place")
                .values_list("content_type_id", "matches", "object_pk", "score")
            )
            found = {}
            for content_type_id, count, pk, rank in matches:
                found.setdefault(content_type_id, (count, []))[1].append((pk, rank))
            return found

    class LanguageSearchResults(PostgresSearchResults):
        def ranked_by_type(self, per_type):
            """See LanguageSearchQueryCompiler.ranked_by_type; None when this search cannot
            be answered so (a search of named fields, say)."""
            compiler = self.query_compiler
            if not isinstance(compiler, LanguageSearchQueryCompiler):
                return None
            return compiler.ranked_by_type(compiler.get_config(self.backend), per_type)

    class EditorsAutocompleteQueryCompiler(PostgresAutocompleteQueryCompiler):
        """Autocomplete (the admin's page search, listings and choosers, and the header's
        suggestions) that also finds the pages the public index leaves out, drafts and
        private pages, by their titles, computed in the database for those pages only.

        A visitor's queryset holds only live, public pages, so it never gains one of them;
        one restricted to live pages keeps the index's own search."""

        def search(self, config, start, stop, score_field=None, backend=None):
            if (
                self.fields is not None
                or not backend.public_pages_only
                or not issubclass(self.queryset.model, Page)
                or holds_only_live_pages(self.queryset)
            ):
                return super().search(config, start, stop, score_field, backend)
            search_query = self.build_tsquery(self.query, config=config)
            # The vector the index would hold for a page (its title, weight D).
            title_vector = SearchVector("title", "draft_title", config=config, weight="D")
            # Each half through an index: the entries' GIN index, and for the pages left
            # out (not live, or under a restriction: few) their titles.
            in_index = IndexEntry.objects.filter(
                content_type_id__in=get_descendants_content_types_pks(Page),
                autocomplete=search_query,
            ).values(page_id=Cast("object_id", IntegerField()))
            left_out = (
                Page.objects.filter(Q(live=False) | Page.objects.private_q())
                .annotate(_title_vector_=title_vector)
                .filter(_title_vector_=search_query)
                .values("pk")
            )
            queryset = self.queryset.filter(Q(pk__in=in_index) | Q(pk__in=left_out))
            # Ranked by the same vector, read for the pages found only (a join would
            # read every entry).
            entry_vector = IndexEntry.objects.filter(
                content_type_id__in=get_descendants_content_types_pks(Page),
                object_id=Cast(OuterRef("pk"), CharField()),
            ).values("autocomplete")[:1]
            vector = Coalesce(
                Subquery(entry_vector, output_field=SearchVectorField()), title_vector
            )
            rank_expression = self._build_rank_expression([(vector, 1.0)], config)
            return self._apply_ordering_and_scoring(
                queryset, rank_expression, start, stop, score_field
            )

    class LanguageIndex(PostgresIndex):
        def add_items(self, model, objs):
            index_changed()
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

        def delete_item(self, item):
            index_changed()
            super().delete_item(item)

        def reset(self):
            index_changed()
            super().reset()

    class LanguageSearchBackend(PostgresSearchBackend):
        query_compiler_class = LanguageSearchQueryCompiler
        autocomplete_query_compiler_class = EditorsAutocompleteQueryCompiler
        index_class = LanguageIndex
        results_class = LanguageSearchResults

        def __init__(self, params):
            super().__init__(params)
            self.config = params.get("SEARCH_CONFIG") or "english"
            self.public_pages_only = params.get("PUBLIC_PAGES_ONLY", True)
            self.language_configs = dict(params.get("LANGUAGE_SEARCH_CONFIGS", {}))

        def filter_matching(self, queryset, search_query):
            """The queryset narrowed to objects whose index entry matches a SearchQuery
            (for a feature's own list, such as the directory's text search)."""
            return with_document_matching(queryset, search_query)

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
                index_changed()
                indexable, excluded = split_public(objs, self.backend)
                for obj in excluded:
                    self.delete_item(obj)
                if indexable:
                    super().add_items(model, indexable)

            def delete_item(self, item):
                index_changed()
                super().delete_item(item)

        backend.index_class = PublicIndex
        return backend

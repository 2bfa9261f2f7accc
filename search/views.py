"""Site-wide search of the live, public pages of the visitor's language, and the header
box's suggestions.

Every page type with search fields takes part: a new type (events, say) appears in the
results and the type filters without a change here. A type shows a date beside its
results through a `search_result_date` attribute, else a `date` field.

Other features add to the results through hooks, so that this app imports none of them:
`site_search_postcode_results(request, query)` returns None, or, when the query is a
postcode its provider knows, a dict with `district`, `groups` (dicts of `title`, `url`,
`distance_miles`) and `more_url` (the directory's own search by distance).
"""

import datetime
import hashlib
import json

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from wagtail import hooks
from wagtail.contrib.search_promotions.models import Query
from wagtail.models import Locale, Page

from privacy.spam import over_rate_limit

from .highlight import snippets
from .index_version import current_index_version
from .models import UnansweredSearchDay
from .query import clean_query, highlight_words, search_query

RESULTS_PER_PAGE = 10
POSTCODE_HOOK = "site_search_postcode_results"
# The pages offered when nothing matches: the directory, the working groups, the news.
# Named by content type, so that search imports none of those apps.
NO_RESULTS_PAGE_TYPES = [
    ("directory", "localgroupindexpage"),
    ("workinggroups", "workinggroupindexpage"),
    ("blog", "blogindexpage"),
]
TYPE_COUNTS_CACHE_SECONDS = 10 * 60
SUGGESTIONS = 8
SUGGESTION_MIN_LENGTH = 2
SUGGESTIONS_CACHE_SECONDS = 300
# A fast typist asks for a suggestion per key: generous, yet a loop is stopped.
SUGGESTIONS_RATE_LIMIT = 300
SUGGESTIONS_RATE_WINDOW_SECONDS = 5 * 60


class CountedPaginator(Paginator):
    """A paginator told the number of results: the type counts have just counted them, so
    the search need not run a second time to count."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


def searchable_pages():
    """Live, public pages of the visitor's language (the root of the tree excluded)."""
    return Page.objects.live().public().filter(locale=Locale.get_active(), depth__gt=1)


def search_config():
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    if hasattr(backend, "config_for_language"):
        return backend.config_for_language(translation.get_language())
    return getattr(backend, "config", None) or "simple"


def type_key(content_type):
    return f"{content_type.app_label}.{content_type.model}"


def type_counts(pages, query, typed):
    """[(key, label, count)] of the page types that match, most matches first.

    Counting reads every match, ranking aside: the counts are cached for the words typed
    (in the visitor's language) until the index or a page's visibility changes, so that a
    search made often (a viral statement, the next page of results, a filter) pays for it
    once."""
    digest = hashlib.sha256(typed.encode()).hexdigest()
    cache_key = f"search-counts:{current_index_version()}:{translation.get_language()}:{digest}"
    facets = cache.get(cache_key)
    if facets is None:
        facets = list(
            pages.search(query, order_by_relevance=False).facet("content_type_id").items()
        )
        cache.set(cache_key, facets, TYPE_COUNTS_CACHE_SECONDS)
    counts = []
    for content_type_id, count in facets:
        content_type = ContentType.objects.get_for_id(content_type_id)
        model = content_type.model_class()
        if model is None or not count:
            continue
        counts.append((type_key(content_type), model._meta.verbose_name_plural, count))
    return sorted(counts, key=lambda item: (-item[2], str(item[1])))


def result_date(page):
    value = getattr(page, "search_result_date", None) or getattr(page, "date", None)
    return value if isinstance(value, datetime.date) else None


def postcode_results(request, query):
    for provider in hooks.get_hooks(POSTCODE_HOOK):
        found = provider(request, query)
        if found:
            return found
    return None


def promoted_pages(query_record):
    """The editors' picks for these words that a visitor may open."""
    if query_record is None:
        return []
    picks = query_record.editors_picks.select_related("page").order_by("sort_order")
    promoted = []
    for pick in picks:
        if pick.page_id is None:
            if pick.external_link_url:
                promoted.append(
                    {
                        "title": pick.external_link_text or pick.external_link_url,
                        "url": pick.external_link_url,
                        "description": pick.description,
                    }
                )
        elif pick.page.live:
            promoted.append(
                {"title": pick.page.title, "url": pick.page.url, "description": pick.description}
            )
    return promoted


def no_results_pages():
    pages = searchable_pages().none()
    for app_label, model in NO_RESULTS_PAGE_TYPES:
        pages = pages | searchable_pages().filter(
            content_type__app_label=app_label, content_type__model=model
        )
    order = {model: position for position, (_app, model) in enumerate(NO_RESULTS_PAGE_TYPES)}
    found = list(pages.select_related("content_type"))
    return sorted(found, key=lambda page: order.get(page.content_type.model, 99))


def record_search(query, found_anything):
    """Count the search for the editors' reports: the query string and the day only."""
    query_record = Query.get(query)
    query_record.add_hit()
    if not found_anything:
        UnansweredSearchDay.add_hit(query_record)
    return query_record


def search(request):
    typed = request.GET.get("q", "")
    query = clean_query(typed)
    chosen_type = request.GET.get("type", "")
    context = {"search_query": query, "chosen_type": "", "type_counts": [], "results": []}
    parsed = search_query(query) if query else None
    if typed.strip() and parsed is None:
        context["nothing_to_search"] = True
    if parsed is None:
        return TemplateResponse(request, "search/search.html", context)

    pages = searchable_pages()
    # Every word must match: a page with only some of them is rarely the one meant (and
    # the message for no results says to try fewer words).
    counts = type_counts(pages, parsed, query)
    total = sum(count for _key, _label, count in counts)
    type_keys = {key for key, _label, _count in counts}
    if chosen_type in type_keys:
        app_label, model = chosen_type.split(".")
        pages = pages.filter(content_type=ContentType.objects.get_by_natural_key(app_label, model))
        context["chosen_type"] = chosen_type

    results = pages.specific().search(parsed)
    shown = {key: count for key, _label, count in counts}.get(context["chosen_type"], total)
    paginator = CountedPaginator(results, RESULTS_PER_PAGE, count=shown)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        # As every listing does (home/pagination.py): an address past the end lists nothing.
        raise Http404(_("There is no such page in this list.")) from None

    found = list(page_of_results.object_list) if total else []
    words = highlight_words(query)
    context["results"] = [
        {
            "page": page,
            "url": page.get_url(request),
            "type": page._meta.verbose_name,
            "date": result_date(page),
            "snippet": snippet,
        }
        for page, snippet in zip(found, snippets(found, words, search_config()), strict=True)
    ]

    # Counted once per search, not per page of results or change of filter.
    first_view = request.GET.get("page", "1") in ("", "1") and not context["chosen_type"]
    context["postcode"] = postcode_results(request, query) if first_view else None
    found_anything = total > 0 or bool(context["postcode"] and context["postcode"]["groups"])
    query_record = record_search(query, found_anything) if first_view else Query.get(query)
    context["promoted"] = promoted_pages(query_record) if page_of_results.number == 1 else []
    if not found_anything:
        context["suggested_pages"] = no_results_pages()

    context.update({"search_results": page_of_results, "total": total, "type_counts": counts})
    return TemplateResponse(request, "search/search.html", context)


def suggestion_json(suggestions, status=200):
    response = HttpResponse(
        json.dumps({"suggestions": suggestions}), content_type="application/json", status=status
    )
    response["Cache-Control"] = "private, max-age=60"
    return response


@require_GET
def suggestions(request):
    """Titles of pages that start with or contain the words, for the header's search box."""
    query = clean_query(request.GET.get("q", ""))[:80]
    if len(query) < SUGGESTION_MIN_LENGTH:
        return suggestion_json([])
    if over_rate_limit(
        request,
        scope="search-suggestions",
        limit=SUGGESTIONS_RATE_LIMIT,
        window=SUGGESTIONS_RATE_WINDOW_SECONDS,
    ):
        return suggestion_json([], status=429)
    language = translation.get_language()
    digest = hashlib.sha256(query.lower().encode()).hexdigest()
    cache_key = f"search-suggestions:{language}:{digest}"
    found = cache.get(cache_key)
    if found is None:
        words = " ".join(highlight_words(query))
        found = []
        if words:
            pages = searchable_pages().specific(defer=True)
            typed = query.lower()
            # Titles that start with what was typed first, shortest (closest) first.
            candidates = sorted(
                pages.autocomplete(words)[:SUGGESTIONS],
                key=lambda page: (not page.title.lower().startswith(typed), len(page.title)),
            )
            for page in candidates:
                found.append(
                    {
                        "title": page.title,
                        "url": page.get_url(request),
                        "type": str(capfirst(page._meta.verbose_name)),
                    }
                )
        cache.set(cache_key, found, SUGGESTIONS_CACHE_SECONDS)
    return suggestion_json(found)

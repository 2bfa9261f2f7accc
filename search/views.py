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
import heapq
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
from wagtail.contrib.search_promotions.models import SearchPromotion
from wagtail.models import Page
from wagtail.search.utils import normalise_query_string

from localisation.locales import active_and_default_locales
from portal.visibility import public
from privacy.spam import over_rate_limit

from .highlight import snippets
from .index_version import current_index_version
from .models import PROMOTED_QUERIES, UnansweredSearchDay, count_search
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
RANKING_CACHE_SECONDS = 10 * 60
# The first ten pages of results, of all types and of each type, are kept ranked.
RANKED_RESULTS = 10 * RESULTS_PER_PAGE
SUGGESTIONS = 8
SUGGESTION_MIN_LENGTH = 2
SUGGESTIONS_CACHE_SECONDS = 300
# A fast typist asks for a suggestion per key: generous, yet a loop is stopped.
SUGGESTIONS_RATE_LIMIT = 300
SUGGESTIONS_RATE_WINDOW_SECONDS = 5 * 60


class CountedPaginator(Paginator):
    """A paginator told the number of results: the ranking has just counted them, so the
    search need not run a second time to count."""

    def __init__(self, *args, count, **kwargs):
        super().__init__(*args, **kwargs)
        self.known_count = count

    @property
    def count(self):
        return self.known_count


def searchable_pages(request=None):
    """Live, public pages of the visitor's language (the root of the tree excluded). The
    locale and whether any page is restricted come from the shared cache."""
    locale, _default = active_and_default_locales(request)
    return public(Page.objects.live().filter(locale=locale, depth__gt=1))


def search_config():
    from wagtail.search.backends import get_search_backend

    backend = get_search_backend()
    if hasattr(backend, "config_for_language"):
        return backend.config_for_language(translation.get_language())
    return getattr(backend, "config", None) or "simple"


def type_key(content_type):
    return f"{content_type.app_label}.{content_type.model}"


def rank(pages, query):
    """{"counts": {content type id: matches}, "all": [(pk, content type id)] best first,
    "by_type": {content type id: [pk] best first}}; the lists hold the first
    RANKED_RESULTS of each (a later page of results is searched for when asked)."""
    results = pages.search(query)
    ranked = getattr(results, "ranked_by_type", lambda _per_type: None)(RANKED_RESULTS)
    if ranked is not None:
        # Merged as the search orders them: score, then the newer page first.
        best = heapq.merge(
            *(
                [(score, pk, content_type_id) for pk, score in best_of_type]
                for content_type_id, (_count, best_of_type) in ranked.items()
            ),
            key=lambda item: (-item[0], -item[1]),
        )
        return {
            "counts": {content_type_id: count for content_type_id, (count, _) in ranked.items()},
            "all": [(pk, content_type_id) for _score, pk, content_type_id in best][:RANKED_RESULTS],
            "by_type": {
                content_type_id: [pk for pk, _score in best_of_type]
                for content_type_id, (_count, best_of_type) in ranked.items()
            },
        }
    # Another backend (SQLite's, for `make run`): counted by the backend's facets, the
    # first results of all types ranked; a type chosen is searched for when asked.
    counts = dict(pages.search(query, order_by_relevance=False).facet("content_type_id"))
    best = [(page.pk, page.content_type_id) for page in results[:RANKED_RESULTS]]
    return {"counts": counts, "all": best, "by_type": {}}


def ranking(request, query, typed):
    """(cache key, rank()'s answer) for the words typed, in the visitor's language.

    Ranking reads every match: the answer is cached until the index or a page's visibility
    changes, so that a search made often (a viral statement, the next page of results, a
    filter) pays for it once."""
    digest = hashlib.sha256(typed.encode()).hexdigest()
    cache_key = f"search-ranking:{current_index_version()}:{translation.get_language()}:{digest}"
    ranked = cache.get(cache_key)
    if ranked is None:
        ranked = rank(searchable_pages(request), query)
        cache.set(cache_key, ranked, RANKING_CACHE_SECONDS)
    return cache_key, ranked


def type_counts(counts_by_type):
    """[(key, label, count)] of the page types that match, most matches first."""
    counts = []
    for content_type_id, count in counts_by_type.items():
        content_type = ContentType.objects.get_for_id(content_type_id)
        model = content_type.model_class()
        if model is None or not count:
            continue
        counts.append((type_key(content_type), model._meta.verbose_name_plural, count))
    return sorted(counts, key=lambda item: (-item[2], str(item[1])))


def specific_pages(ranked):
    """The live pages of [(pk, content type id)], specific, in that order: one query per
    page type."""
    by_type = {}
    for pk, content_type_id in ranked:
        by_type.setdefault(content_type_id, []).append(pk)
    found = {}
    for content_type_id, pks in by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        if model is not None:
            pages = model._default_manager.live().filter(pk__in=pks)
            found.update((page.pk, page) for page in pages)
    return [found[pk] for pk, _content_type_id in ranked if pk in found]


def result(request, page, date, snippet):
    return {
        "page": page,
        "url": page.get_url(request),
        "type": page._meta.verbose_name,
        "date": date,
        "snippet": snippet,
    }


def results_from_pages(request, pages, query):
    words = highlight_words(query)
    return [
        result(request, page, result_date(page), snippet)
        for page, snippet in zip(pages, snippets(pages, words, search_config()), strict=True)
    ]


def ranked_results(request, ranked, cache_key, query):
    """The results of [(pk, content type id)], in that order.

    The date and snippet of each are cached with the ranking they come from (a page's text
    changes only when it is published, which changes the index version): a page of results
    seen before costs one query for its pages' titles and addresses."""
    shown = cache.get(cache_key)
    if shown is not None:
        pages = Page.objects.live().filter(pk__in=[pk for pk, _date, _snippet in shown])
        found = {page.pk: page for page in pages.specific(defer=True)}
        return [
            result(request, found[pk], date, snippet) for pk, date, snippet in shown if pk in found
        ]
    results = results_from_pages(request, specific_pages(ranked), query)
    cache.set(
        cache_key,
        [(item["page"].pk, item["date"], item["snippet"]) for item in results],
        RANKING_CACHE_SECONDS,
    )
    return results


def result_date(page):
    value = getattr(page, "search_result_date", None) or getattr(page, "date", None)
    return value if isinstance(value, datetime.date) else None


def postcode_results(request, query):
    for provider in hooks.get_hooks(POSTCODE_HOOK):
        found = provider(request, query)
        if found:
            return found
    return None


def promoted_pages(query):
    """The editors' picks for these words that a visitor may open (a query only for the
    words that have some)."""
    query_string = normalise_query_string(query)
    if query_string not in PROMOTED_QUERIES.get():
        return []
    picks = SearchPromotion.objects.filter(query__query_string=query_string)
    promoted = []
    for pick in picks.select_related("page").order_by("sort_order"):
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


def no_results_pages(request):
    pages = searchable_pages(request).none()
    for app_label, model in NO_RESULTS_PAGE_TYPES:
        pages = pages | searchable_pages(request).filter(
            content_type__app_label=app_label, content_type__model=model
        )
    order = {model: position for position, (_app, model) in enumerate(NO_RESULTS_PAGE_TYPES)}
    found = list(pages.select_related("content_type"))
    return sorted(found, key=lambda page: order.get(page.content_type.model, 99))


def record_search(query, found_anything):
    """Count the search for the editors' reports: the query string and the day only."""
    query_id = count_search(query)
    if not found_anything:
        UnansweredSearchDay.add_hit(query_id)


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

    # Every word must match: a page with only some of them is rarely the one meant (and
    # the message for no results says to try fewer words).
    ranking_key, ranked = ranking(request, parsed, query)
    counts = type_counts(ranked["counts"])
    total = sum(count for _key, _label, count in counts)
    type_keys = {key for key, _label, _count in counts}
    shown_ranking = ranked["all"]
    content_type = None
    if chosen_type in type_keys:
        app_label, model = chosen_type.split(".")
        content_type = ContentType.objects.get_by_natural_key(app_label, model)
        shown_ranking = [(pk, content_type.pk) for pk in ranked["by_type"].get(content_type.pk, [])]
        context["chosen_type"] = chosen_type

    shown = {key: count for key, _label, count in counts}.get(context["chosen_type"], total)
    # The paginator counts and numbers the pages of results; their pages are read below.
    paginator = CountedPaginator(range(shown), RESULTS_PER_PAGE, count=shown)
    try:
        page_of_results = paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        page_of_results = paginator.page(1)
    except EmptyPage:
        # As every listing does (home/pagination.py): an address past the end lists nothing.
        raise Http404(_("There is no such page in this list.")) from None

    if shown:
        start = (page_of_results.number - 1) * RESULTS_PER_PAGE
        stop = start + len(page_of_results)
        if stop <= len(shown_ranking) or len(shown_ranking) >= shown:
            results_key = f"{ranking_key}:results:{context['chosen_type']}:{start}"
            context["results"] = ranked_results(
                request, shown_ranking[start:stop], results_key, query
            )
        else:
            # Past the ranked lists (the eleventh page of results, say): searched again.
            pages = searchable_pages(request)
            if content_type is not None:
                pages = pages.filter(content_type=content_type)
            found = list(pages.specific().search(parsed)[start:stop])
            context["results"] = results_from_pages(request, found, query)

    # Counted once per search, not per page of results or change of filter.
    first_view = request.GET.get("page", "1") in ("", "1") and not context["chosen_type"]
    context["postcode"] = postcode_results(request, query) if first_view else None
    found_anything = total > 0 or bool(context["postcode"] and context["postcode"]["groups"])
    if first_view:
        record_search(query, found_anything)
    context["promoted"] = promoted_pages(query) if page_of_results.number == 1 else []
    if not found_anything:
        context["suggested_pages"] = no_results_pages(request)

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
            pages = searchable_pages(request).specific(defer=True)
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

"""The directory's part in searching: its list's text search through the site's full-text
index, and the groups near a postcode that the site search shows first (a hook, in
wagtail_hooks.py, so that the search app never imports this one).
"""

import re

from django.contrib.postgres.search import SearchQuery
from django.db import connection
from django.utils import translation
from django.utils.http import urlencode

from wagtail.search.backends import get_search_backend

from .models import LocalGroupIndexPage, LocalGroupPage, PostcodeDistrict
from .postcodes import InvalidPostcode, postcode_district

NEARBY_GROUPS = 5
NEARBY_RADIUS_MILES = 100
MAX_WORDS = 12


def search_config():
    backend = get_search_backend()
    if hasattr(backend, "config_for_language"):
        return backend.config_for_language(translation.get_language())
    return getattr(backend, "config", None) or "simple"


def with_text_matching(groups, query):
    """The groups whose name, constituencies or description (the text of it, not its
    markup) have every word, each word also matching as the start of a longer one
    ("brist" finds Bristol), wherever each word is. On PostgreSQL the site's search
    backend narrows the list's own query through its index; elsewhere the search runs
    first and the list keeps its ids."""
    words = re.findall(r"\w+", query)[:MAX_WORDS]
    if not words:
        return groups.none()
    backend = get_search_backend()
    if connection.vendor == "postgresql" and hasattr(backend, "filter_matching"):
        # \w has no quote or backslash, so each word is a safe tsquery lexeme.
        tsquery = SearchQuery(
            " & ".join(f"'{word}':*" for word in words), search_type="raw", config=search_config()
        )
        return backend.filter_matching(groups, tsquery)
    found = LocalGroupPage.objects.live().search(" ".join(words), order_by_relevance=False)
    return groups.filter(pk__in=[group.pk for group in found])


def groups_near_postcode(request, query):
    """The groups nearest to a query that is a postcode or district ("BS10", "e13 9aa"),
    for the site search; None for any other query or a district we cannot place."""
    from .views import filter_groups

    if len(query) > 8:
        return None
    try:
        code = postcode_district(query)
    except InvalidPostcode:
        return None
    district = PostcodeDistrict.objects.filter(outward_code=code).first()
    index_page = LocalGroupIndexPage.for_active_locale(request) if district else None
    if index_page is None:
        return None
    nearby = filter_groups(index_page.groups(), {"radius": NEARBY_RADIUS_MILES}, district).only(
        "title", "url_path", "latitude", "longitude"
    )[:NEARBY_GROUPS]
    return {
        "district": code,
        "groups": [
            {
                "title": group.title,
                "url": group.get_url(request),
                "distance_miles": round(group.distance, 1),
            }
            for group in nearby
        ],
        "more_url": index_page.get_url(request)
        + "?"
        + urlencode({"postcode": code, "radius": NEARBY_RADIUS_MILES}),
    }

"""A search query is cut to SEARCH_QUERY_MAX_LENGTH characters before any view sees it.

The public search cuts its own; the admin's searches (pages, images, documents, snippets,
users, choosers) take `q` whole, and a query of a few thousand words makes the search
backend build a query so deep that it fails with a RecursionError (a 500) after burning
CPU: an easy way for anyone with an account to slow the server.
"""

from django.conf import settings

SEARCH_PARAMETERS = ("q",)


class SearchQueryLengthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.SEARCH_QUERY_MAX_LENGTH
        if any(len(request.GET.get(name, "")) > limit for name in SEARCH_PARAMETERS):
            query = request.GET.copy()
            for name in SEARCH_PARAMETERS:
                if name in query:
                    query.setlist(name, [value[:limit] for value in query.getlist(name)])
            query._mutable = False
            request.GET = query
        return self.get_response(request)

"""The address's query string made safe once, before any view reads it."""

from django.conf import settings
from django.http import Http404, QueryDict

NUL = "\x00"
SEARCH_PARAMETERS = ("q",)


class QueryStringMiddleware:
    """Two things no view should have to remember:

    - No NUL character. PostgreSQL refuses NUL in text, so `/blog/?tag=%00` would reach
      the database and fail with a server error; a NUL never means anything in a search
      or a filter, so it is dropped from the names and values, and a path holding one
      does not exist. (Forms refuse NUL in what is posted, with a message beside the
      field: Django's ProhibitNullCharactersValidator.)
    - No search query longer than SEARCH_QUERY_MAX_LENGTH. The public search cuts its
      own, but the admin's searches (pages, images, documents, snippets, users, choosers)
      take `q` whole, and a query of a few thousand words makes the search backend build
      a query so deep that it fails with a RecursionError after burning CPU.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            raise Http404
        limit = settings.SEARCH_QUERY_MAX_LENGTH
        has_nul = "%00" in request.META.get("QUERY_STRING", "") or any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        )
        too_long = any(len(request.GET.get(name, "")) > limit for name in SEARCH_PARAMETERS)
        if has_nul or too_long:
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                key = key.replace(NUL, "")
                values = [value.replace(NUL, "") for value in values]
                if key in SEARCH_PARAMETERS:
                    values = [value[:limit] for value in values]
                cleaned.setlist(key, values)
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)

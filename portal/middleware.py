"""Request clean-up that every view relies on."""

from django.http import Http404, QueryDict

NUL = "\x00"


class NullCharactersMiddleware:
    """No NUL character reaches a view from the address.

    PostgreSQL refuses NUL in text, so a query such as `/blog/?tag=%00` would otherwise
    reach the database and fail with a server error. A NUL never means anything in a
    search or a filter: it is dropped from the query string's names and values, and an
    address whose path holds one does not exist. (Forms already refuse NUL in what is
    posted, with a message beside the field: Django's ProhibitNullCharactersValidator.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if NUL in request.path:
            raise Http404
        if "%00" in request.META.get("QUERY_STRING", "") or any(
            NUL in key or any(NUL in value for value in values)
            for key, values in request.GET.lists()
        ):
            cleaned = QueryDict(mutable=True)
            for key, values in request.GET.lists():
                cleaned.setlist(key.replace(NUL, ""), [value.replace(NUL, "") for value in values])
            cleaned._mutable = False
            request.GET = cleaned
        return self.get_response(request)

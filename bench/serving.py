"""What only the benchmark's settings (portal/settings/bench.py) add to the portal: the
trivial view, the yardstick (the cost of the middleware alone, which no page can beat),
and the count of each request's SQL queries."""

from django.db import connections
from django.http import HttpResponse

TRIVIAL_PATH = "_bench/trivial/"

QUERY_COUNT_HEADER = "X-SQL-Queries"


class SQLQueryCountMiddleware:
    """Says in a response header how many SQL queries the request cost, on every database
    connection, counted as they run (exact, and without DEBUG's query log). First in
    MIDDLEWARE, so that every other middleware's queries count too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        executed = []

        def count(execute, sql, params, many, context):
            executed.append(sql)
            return execute(sql, params, many, context)

        wrappers = [connection.execute_wrapper(count) for connection in connections.all()]
        for wrapper in wrappers:
            wrapper.__enter__()
        try:
            response = self.get_response(request)
        finally:
            for wrapper in reversed(wrappers):
                wrapper.__exit__(None, None, None)
        response[QUERY_COUNT_HEADER] = str(len(executed))
        return response


def trivial(request):
    return HttpResponse(b"ok", content_type="text/plain")

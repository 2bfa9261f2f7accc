from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, path, *, warm=False):
    """The SQL queries a GET of `path` costs; with `warm`, after a first request has filled
    the caches that later ones reuse (the site's root paths)."""
    if warm:
        client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(queries)

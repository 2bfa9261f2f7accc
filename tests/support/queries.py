import os

from django.db import connection
from django.test.utils import CaptureQueriesContext


def count_queries(client, path, *, warm=False):
    """The SQL queries a GET of `path` costs; with `warm`, after a first request has filled
    the caches that later ones reuse (the site, the menu, the renditions...).

    With SHOW_QUERIES=1 in the environment (and pytest's -s), prints each query."""
    if warm:
        client.get(path)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path)
    assert response.status_code == 200, path
    if os.environ.get("SHOW_QUERIES"):
        print(f"\n{path}: {len(queries)} queries")
        for query in queries:
            print("   ", query["sql"])
    return len(queries)

"""The benchmark's server (portal/settings/bench.py) says how many SQL queries each request
cost, exactly: the same count as Django's own capture of the queries."""

from django.conf import settings
from django.test import override_settings

import pytest

from bench.serving import QUERY_COUNT_HEADER, TRIVIAL_PATH
from tests.support.factories import StandardPageFactory, make_site_home
from tests.support.queries import count_queries

pytestmark = pytest.mark.django_db

BENCH_SERVING = override_settings(
    ROOT_URLCONF="bench.urls",
    MIDDLEWARE=["bench.serving.SQLQueryCountMiddleware", *settings.MIDDLEWARE],
)


@BENCH_SERVING
def test_the_header_counts_every_query_of_a_page(client):
    page = StandardPageFactory(parent=make_site_home(), slug="about")
    client.get(page.url)  # fills the site's caches
    counted = count_queries(client, page.url)
    response = client.get(page.url)
    assert counted > 0
    assert response[QUERY_COUNT_HEADER] == str(counted)


@BENCH_SERVING
def test_the_trivial_view_goes_through_the_middleware_without_a_query(client):
    client.get(f"/{TRIVIAL_PATH}")  # the site for the host, looked up once (portal/sites.py)
    response = client.get(f"/{TRIVIAL_PATH}")
    assert response.status_code == 200
    assert response[QUERY_COUNT_HEADER] == "0"
    # The same middleware as every page: the security headers are there.
    assert "Content-Security-Policy" in response

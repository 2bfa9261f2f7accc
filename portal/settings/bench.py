"""`make bench` (bench/pages.py): production settings plus two things a visitor never
meets: a trivial view to compare pages with (bench/urls.py) and a response header that
counts each request's SQL queries (bench/serving.py). Nothing else differs, so the
figures are production's."""

from .production import *

ROOT_URLCONF = "bench.urls"
MIDDLEWARE = ["bench.serving.SQLQueryCountMiddleware", *MIDDLEWARE]

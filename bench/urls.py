"""The portal's URLs plus the benchmark's trivial view (bench/serving.py)."""

from django.urls import path

from bench.serving import TRIVIAL_PATH, trivial
from portal.urls import urlpatterns as portal_urlpatterns

urlpatterns = [path(TRIVIAL_PATH, trivial), *portal_urlpatterns]

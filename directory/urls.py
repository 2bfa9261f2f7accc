"""/groups/map.geojson: the one directory address that does not end in a slash, which
Wagtail's page routing cannot answer, so it is routed here to the directory page."""

from django.urls import re_path

from .views import map_geojson_at

urlpatterns = [
    re_path(
        r"^(?P<page_path>(?:[\w\-]+/)+)map\.geojson$", map_geojson_at, name="directory_map_geojson"
    ),
]

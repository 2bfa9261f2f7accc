"""The map's tile server: off unless the operator names one, and then allowed by the CSP."""

import json

from tests.support.environment import run_python

READ_MAP_SETTINGS = """
import json
from django.conf import settings as s
print(json.dumps({
    "MAP_TILE_URL": s.MAP_TILE_URL,
    "IMG_SRC": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
}))
"""
OSM_TILES = "https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png"


def map_settings(**variables):
    return run_python(
        "import django; django.setup()\n" + READ_MAP_SETTINGS,
        "portal.settings.test",
        **{"MAP_TILE_URL": "", "MAP_TILE_ATTRIBUTION": "", **variables},
    )


def test_no_tile_server_by_default_and_no_other_site_in_img_src():
    result = map_settings()
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["MAP_TILE_URL"] == ""
    assert values["IMG_SRC"] == ["'self'", "data:"]


def test_a_tile_server_is_allowed_by_the_content_security_policy():
    result = map_settings(MAP_TILE_URL=OSM_TILES)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout)
    assert values["MAP_TILE_URL"] == OSM_TILES
    assert values["IMG_SRC"] == ["'self'", "data:", "https://*.tile.openstreetmap.org"]


def test_a_tile_server_address_that_is_not_https_stops_the_start():
    for bad in ["http://tiles.example.org/{z}/{x}/{y}.png", "https://tiles.example.org/map.png"]:
        result = map_settings(MAP_TILE_URL=bad)
        assert result.returncode != 0
        assert "MAP_TILE_URL must be an https address with {z}, {x} and {y}" in result.stderr

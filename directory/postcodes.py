"""Postcodes and distances: pure logic, no database, so that it is tested on its own.

The directory works with postcode districts (the outward code: "E13", "BS10", "SW1A"),
never full addresses: a visitor may type a full postcode, and only its district is kept.
"""

import math
import re

from django.utils.translation import gettext_lazy as _

EARTH_RADIUS_MILES = 3958.8
# One degree of latitude, in miles (2πR / 360).
MILES_PER_DEGREE = 2 * math.pi * EARTH_RADIUS_MILES / 360

# An outward code: one or two letters, a digit, then an optional digit or letter (A9, A99,
# A9A, AA9, AA99, AA9A); an inward code: a digit and two letters.
POSTCODE = re.compile(r"^(?P<outward>[A-Z]{1,2}[0-9][A-Z0-9]?)(?P<inward>[0-9][A-Z]{2})?$")


class InvalidPostcode(ValueError):
    pass


def postcode_district(text):
    """The district of a full postcode or of a district, in capitals without spaces.

    "e13 9aa", "E139AA", " e13 " -> "E13"; "bs10" -> "BS10"; "SW1A 1AA" -> "SW1A".
    Raises InvalidPostcode for anything that is neither.
    """
    compact = re.sub(r"\s+", "", str(text or "")).upper()
    match = POSTCODE.match(compact)
    if not compact or not match:
        raise InvalidPostcode(text)
    return match["outward"]


def distance_miles(latitude1, longitude1, latitude2, longitude2):
    """Great-circle distance (haversine) between two points given in degrees."""
    phi1, phi2 = math.radians(latitude1), math.radians(latitude2)
    delta_phi = phi2 - phi1
    delta_lambda = math.radians(longitude2 - longitude1)
    a = (
        math.sin(delta_phi / 2) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(delta_lambda / 2) ** 2
    )
    return 2 * EARTH_RADIUS_MILES * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(latitude, longitude, radius_miles):
    """(min lat, max lat, min lon, max lon) enclosing a circle: a cheap prefilter that an
    index can answer before the exact distance is computed."""
    delta_latitude = radius_miles / MILES_PER_DEGREE
    # Degrees of longitude shrink towards the poles; the UK stays far from them.
    delta_longitude = radius_miles / (
        MILES_PER_DEGREE * max(math.cos(math.radians(latitude)), 0.01)
    )
    return (
        latitude - delta_latitude,
        latitude + delta_latitude,
        longitude - delta_longitude,
        longitude + delta_longitude,
    )


# The twelve nations and regions of the UK (the nine English regions of the ONS).
REGION_CHOICES = [
    ("north-east", _("North East")),
    ("north-west", _("North West")),
    ("yorkshire", _("Yorkshire and the Humber")),
    ("east-midlands", _("East Midlands")),
    ("west-midlands", _("West Midlands")),
    ("east", _("East of England")),
    ("london", _("London")),
    ("south-east", _("South East")),
    ("south-west", _("South West")),
    ("wales", _("Wales")),
    ("scotland", _("Scotland")),
    ("northern-ireland", _("Northern Ireland")),
]

# What the ONS Postcode Directory writes in its region (rgn) and country (ctry) columns;
# it gives Wales, Scotland and Northern Ireland a pseudo-region code.
ONS_REGION_CODES = {
    "E12000001": "north-east",
    "E12000002": "north-west",
    "E12000003": "yorkshire",
    "E12000004": "east-midlands",
    "E12000005": "west-midlands",
    "E12000006": "east",
    "E12000007": "london",
    "E12000008": "south-east",
    "E12000009": "south-west",
    "W99999999": "wales",
    "W92000004": "wales",
    "S99999999": "scotland",
    "S92000003": "scotland",
    "N99999999": "northern-ireland",
    "N92000002": "northern-ireland",
}

REGION_NAMES = {
    "north east": "north-east",
    "north west": "north-west",
    "yorkshire and the humber": "yorkshire",
    "yorkshire and humber": "yorkshire",
    "east midlands": "east-midlands",
    "west midlands": "west-midlands",
    "east of england": "east",
    "eastern": "east",
    "london": "london",
    "south east": "south-east",
    "south west": "south-west",
    "wales": "wales",
    "scotland": "scotland",
    "northern ireland": "northern-ireland",
}


def region_code(value):
    """Our region code for an ONS code, a region's name or our own code; "" when unknown
    or empty (a file may leave the region out), None when it names nothing we know."""
    value = (value or "").strip()
    if not value:
        return ""
    if value.upper() in ONS_REGION_CODES:
        return ONS_REGION_CODES[value.upper()]
    lowered = value.lower()
    if lowered in dict(REGION_CHOICES):
        return lowered
    return REGION_NAMES.get(lowered.replace("-", " "))

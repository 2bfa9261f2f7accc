"""manage.py import_postcodes FILE.csv: postcode districts and their coordinates.

Two kinds of CSV file are read, recognised by their header row:

- one row per district: a district column (`postcode_district`, `district`, `outcode` or
  `postcode`), `latitude` and `longitude`, and optionally `region` (a region's name, e.g.
  "South West", or an ONS code); the demo's file (demo/data/) is of this kind;
- the ONS Postcode Directory (ONSPD): one row per full postcode, with columns `pcds` (or
  `pcd`), `lat`, `long`, `rgn` and `doterm`. Its postcodes are grouped by district and
  each district placed at the average of its live postcodes; postcodes that ended
  (`doterm` set) or have no location (latitude 99.999999) are left out.

The whole file is read and checked before anything is written: a malformed file leaves
the table as it was. Importing the same file twice changes nothing.
"""

import csv
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from directory.models import PostcodeDistrict
from directory.postcodes import InvalidPostcode, postcode_district, region_code

DISTRICT_COLUMNS = [
    "postcode_district",
    "district",
    "outcode",
    "outward_code",
    "postcode",
    "pcds",
    "pcd",
    "pcd2",
]
LATITUDE_COLUMNS = ["latitude", "lat"]
LONGITUDE_COLUMNS = ["longitude", "long", "lon", "lng"]
REGION_COLUMNS = ["region", "rgn", "region_name"]
# The ONSPD's placeholder for a postcode with no grid reference.
NO_LOCATION_LATITUDE = 99.999999
# Great Britain, Northern Ireland, the Isle of Man and the Channel Islands fit in here.
UK_LATITUDES = (49.0, 61.5)
UK_LONGITUDES = (-8.7, 2.1)


def find_column(header, candidates):
    lowered = {name.strip().lower(): name for name in header}
    for candidate in candidates:
        if candidate in lowered:
            return lowered[candidate]
    return None


def read_districts(rows):
    """{district: (latitude, longitude, region)} from CSV rows; raises CommandError."""
    header = rows.fieldnames or []
    district_column = find_column(header, DISTRICT_COLUMNS)
    latitude_column = find_column(header, LATITUDE_COLUMNS)
    longitude_column = find_column(header, LONGITUDE_COLUMNS)
    region_column = find_column(header, REGION_COLUMNS)
    terminated_column = find_column(header, ["doterm"])
    missing = [
        name
        for name, column in [
            ("a postcode district column (postcode_district, outcode or pcds)", district_column),
            ("latitude (or lat)", latitude_column),
            ("longitude (or long)", longitude_column),
        ]
        if column is None
    ]
    if missing:
        raise CommandError("The file has no " + " and no ".join(missing) + " column.")

    sums = defaultdict(lambda: [0.0, 0.0, 0, {}])
    for line, row in enumerate(rows, start=2):
        if terminated_column and (row.get(terminated_column) or "").strip():
            continue
        try:
            district = postcode_district(row.get(district_column))
            latitude = float(row.get(latitude_column))
            longitude = float(row.get(longitude_column))
        except (InvalidPostcode, TypeError, ValueError):
            raise CommandError(
                f"Line {line}: expected a postcode or district and two numbers, found "
                f"{row.get(district_column)!r}, {row.get(latitude_column)!r}, "
                f"{row.get(longitude_column)!r}. Nothing was imported."
            ) from None
        if latitude == NO_LOCATION_LATITUDE:
            continue
        if not (
            UK_LATITUDES[0] <= latitude <= UK_LATITUDES[1]
            and UK_LONGITUDES[0] <= longitude <= UK_LONGITUDES[1]
        ):
            raise CommandError(
                f"Line {line}: {latitude}, {longitude} is not in the UK (are latitude and "
                "longitude swapped?). Nothing was imported."
            )
        region = region_code(row.get(region_column)) if region_column else ""
        if region is None:
            raise CommandError(
                f"Line {line}: unknown region {row.get(region_column)!r}. Nothing was imported."
            )
        totals = sums[district]
        totals[0] += latitude
        totals[1] += longitude
        totals[2] += 1
        if region:
            totals[3][region] = totals[3].get(region, 0) + 1
    if not sums:
        raise CommandError("The file holds no postcode with a location. Nothing was imported.")
    return {
        district: (
            round(latitude / count, 6),
            round(longitude / count, 6),
            max(regions, key=regions.get) if regions else "",
        )
        for district, (latitude, longitude, count, regions) in sums.items()
    }


class Command(BaseCommand):
    help = (
        "Import postcode districts with their coordinates from a CSV file (one row per "
        "district, or the ONS Postcode Directory). Safe to run again."
    )

    def add_arguments(self, parser):
        parser.add_argument("csv_file", help="path of the CSV file")

    def handle(self, csv_file, **options):
        try:
            with open(csv_file, newline="", encoding="utf-8-sig") as handle:
                districts = read_districts(csv.DictReader(handle))
        except OSError as error:
            raise CommandError(f"Cannot read {csv_file}: {error.strerror}") from None
        except (UnicodeDecodeError, csv.Error) as error:
            raise CommandError(f"{csv_file} is not a CSV text file ({error}).") from None

        existing = {
            district.outward_code: district
            for district in PostcodeDistrict.objects.filter(outward_code__in=districts)
        }
        to_create, to_update = [], []
        for code, (latitude, longitude, region) in districts.items():
            district = existing.get(code)
            if district is None:
                to_create.append(
                    PostcodeDistrict(
                        outward_code=code, latitude=latitude, longitude=longitude, region=region
                    )
                )
            elif (district.latitude, district.longitude, district.region) != (
                latitude,
                longitude,
                region or district.region,
            ):
                district.latitude, district.longitude = latitude, longitude
                district.region = region or district.region
                to_update.append(district)
        with transaction.atomic():
            PostcodeDistrict.objects.bulk_create(to_create, batch_size=1000)
            PostcodeDistrict.objects.bulk_update(
                to_update, ["latitude", "longitude", "region"], batch_size=1000
            )
        unchanged = len(districts) - len(to_create) - len(to_update)
        self.stdout.write(
            f"{len(districts)} postcode districts read: {len(to_create)} added, "
            f"{len(to_update)} updated, {unchanged} unchanged."
        )

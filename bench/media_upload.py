"""Upload-to-visible time of a 5 MB phone photo: admin upload to S3 until its rendition answers.

Run with `make bench`. It starts its own SeaweedFS and a throwaway PostgreSQL database
(TEST_DATABASE_URL's server, database name + "_bench"), uploads a 12-megapixel JPEG of
about 5 MB with GPS data through the admin as an editor would, opens a news post showing
it (which makes the renditions, as the first visitor does) and fetches the rendition from
S3. Prints each phase per round and the medians.
"""

import io
import os
import statistics
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "5"))
TARGET_BYTES = 5_000_000


def five_megabyte_photo():
    from PIL import ExifTags
    from PIL import Image as PILImage

    width, height = 4032, 3024  # a 12-megapixel phone camera
    noise = PILImage.frombytes(
        "RGB", (width // 4, height // 4), os.urandom(width // 4 * height // 4 * 3)
    ).resize((width, height), PILImage.BICUBIC)
    gradient = PILImage.linear_gradient("L").resize((width, height)).convert("RGB")
    picture = PILImage.blend(gradient, noise, 0.5)
    exif = PILImage.Exif()
    exif[0x0112] = 6
    exif[ExifTags.IFD.GPSInfo] = {1: "N", 2: (51.0, 44.0, 45.0), 3: "W", 4: (2.0, 12.0, 57.0)}
    for quality in range(90, 99):
        out = io.BytesIO()
        picture.save(out, "JPEG", quality=quality, exif=exif.tobytes())
        if out.tell() >= TARGET_BYTES:
            return out.getvalue()
    return out.getvalue()


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.files.base import ContentFile
    from django.db import connection
    from django.test import Client, override_settings
    from django.test.utils import setup_test_environment
    from django.urls import reverse

    from wagtail.images import get_image_model
    from wagtail.models import Collection

    from portal.seaweedfs import SeaweedFS

    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    server = SeaweedFS(tempfile.mkdtemp(prefix="bench-seaweedfs-")).start()
    try:
        with override_settings(
            STORAGES={**settings.STORAGES, "default": server.storage_settings()},
            TASKS={"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}},
        ):
            run_rounds(Client, ContentFile, reverse, get_image_model(), Collection)
    finally:
        server.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


def run_rounds(Client, ContentFile, reverse, Image, Collection):  # noqa: N803
    from PIL import Image as PILImage

    from home.pictures import FEATURE_RENDITIONS
    from tests.support.factories import (
        BlogIndexPageFactory,
        BlogPageFactory,
        make_member,
        make_site_home,
    )

    photo = five_megabyte_photo()
    print(f"photo: {len(photo) / 1_000_000:.2f} MB, 4032x3024 JPEG with GPS")
    blog = BlogIndexPageFactory(parent=make_site_home())
    client = Client()
    client.force_login(make_member("Editors"))
    visitor = Client()
    totals, phases = [], {"upload": [], "page": [], "fetch": []}
    for round_number in range(1, ROUNDS + 1):
        start = time.perf_counter()
        response = client.post(
            reverse("wagtailimages:add"),
            {
                "title": f"Meeting {round_number}",
                "file": ContentFile(photo, name=f"meeting-{round_number}.jpg"),
                "collection": Collection.get_first_root_node().pk,
            },
        )
        assert response.status_code == 302, response.content[:500]
        uploaded = time.perf_counter()
        image = Image.objects.get(title=f"Meeting {round_number}")
        with image.open_file() as stored:
            # A photo this size arrives as a temporary file on disk: stripped all the same.
            assert 0x8825 not in PILImage.open(stored).getexif(), "GPS left in the photo"
        post = BlogPageFactory(parent=blog, featured_image=image, featured_image_alt="Meeting")
        page_start = time.perf_counter()
        assert visitor.get(post.url).status_code == 200
        rendered = time.perf_counter()
        # The largest JPEG of those the post shows at its top (home/pictures.py).
        url = image.renditions.get(filter_spec=FEATURE_RENDITIONS[-1]).url
        with urllib.request.urlopen(url, timeout=10) as answer:  # noqa: S310 - loopback
            assert answer.status == 200
            answer.read()
        visible = time.perf_counter()
        phases["upload"].append(uploaded - start)
        phases["page"].append(rendered - page_start)
        phases["fetch"].append(visible - rendered)
        totals.append((uploaded - start) + (visible - page_start))
        print(
            f"round {round_number}: upload {uploaded - start:.2f} s, first page view "
            f"(renditions made) {rendered - page_start:.2f} s, rendition fetched "
            f"{visible - rendered:.3f} s, upload-to-visible {totals[-1]:.2f} s"
        )
    print(
        "median: "
        + ", ".join(f"{name} {statistics.median(values):.2f} s" for name, values in phases.items())
        + f", upload-to-visible {statistics.median(totals):.2f} s"
    )


if __name__ == "__main__":
    main()

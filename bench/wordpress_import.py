"""Time to import a WordPress export of 2,000 posts, and to run the same import again.

Run with `.venv/bin/python bench/wordpress_import.py` (BENCH_POSTS changes the number).
Like bench/media_upload.py it starts its own SeaweedFS and a throwaway PostgreSQL database
(TEST_DATABASE_URL's server, database name + "_bench"). The export mixes what a campaign
blog holds after years: Gutenberg and classic posts, captions, embeds, lists, quotes,
shortcodes, 20 categories, 200 tags, 5 authors and 20 photos from a media folder.
"""

import os
import sys
import tempfile
import time
from io import StringIO
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")

POSTS = int(os.environ.get("BENCH_POSTS", "2000"))
PHOTOS = 20


def generated_export():
    from tests.support.media_files import photo_with_location
    from tests.support.wordpress_wxr import AUTHORS, Item, attachment, wxr

    authors = AUTHORS + tuple((f"writer{n}", f"Writer {n}", "") for n in range(3))
    logins = [login for login, _name, _email in authors]
    categories = tuple((f"topic-{n}", f"Topic {n}", "") for n in range(20))
    tags = tuple((f"tag-{n}", f"Tag {n}") for n in range(200))
    items = [
        attachment(10_000 + n, f"2019/05/photo-{n}.jpg", alt=f"Photo {n}") for n in range(PHOTOS)
    ]
    uploads = "https://oldsite.example.org/wp-content/uploads/2019/05"
    for n in range(POSTS):
        photo = 10_000 + n % PHOTOS
        if n % 2:
            content = (
                f"<!-- wp:paragraph --><p>Report {n} of the “campaign” &amp; its week 💪.</p>"
                "<!-- /wp:paragraph -->\n"
                f'<!-- wp:image {{"id":{photo}}} --><figure class="wp-block-image">'
                f'<img src="{uploads}/photo-{n % PHOTOS}.jpg"'
                f' class="wp-image-{photo}" alt=""/><figcaption>At the stall</figcaption></figure>'
                "<!-- /wp:image -->\n"
                "<!-- wp:heading --><h2>What next</h2><!-- /wp:heading -->\n"
                "<!-- wp:list --><ul><li>Leaflets</li><li>Meetings</li></ul><!-- /wp:list -->\n"
                '<!-- wp:quote --><blockquote class="wp-block-quote"><p>Together.</p>'
                "<cite>A member</cite></blockquote><!-- /wp:quote -->"
            )
        else:
            content = (
                f"Classic post {n}, written in the old editor.\nWith a line break.\n\n"
                f'[caption id="attachment_{photo}"]<img class="wp-image-{photo}" src="x.jpg" />'
                " A caption[/caption]\n\n"
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ\n\n"
                '<p onclick="x()">Last paragraph with a [gallery-plugin id="3"] shortcode.</p>'
            )
        day = f"20{14 + n % 10}-{1 + n % 12:02d}-{1 + n % 28:02d}"
        items.append(
            Item(
                wp_id=n + 1,
                title=f"Campaign update number {n}",
                slug=f"campaign-update-{n}",
                content=content,
                date=f"{day} 10:00:00",
                date_gmt=f"{day} 10:00:00",
                creator=logins[n % len(logins)],
                categories=(categories[n % 20][:2],),
                tags=(tags[n % 200], tags[(n * 7) % 200]),
                meta={"_thumbnail_id": photo},
                comments=n % 4,
            )
        )
    media_dir = Path(tempfile.mkdtemp(prefix="bench-uploads-"))
    (media_dir / "2019" / "05").mkdir(parents=True)
    for n in range(PHOTOS):
        (media_dir / "2019" / "05" / f"photo-{n}.jpg").write_bytes(photo_with_location())
    export_path = media_dir.parent / f"{media_dir.name}.xml"
    export_path.write_bytes(wxr(items, authors=authors, categories=categories, tags=tags))
    return export_path, media_dir


def main():
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import setup_test_environment

    from portal.seaweedfs import SeaweedFS

    setup_test_environment()
    connection.settings_dict["TEST"]["NAME"] = f"{connection.settings_dict['NAME']}_bench"
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    server = SeaweedFS(tempfile.mkdtemp(prefix="bench-seaweedfs-")).start()
    try:
        with override_settings(
            STORAGES={**settings.STORAGES, "default": server.storage_settings()},
            # As in production: the import queues search indexing for the worker.
            TASKS={"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}},
        ):
            from tests.support.factories import BlogIndexPageFactory, make_site_home

            BlogIndexPageFactory(parent=make_site_home())
            export_path, media_dir = generated_export()
            size = export_path.stat().st_size / 1_000_000
            print(f"export: {POSTS} posts, {PHOTOS} photos, {size:.1f} MB")
            for label in ("first import", "second import (nothing changed)"):
                out = StringIO()
                start, cpu_start = time.perf_counter(), time.process_time()
                call_command(
                    "import_wordpress", str(export_path), "--media-dir", str(media_dir), stdout=out
                )
                elapsed, cpu = time.perf_counter() - start, time.process_time() - cpu_start
                summary = [line for line in out.getvalue().splitlines() if ": " in line][:5]
                # The machine's load says how much of the wall time was waiting for a CPU.
                load = os.getloadavg()[0]
                print(
                    f"{label}: {elapsed:.1f} s ({cpu:.1f} s of Python CPU, load {load:.1f}; "
                    f"{'; '.join(summary)})"
                )
    finally:
        server.stop()
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

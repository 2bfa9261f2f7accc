"""`manage.py backup` and `manage.py restore`: a round trip into an empty database and an
empty bucket loses nothing (row counts of every table, the page tree, every object's
checksum), on PostgreSQL and SeaweedFS, through a folder and through an S3 prefix.

Each test has a bucket of its own: the suite's shared bucket holds every other test's media,
and a backup copies every object in its bucket.
"""

import hashlib
import io
import json
import subprocess
import sys
import uuid

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file

import psycopg
import pytest

from home.models import StandardPage
from portal.storage import apply_public_read_policy
from tests.support import media_files
from tests.support.bulk_pages import bulk_add_children
from tests.support.environment import clean_environment
from tests.support.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    ContactFormFieldFactory,
    ContactPageFactory,
    FormSubmissionFactory,
    JoinRequestFactory,
    WorkingGroupIndexPageFactory,
    WorkingGroupPageFactory,
    make_site_home,
)
from tests.support.paths import PROJECT_DIR

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def own_bucket(media_on_s3, settings):
    """The test's media go to a new, empty bucket of their own (public-read policy as in
    production); its name."""
    name = f"backup-source-{uuid.uuid4().hex[:10]}"
    client = media_on_s3.client()
    client.create_bucket(Bucket=name)
    apply_public_read_policy(client, name)
    storage = media_on_s3.storage_settings()
    storage["OPTIONS"] = {**storage["OPTIONS"], "bucket_name": name}
    settings.STORAGES = {**settings.STORAGES, "default": storage}
    return name


@pytest.fixture
def some_media(own_bucket):
    """A picture and a document; the bucket's name."""
    get_image_model().objects.create(title="Rally", file=get_test_image_file("rally.png"))
    document = get_document_model()(title="Minutes")
    document.file.save("minutes.pdf", ContentFile(media_files.PDF), save=True)
    return own_bucket


@pytest.fixture
def content(some_media):
    """A small site of every kind of row a backup must keep: pages in a tree (published
    with revisions, a picture with its renditions and share card), snippets of a working
    group, a form page with its fields, and personal records (a form entry, a request to
    join a group); the bucket's name."""
    home = make_site_home(title="Home")
    picture = get_image_model().objects.get(title="Rally")
    news = BlogIndexPageFactory(parent=home)
    post = BlogPageFactory(
        parent=news, featured_image=picture, featured_image_alt="Placards at a rally"
    )
    # Published as an editor publishes: a revision, the renditions and the share card.
    post.save_revision().publish()
    groups = WorkingGroupIndexPageFactory(parent=home)
    group = WorkingGroupPageFactory(parent=groups)
    contact = ContactPageFactory(parent=home)
    ContactFormFieldFactory(page=contact, label="Your email address", field_type="email")
    FormSubmissionFactory(page=contact, form_data={"your_email_address": "someone@example.net"})
    JoinRequestFactory(group=group)
    bulk_add_children(
        home,
        [StandardPage(title=f"Page {number}", slug=f"page-{number}") for number in range(6)],
    )
    return some_media


def postgres_connection(dbname):
    database = connection.settings_dict
    return psycopg.connect(
        host=database["HOST"] or "127.0.0.1",
        port=database["PORT"] or 5432,
        user=database["USER"] or "postgres",
        password=database["PASSWORD"] or None,
        dbname=dbname,
        autocommit=True,
    )


def database_state(dbname):
    """Rows per table and the page tree, read straight from PostgreSQL."""
    with postgres_connection(dbname) as db:
        tables = [
            row[0]
            for row in db.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
            )
        ]
        count = 'SELECT count(*) FROM "{}"'
        counts = {table: db.execute(count.format(table)).fetchone()[0] for table in tables}
        tree = (
            db.execute(
                "SELECT path, depth, title, slug, live, url_path"
                " FROM wagtailcore_page ORDER BY path"
            ).fetchall()
            if "wagtailcore_page" in tables
            else []
        )
    return counts, tree


def bucket_state(s3, bucket):
    """Every object's key and SHA-256."""
    client = s3.client()
    state = {}
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=bucket):
        for item in page.get("Contents", []):
            body = client.get_object(Bucket=bucket, Key=item["Key"])["Body"].read()
            state[item["Key"]] = hashlib.sha256(body).hexdigest()
    return state


@pytest.fixture
def empty_site(s3_server):
    """An empty database and an empty bucket, and the environment that points a portal
    at them."""
    name = f"restore_{uuid.uuid4().hex[:10]}"
    with postgres_connection("postgres") as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    s3_server.client().create_bucket(Bucket=name.replace("_", "-"))
    database = connection.settings_dict
    environment = {
        **s3_server.environment(),
        "AWS_STORAGE_BUCKET_NAME": name.replace("_", "-"),
        "DATABASE_URL": (
            f"postgres://{database['USER'] or 'postgres'}@{database['HOST'] or '127.0.0.1'}:"
            f"{database['PORT'] or 5432}/{name}"
        ),
    }
    yield {"database": name, "bucket": name.replace("_", "-"), "environment": environment}
    with postgres_connection("postgres") as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(*arguments, environment):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=PROJECT_DIR,
        env=clean_environment(DJANGO_SETTINGS_MODULE="portal.settings.dev", **environment),
        capture_output=True,
        text=True,
        timeout=300,
    )


def source_state(s3, bucket):
    return database_state(connection.settings_dict["NAME"]), bucket_state(s3, bucket)


def test_a_backup_in_a_folder_restores_into_an_empty_site_with_nothing_lost(
    content, empty_site, s3_server, tmp_path
):
    destination = tmp_path / "backup"
    out = io.StringIO()
    call_command("backup", str(destination), stdout=out)
    assert "Backup written" in out.getvalue()
    (counts, tree), objects = source_state(s3_server, content)
    manifest = json.loads((destination / "manifest.json").read_text())
    assert {item["key"] for item in manifest["media"]} == set(objects)
    assert any(key.startswith("documents/") for key in objects)
    assert any(key.startswith("original_images/") for key in objects)

    restored = manage("restore", str(destination), environment=empty_site["environment"])
    assert restored.returncode == 0, restored.stderr
    restored_counts, restored_tree = database_state(empty_site["database"])
    assert restored_counts == counts
    assert counts["wagtailcore_page"] > 10
    assert restored_tree == tree
    assert bucket_state(s3_server, empty_site["bucket"]) == objects


def test_a_backup_under_an_s3_prefix_round_trips_too(content, empty_site, s3_server):
    s3_server.client().create_bucket(Bucket="portal-backups")
    destination = f"s3://portal-backups/nightly-{uuid.uuid4().hex[:6]}"
    call_command("backup", destination, stdout=io.StringIO())
    (counts, tree), objects = source_state(s3_server, content)
    restored = manage("restore", destination, environment=empty_site["environment"])
    assert restored.returncode == 0, restored.stderr
    assert database_state(empty_site["database"]) == (counts, tree)
    assert bucket_state(s3_server, empty_site["bucket"]) == objects


def test_a_damaged_backup_restores_nothing(some_media, empty_site, s3_server, tmp_path):
    destination = tmp_path / "backup"
    call_command("backup", str(destination), stdout=io.StringIO())
    document_key = next(
        item["key"]
        for item in json.loads((destination / "manifest.json").read_text())["media"]
        if item["key"].startswith("documents/")
    )
    damaged = destination / "media" / document_key
    damaged.write_bytes(damaged.read_bytes()[:-1] + b"X")
    restored = manage("restore", str(destination), environment=empty_site["environment"])
    assert restored.returncode != 0
    assert "does not match its checksum: nothing restored" in restored.stderr
    assert database_state(empty_site["database"])[0] == {}
    assert bucket_state(s3_server, empty_site["bucket"]) == {}


def test_a_restore_never_overwrites_a_site_in_use_unless_told_to(some_media, tmp_path):
    destination = tmp_path / "backup"
    call_command("backup", str(destination), stdout=io.StringIO())
    with pytest.raises(Exception, match="The database is not empty"):
        call_command("restore", str(destination), stdout=io.StringIO())
    # Nor is a backup written over another.
    with pytest.raises(Exception, match="is not empty"):
        call_command("backup", str(destination), stdout=io.StringIO())
    assert default_storage.exists(get_document_model().objects.get().file.name)


def test_the_embedded_sqlite_site_round_trips_with_its_media_folder(tmp_path):
    """`make run`'s SQLite database and local media folder (no S3), in subprocesses."""
    import sqlite3

    source_db, source_media = tmp_path / "site.sqlite3", tmp_path / "media"
    with sqlite3.connect(source_db) as db:
        db.execute("CREATE TABLE django_migrations (id integer primary key, name text)")
        db.execute("CREATE TABLE notes (id integer primary key, body text)")
        db.executemany("INSERT INTO django_migrations (name) VALUES (?)", [("0001",), ("0002",)])
        db.executemany("INSERT INTO notes (body) VALUES (?)", [("Café ☕",), ("x" * 10_000,)])
    (source_media / "documents" / "abc").mkdir(parents=True)
    (source_media / "documents" / "abc" / "minutes.pdf").write_bytes(media_files.PDF)
    local = {"DATABASE_URL": f"sqlite:///{source_db}", "MEDIA_ROOT": str(source_media)}
    backed_up = manage("backup", str(tmp_path / "backup"), environment=local)
    assert backed_up.returncode == 0, backed_up.stderr

    target_db, target_media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    restored = manage(
        "restore",
        str(tmp_path / "backup"),
        environment={"DATABASE_URL": f"sqlite:///{target_db}", "MEDIA_ROOT": str(target_media)},
    )
    assert restored.returncode == 0, restored.stderr
    with sqlite3.connect(target_db) as db:
        assert db.execute("SELECT body FROM notes ORDER BY id").fetchall() == [
            ("Café ☕",),
            ("x" * 10_000,),
        ]
        assert db.execute("SELECT count(*) FROM django_migrations").fetchone() == (2,)
    assert (target_media / "documents" / "abc" / "minutes.pdf").read_bytes() == media_files.PDF

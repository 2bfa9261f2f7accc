"""Back up and restore everything the portal keeps: the database and the media objects.

A backup is a folder, on disk or under an s3:// prefix:

    manifest.json      what is in it: the database file and its checksum, the row count
                       of every table, and every media object's key, size and SHA-256
    database.dump      PostgreSQL: `pg_dump --format=custom` (restored with pg_restore)
    database.sqlite3   SQLite: a copy made with SQLite's online backup
    media/<key>        every object of the media storage (S3 bucket or media folder)

The row counts and the dump come from one snapshot of the database (PostgreSQL: the dump
runs inside the transaction that counted), so a backup taken while people edit is
consistent. A restore checks every checksum before it writes anything, and checks the
row counts after.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.core.files.storage import default_storage
from django.db import connection, transaction

import boto3
from botocore.config import Config

from portal.storage import uses_s3

MANIFEST = "manifest.json"
FORMAT_VERSION = 1
CHUNK = 1024 * 1024


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


def sha256_of(path):
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for chunk in iter(lambda: stream.read(CHUNK), b""):
            digest.update(chunk)
    return digest.hexdigest()


# Where a backup lives: a folder, or a prefix of an S3 bucket.


class FolderLocation:
    def __init__(self, path):
        self.path = Path(path)

    def __str__(self):
        return str(self.path)

    def is_empty(self):
        return not self.path.exists() or not any(self.path.iterdir())

    def exists(self, name):
        return (self.path / name).is_file()

    def put(self, name, local_path):
        target = self.path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(local_path, target)

    def fetch(self, name, local_path):
        if not self.exists(name):
            raise BackupError(f"{self} has no {name}: is it a backup made by `manage.py backup`?")
        shutil.copyfile(self.path / name, local_path)


def s3_client():
    """A client for backups on S3: the BACKUP_S3_* settings, else those of the media
    storage (its endpoint and credentials)."""
    media = default_storage if uses_s3() else None
    return boto3.client(
        "s3",
        endpoint_url=settings.BACKUP_S3_ENDPOINT_URL or getattr(media, "endpoint_url", None),
        aws_access_key_id=settings.BACKUP_AWS_ACCESS_KEY_ID or getattr(media, "access_key", None),
        aws_secret_access_key=(
            settings.BACKUP_AWS_SECRET_ACCESS_KEY or getattr(media, "secret_key", None)
        ),
        region_name=getattr(media, "region_name", None) or settings.AWS_S3_REGION_NAME or None,
        config=Config(
            signature_version="s3v4",
            s3={"addressing_style": "path"},
            connect_timeout=5,
            read_timeout=60,
            retries={"total_max_attempts": 3, "mode": "standard"},
        ),
    )


class S3Location:
    def __init__(self, url):
        parts = urlsplit(url)
        if not parts.netloc:
            raise BackupError(f"{url}: an S3 backup is named s3://BUCKET/PREFIX")
        self.bucket = parts.netloc
        self.prefix = parts.path.strip("/")
        self.client = s3_client()

    def __str__(self):
        return f"s3://{self.bucket}/{self.prefix}"

    def key(self, name):
        return f"{self.prefix}/{name}" if self.prefix else name

    def is_empty(self):
        listing = self.client.list_objects_v2(Bucket=self.bucket, Prefix=self.key(""), MaxKeys=1)
        return listing.get("KeyCount", 0) == 0

    def exists(self, name):
        try:
            self.client.head_object(Bucket=self.bucket, Key=self.key(name))
        except self.client.exceptions.ClientError:
            return False
        return True

    def put(self, name, local_path):
        self.client.upload_file(str(local_path), self.bucket, self.key(name))

    def fetch(self, name, local_path):
        if not self.exists(name):
            raise BackupError(f"{self} has no {name}: is it a backup made by `manage.py backup`?")
        self.client.download_file(self.bucket, self.key(name), str(local_path))


def location(address):
    return S3Location(address) if address.startswith("s3://") else FolderLocation(address)


# The media storage: every object, read and written under its exact key.


def media_keys(storage=None):
    storage = storage or default_storage
    if uses_s3(storage):
        for item in storage.bucket.objects.all():
            yield item.key
        return
    root = Path(storage.location)
    if root.exists():
        for path in sorted(root.rglob("*")):
            if path.is_file():
                yield path.relative_to(root).as_posix()


def download_media(key, local_path, storage=None):
    storage = storage or default_storage
    if uses_s3(storage):
        storage.bucket.download_file(key, str(local_path))
    else:
        shutil.copyfile(Path(storage.location) / key, local_path)


def upload_media(key, local_path, storage=None):
    storage = storage or default_storage
    if uses_s3(storage):
        storage.bucket.upload_file(str(local_path), key)
    else:
        target = Path(storage.location) / key
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(local_path, target)


# The database.


def table_row_counts(cursor, tables):
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT count(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608
        counts[table] = cursor.fetchone()[0]
    return counts


def postgres_environment():
    database = connection.settings_dict
    environment = {**os.environ}
    for variable, key in (
        ("PGHOST", "HOST"),
        ("PGPORT", "PORT"),
        ("PGUSER", "USER"),
        ("PGPASSWORD", "PASSWORD"),
        ("PGDATABASE", "NAME"),
    ):
        if database.get(key):
            environment[variable] = str(database[key])
    return environment


def run_tool(command, what):
    try:
        result = subprocess.run(  # noqa: S603 - fixed PostgreSQL tools, arguments we built
            command, env=postgres_environment(), capture_output=True, text=True, check=False
        )
    except FileNotFoundError as error:
        raise BackupError(
            f"{command[0]} is not installed: install PostgreSQL's client tools "
            "(Debian: apt-get install postgresql-client) of the server's major version."
        ) from error
    if result.returncode != 0:
        raise BackupError(f"{what} failed: {result.stderr.strip()}")


def dump_database(folder):
    """Write the database into `folder`; return (file name, row counts)."""
    vendor = connection.vendor
    if vendor == "postgresql":
        target = folder / "database.dump"
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = table_row_counts(cursor, connection.introspection.table_names(cursor))
            run_tool(
                [
                    "pg_dump",
                    "--format=custom",
                    "--no-owner",
                    "--no-privileges",
                    f"--snapshot={snapshot}",
                    f"--file={target}",
                ],
                "pg_dump",
            )
        return target.name, counts
    if vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        copy = sqlite3.connect(target)
        try:
            connection.connection.backup(copy)
            tables = [
                row[0]
                for row in copy.execute(
                    "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'"
                )
            ]
            counts = {
                table: copy.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
                for table in sorted(tables)
            }
        finally:
            copy.close()
        return target.name, counts
    raise BackupError(f"Backing up a {vendor} database is not supported (PostgreSQL or SQLite).")


def database_has_data():
    with connection.cursor() as cursor:
        tables = connection.introspection.table_names(cursor)
        if "django_migrations" not in tables:
            return False
        cursor.execute("SELECT count(*) FROM django_migrations")
        return cursor.fetchone()[0] > 0


def load_database(path, vendor):
    if vendor != connection.vendor:
        raise BackupError(
            f"The backup holds a {vendor} database; this site runs on {connection.vendor}."
        )
    if vendor == "postgresql":
        connection.close()
        run_tool(
            [
                "pg_restore",
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                f"--dbname={connection.settings_dict['NAME']}",
                str(path),
            ],
            "pg_restore",
        )
        return
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()
    connection.close()


# The two operations.


@contextmanager
def staging():
    with tempfile.TemporaryDirectory(prefix="portal-backup-") as folder:
        yield Path(folder)


def backup(destination, log=print):
    target = location(destination)
    if not target.is_empty():
        raise BackupError(f"{target} is not empty: back up into a new folder or prefix.")
    with staging() as folder:
        database_file, counts = dump_database(folder)
        manifest = {
            "format": FORMAT_VERSION,
            "created": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {
                "vendor": connection.vendor,
                "file": database_file,
                "sha256": sha256_of(folder / database_file),
                "row_counts": counts,
            },
            "media": [],
        }
        target.put(database_file, folder / database_file)
        log(f"Database: {sum(counts.values())} rows in {len(counts)} tables")
        object_path = folder / "object"
        for key in media_keys():
            download_media(key, object_path)
            manifest["media"].append(
                {"key": key, "size": object_path.stat().st_size, "sha256": sha256_of(object_path)}
            )
            target.put(f"media/{key}", object_path)
        log(f"Media: {len(manifest['media'])} objects")
        manifest_path = folder / MANIFEST
        manifest_path.write_text(json.dumps(manifest, indent=1))
        # Last: a backup without its manifest is visibly incomplete.
        target.put(MANIFEST, manifest_path)
    return manifest


def restore(source, replace=False, log=print):
    origin = location(source)
    with staging() as folder:
        origin.fetch(MANIFEST, folder / MANIFEST)
        manifest = json.loads((folder / MANIFEST).read_text())
        if manifest.get("format") != FORMAT_VERSION:
            raise BackupError(
                f"{origin} is a backup of an unknown format: {manifest.get('format')}"
            )
        if database_has_data() and not replace:
            raise BackupError(
                "The database is not empty: restore into an empty one, or pass --replace to "
                "overwrite what it holds with the backup."
            )
        database = manifest["database"]
        database_path = folder / database["file"]
        origin.fetch(database["file"], database_path)
        if sha256_of(database_path) != database["sha256"]:
            raise BackupError(f"{database['file']} does not match its checksum: nothing restored.")
        # Every object is fetched and checked before anything is written.
        objects = folder / "media"
        for number, item in enumerate(manifest["media"]):
            local = objects / str(number)
            local.parent.mkdir(exist_ok=True)
            origin.fetch(f"media/{item['key']}", local)
            if sha256_of(local) != item["sha256"]:
                raise BackupError(
                    f"media/{item['key']} does not match its checksum: nothing restored."
                )
        load_database(database_path, database["vendor"])
        with connection.cursor() as cursor:
            restored = table_row_counts(cursor, database["row_counts"])
        if restored != database["row_counts"]:
            different = sorted(
                table for table in restored if restored[table] != database["row_counts"][table]
            )
            raise BackupError(f"After the restore these tables differ from the backup: {different}")
        log(f"Database: {sum(restored.values())} rows in {len(restored)} tables")
        for number, item in enumerate(manifest["media"]):
            upload_media(item["key"], objects / str(number))
        log(f"Media: {len(manifest['media'])} objects")
    return manifest

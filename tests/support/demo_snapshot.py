"""`load_demo` made once, then copied: the rows and media files of the real command's run,
put back when a later test asks for the demo on a database in the same state.

The real command takes about 16 s (it draws pictures, makes renditions and share cards,
indexes pages and translates them through wagtail-localize), and some thirty tests need its
content without being about it. So, during the suite:

- The first call on a database in a given state runs the real command and records what
  it changed: the whole contents of every table whose contents changed (PostgreSQL COPY),
  the media files those rows name, and what it printed and logged.
- A later call replays that recording only when the replay is exactly what the real
  command would make: every table's contents are the same as before the recorded run (one
  checksum per table; many-to-many links compared without their ids), and so are the
  settings, the options, the day and the kind of transaction (a test's or none); a run
  that sent email is never replayed. The changed tables get the recorded rows (in one
  transaction; foreign keys are checked as for any other write), the sequences move past
  them, any media file since deleted from the bucket is written back under its key, what
  the run left waiting for the test's commit waits again, the cache is emptied (the real
  run's signals drop the cached site root paths, share cards and pages) and the recorded
  output and log lines come out again.
- Anything else runs the real command: a database the test has already changed, other
  settings, another day, --with-admin on a different state...

The tests of load_demo itself replay like any other: what they assert of a first run holds
of its recording, and their second runs, on the demo, are always real. A test that changes
what load_demo does by patching code (not settings) must say `@pytest.mark.real_load_demo`.
"""

import hashlib
import io
import logging
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection, models, transaction
from django.utils import timezone
from django.utils.functional import LazyObject, empty

# A recording older than this is made again: the demo's dates follow the clock.
FRESH_FOR = timedelta(hours=1)

replay_allowed = True


@dataclass
class Recording:
    tables: dict  # table -> COPY text of its whole contents after the run
    media: list  # (storage, name, bytes)
    output: str
    log_records: list
    commit_hooks: list  # (callable, robust) the run left waiting for the test's commit
    made_at: object


@dataclass
class Recorder:
    """The recordings of one session, by the state they start from."""

    recordings: dict = field(default_factory=dict)
    refused: set = field(default_factory=set)
    replays: int = 0
    runs: int = 0


recorder = Recorder()


def quote(name):
    return connection.ops.quote_name(name)


def public_tables(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1")
    return [row[0] for row in cursor.fetchall()]


def link_tables():
    """{table: its columns but the id} of the many-to-many link tables: their ids are new
    whenever the links are saved again (as after a transactional test's flush)."""
    return {
        model._meta.db_table: [
            field.column for field in model._meta.local_concrete_fields if not field.primary_key
        ]
        for model in apps.get_models(include_auto_created=True)
        if model._meta.auto_created
    }


def table_checksums(cursor):
    """{table: md5 of its whole contents}, in one query."""
    tables = public_tables(cursor)
    links = link_tables()

    def rows(table):
        if table in links:
            return "(" + ", ".join(f"r.{quote(column)}" for column in links[table]) + ")"
        return "r"

    cursor.execute(
        " UNION ALL ".join(
            f"SELECT %s, md5(coalesce(string_agg({rows(table)}::text, E'\\n'"  # noqa: S608
            f" ORDER BY {rows(table)}::text), '')) FROM {quote(table)} r"
            for table in tables
        ),
        tables,
    )
    return dict(cursor.fetchall())


def settings_signature():
    values = []
    for name in sorted(dir(settings)):
        if name.isupper():
            value = getattr(settings, name)
            if isinstance(value, LazyObject):
                # Its repr changes once something reads it: compare what it stands for.
                if value._wrapped is empty:
                    value._setup()
                value = value._wrapped
            values.append(f"{name}={value!r}")
    return hashlib.sha256("\n".join(values).encode()).hexdigest()


def state_key(cursor, options):
    checksums = table_checksums(cursor)
    shown_options = sorted(
        (name, repr(value)) for name, value in options.items() if name not in ("stdout", "stderr")
    )
    key = (
        hashlib.sha256(repr(sorted(checksums.items())).encode()).hexdigest(),
        settings_signature(),
        repr(shown_options),
        timezone.localdate().isoformat(),
        connection.in_atomic_block,
    )
    return key, checksums


def copy_out(cursor, table):
    with cursor.cursor.copy(f"COPY {quote(table)} TO STDOUT") as copy:
        return b"".join(bytes(chunk) for chunk in copy)


def copy_in(cursor, table, data):
    with cursor.cursor.copy(f"COPY {quote(table)} FROM STDIN") as copy:
        copy.write(data)


def file_fields_by_table():
    found = {}
    for model in apps.get_models():
        fields = [f for f in model._meta.local_concrete_fields if isinstance(f, models.FileField)]
        if fields:
            found.setdefault(model._meta.db_table, []).extend((model, f) for f in fields)
    return found


def media_named_by(tables):
    """(storage, name, bytes) of every file the rows of `tables` name."""
    wanted = []
    for table, model_fields in file_fields_by_table().items():
        if table not in tables:
            continue
        for model, file_field in model_fields:
            names = model._base_manager.exclude(**{file_field.attname: ""}).values_list(
                file_field.attname, flat=True
            )
            wanted.extend((file_field.storage, name) for name in names if name)

    def read(item):
        storage, name = item
        with storage.open(name, "rb") as stored:
            return storage, name, stored.read()

    with ThreadPoolExecutor(8) as pool:
        return list(pool.map(read, wanted))


def put_back_missing_media(media):
    def put_back(item):
        storage, name, data = item
        if not storage.exists(name):
            # _save, not save: the key must stay exactly the one the rows name.
            saved = storage._save(name, ContentFile(data))
            if saved != name:
                raise RuntimeError(f"demo media {name} came back as {saved}")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(put_back, media))


def sequences_of(cursor, tables):
    """[(sequence, table, column)] of the identity and serial columns of `tables`."""
    cursor.execute(
        "SELECT s.relname, t.relname, a.attname FROM pg_class s"
        " JOIN pg_depend d ON d.objid = s.oid AND d.classid = 'pg_class'::regclass"
        " AND d.refclassid = 'pg_class'::regclass"
        " JOIN pg_class t ON t.oid = d.refobjid"
        " JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = d.refobjsubid"
        " WHERE s.relkind = 'S' AND t.relnamespace = 'public'::regnamespace"
        " AND t.relname = ANY(%s)",
        [list(tables)],
    )
    return cursor.fetchall()


class LogRecords(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.records = []

    def emit(self, record):
        self.records.append(record)


@contextmanager
def logs_recorded():
    handler = LogRecords()
    root = logging.getLogger()
    root.addHandler(handler)
    try:
        yield handler.records
    finally:
        root.removeHandler(handler)


class Tee(io.TextIOBase):
    def __init__(self, *streams):
        self.streams = streams

    def write(self, text):
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self):
        for stream in self.streams:
            stream.flush()

    def isatty(self):
        return self.streams[0].isatty()


def run_and_record(command, real_handle, key, before, args, options):
    outbox_before = len(getattr(mail, "outbox", []))
    commit_hooks_before = len(connection.run_on_commit)
    printed = io.StringIO()
    original_out = command.stdout._out
    command.stdout._out = Tee(original_out, printed)
    try:
        with logs_recorded() as log_records:
            result = real_handle(command, *args, **options)
    finally:
        command.stdout._out = original_out
    recorder.runs += 1
    if len(getattr(mail, "outbox", [])) != outbox_before:
        recorder.refused.add(key)
        return result
    with connection.cursor() as cursor:
        after = table_checksums(cursor)
        changed = sorted(table for table in after if after[table] != before.get(table))
        tables = {table: copy_out(cursor, table) for table in changed}
    recorder.recordings[key] = Recording(
        tables=tables,
        media=media_named_by(tables),
        output=printed.getvalue(),
        log_records=log_records,
        commit_hooks=[
            (hook, robust)
            for _savepoints, hook, robust in connection.run_on_commit[commit_hooks_before:]
        ],
        made_at=timezone.now(),
    )
    return result


def replay(command, recording):
    with transaction.atomic(), connection.cursor() as cursor:
        for table in recording.tables:
            cursor.execute(f"DELETE FROM {quote(table)}")  # noqa: S608
        for table, data in recording.tables.items():
            copy_in(cursor, table, data)
        for sequence, table, column in sequences_of(cursor, recording.tables):
            cursor.execute(
                f"SELECT setval(%s, GREATEST((SELECT last_value FROM {quote(sequence)}),"  # noqa: S608
                f" (SELECT coalesce(max({quote(column)}), 1) FROM {quote(table)})))",
                [quote(sequence)],
            )
    for hook, robust in recording.commit_hooks:
        transaction.on_commit(hook, robust=robust)
    put_back_missing_media(recording.media)
    cache.clear()
    for record in recording.log_records:
        logging.getLogger(record.name).handle(record)
    command.stdout._out.write(recording.output)
    recorder.replays += 1


def recorded_handle(real_handle):
    def handle(command, *args, **options):
        if connection.vendor != "postgresql":
            return real_handle(command, *args, **options)
        with connection.cursor() as cursor:
            key, before = state_key(cursor, options)
        recording = recorder.recordings.get(key)
        if recording is not None and replay_allowed:
            age = timezone.now() - recording.made_at
            if timedelta(0) <= age <= FRESH_FOR:
                return replay(command, recording)
        if key in recorder.refused:
            return real_handle(command, *args, **options)
        return run_and_record(command, real_handle, key, before, args, options)

    return handle


@contextmanager
def installed():
    from demo.management.commands.load_demo import Command

    real_handle = Command.handle
    Command.handle = recorded_handle(real_handle)
    try:
        yield recorder
    finally:
        Command.handle = real_handle

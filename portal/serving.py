"""The web server in production: gunicorn (`gunicorn.conf.py` at the root) around portal.wsgi.

What gunicorn's configuration needs from the project lives here, so that it is tested
like the rest: how many workers a machine gets, the start-up refusal of a server whose
static files were not collected with the production settings, what the master closes
before it forks its workers, and an access log that never writes a visitor's token or
email address. Django is imported inside the functions: gunicorn reads its configuration
before any settings are loaded.
"""

import os
import re

from gunicorn.glogging import Logger

COLLECTSTATIC_COMMAND = (
    "DJANGO_SETTINGS_MODULE=portal.settings.production "
    ".venv/bin/python manage.py collectstatic --noinput"
)


def default_workers(cores=None):
    """One worker process per core, and at least two.

    Not gunicorn's usual 2 x cores + 1: a page costs the CPU 10-30 ms of Python for a few
    ms of waiting on PostgreSQL and Redis, so processes beyond the cores only queue for the
    same CPU (which a small server shares with PostgreSQL and the background worker),
    while each holds 100-150 MB. Each worker's second thread (`threads` in
    gunicorn.conf.py) fills the waits instead. Two at least, so that one worker being
    replaced (max_requests) or busy with a slow upload never leaves the site with none.
    """
    cores = cores or os.cpu_count() or 1
    return max(2, cores)


def check_static_files_manifest():
    """Refuse to serve when the static files were not collected for production.

    The production settings name every static file by its hashed name from the manifest
    `collectstatic` writes (staticfiles.json in STATIC_ROOT). Without it, or with one made
    before a file was added (an upgrade without collectstatic), every page that links the
    file answers 500; `collectstatic` run with the development settings copies the files
    but writes no manifest. Better not to start, saying what to run.
    """
    from django.conf import settings
    from django.contrib.staticfiles.finders import get_finders
    from django.contrib.staticfiles.storage import ManifestFilesMixin, staticfiles_storage
    from django.core.exceptions import ImproperlyConfigured

    if not isinstance(staticfiles_storage, ManifestFilesMixin):
        return
    manifest = os.path.join(settings.STATIC_ROOT, staticfiles_storage.manifest_name)
    if staticfiles_storage.read_manifest() is None:
        raise ImproperlyConfigured(
            f"The static files manifest {manifest} is missing, so every page would answer "
            "500. Collect the static files with the production settings: "
            f"{COLLECTSTATIC_COMMAND} (with the development settings collectstatic writes "
            "no manifest)."
        )
    collected = staticfiles_storage.hashed_files
    missing = sorted(
        path
        for finder in get_finders()
        for path, _storage in finder.list(["CVS", ".*", "*~"])
        if path not in collected
    )
    if missing:
        raise ImproperlyConfigured(
            f"The static files manifest {manifest} is out of date: {len(missing)} files are "
            f"not in it (e.g. {missing[0]}), so the pages that use them would answer 500. "
            f"Collect the static files again: {COLLECTSTATIC_COMMAND}"
        )


def close_connections_before_fork():
    """Close what importing the site opened in gunicorn's master (preload_app).

    A worker inherits its master's open sockets: two workers talking on one PostgreSQL
    or S3 connection mix each other's answers. Each worker opens its own on first use.
    (redis-py notices a fork and makes a new pool by itself.)
    """
    from django.core.files.storage import default_storage
    from django.db import connections

    from portal.storage import uses_s3

    connections.close_all()
    if uses_s3(default_storage):
        # The client stays usable: botocore's close() empties its pool of connections.
        default_storage.connection.meta.client.close()


# Paths that carry a secret: the consent withdrawal link (a signed, readable copy of the
# person's email address) and the admin's password reset link. Their secret part is
# written as "…"; tests/test_production_serving.py checks these against the real URLs.
SECRET_PATHS = [
    re.compile(r"^((?:/[a-z]{2})?/consent/withdraw/)[^/]+"),
    re.compile(r"^(/admin/password_reset/confirm/)[^/]+/[^/]+"),
]


def redacted_path(path):
    for pattern in SECRET_PATHS:
        path = pattern.sub(r"\1…", path)
    return path


class AccessLogger(Logger):
    """gunicorn's logger, whose access log never holds a secret a visitor was given.

    Query strings are left out (the event cancellation link has its token there, searches
    and forms may hold an address), so is the Referer (a page's full address with its
    query), and the secret part of the paths above is blanked, whatever access_log_format
    names: `%(r)s` is the method, the redacted path and the protocol.
    """

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        path = redacted_path(environ.get("PATH_INFO") or "")
        atoms["U"] = path
        atoms["r"] = f"{environ['REQUEST_METHOD']} {path} {environ['SERVER_PROTOCOL']}"
        atoms["{path_info}e"] = path
        for name in ("q", "f", "{referer}i", "{raw_uri}e", "{query_string}e"):
            atoms[name] = "-"
        return atoms

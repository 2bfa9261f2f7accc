"""Settings as the person who runs the server meets them: from the environment alone."""

import json
import secrets
import subprocess
import sys

import pytest

from tests.support.environment import clean_environment, run_python
from tests.support.paths import PROJECT_DIR

READ_SETTINGS = """
import json
from django.conf import settings as s
from django.core.files.storage import storages
storage = s.STORAGES["default"]
options = storage.get("OPTIONS", {})
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ENGINE": s.DATABASES["default"]["ENGINE"],
    "DB_NAME": str(s.DATABASES["default"]["NAME"]),
    "STORAGE": storage["BACKEND"],
    "STORAGE_OPTIONS": {key: str(value) for key, value in options.items()},
    "CONNECT_TIMEOUT": getattr(
        getattr(storages["default"], "client_config", None), "connect_timeout", None
    ),
    "CACHE": s.CACHES["default"]["BACKEND"],
    "SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SESSION_COOKIE_SECURE": s.SESSION_COOKIE_SECURE,
    "EMAIL_BACKEND": s.EMAIL_BACKEND,
}))
"""


def read_settings(module, **variables):
    result = run_python(READ_SETTINGS, module, **variables)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def strong_secret():
    return secrets.token_urlsafe(50)


def test_base_settings_alone_are_production_safe():
    values = read_settings("portal.settings.base", SECRET_KEY=strong_secret())
    assert values["DEBUG"] is False
    assert values["SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"


def test_base_settings_have_no_secret_of_their_own():
    result = run_python(
        "from django.conf import settings; settings.SECRET_KEY", "portal.settings.base"
    )
    assert result.returncode != 0
    assert "The SECRET_KEY setting must not be empty" in result.stderr


def test_without_database_url_the_portal_uses_sqlite_beside_the_code():
    values = read_settings("portal.settings.dev")
    assert values["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DB_NAME"] == str(PROJECT_DIR / "db.sqlite3")


def test_database_url_selects_postgresql():
    values = read_settings(
        "portal.settings.dev", DATABASE_URL="postgres://portal@db.example.org:5432/portal"
    )
    assert values["ENGINE"] == "django.db.backends.postgresql"
    assert values["DB_NAME"] == "portal"


def test_without_s3_settings_media_stay_in_a_local_folder():
    values = read_settings("portal.settings.dev")
    assert values["STORAGE"] == "portal.storage.LocalMediaStorage"


def test_bucket_name_switches_media_to_s3_with_fast_failing_client():
    values = read_settings(
        "portal.settings.dev",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_ENDPOINT_URL="http://127.0.0.1:8333",
        AWS_ACCESS_KEY_ID="key",
        AWS_SECRET_ACCESS_KEY="secret",
    )
    assert values["STORAGE"] == "portal.storage.MediaStorage"
    options = values["STORAGE_OPTIONS"]
    assert options["bucket_name"] == "portal-media"
    assert options["signature_version"] == "s3v4"
    assert options["addressing_style"] == "path"
    assert options["file_overwrite"] == "False"
    assert values["CONNECT_TIMEOUT"] == 2


def test_redis_url_switches_the_cache_to_redis():
    assert read_settings("portal.settings.dev")["CACHE"].endswith("LocMemCache")
    values = read_settings("portal.settings.dev", REDIS_URL="redis://127.0.0.1:6379/1")
    assert values["CACHE"] == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.parametrize(
    ("variables", "message"),
    [
        ({"ALLOWED_HOSTS": "portal.example.org"}, "SECRET_KEY is not set"),
        ({"SECRET_KEY": "x" * 60}, "ALLOWED_HOSTS is not set"),
        (
            {"SECRET_KEY": "x" * 60, "ALLOWED_HOSTS": "portal.example.org", "DEBUG": "True"},
            "DEBUG must be off in production",
        ),
    ],
)
def test_production_refuses_to_start_half_configured(variables, message):
    result = run_python("import django; django.setup()", "portal.settings.production", **variables)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert message in result.stderr


def test_production_deploy_check_reports_nothing():
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=strong_secret(),
        ALLOWED_HOSTS="portal.example.org",
        WAGTAILADMIN_BASE_URL="https://portal.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout

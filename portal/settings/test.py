"""Settings for the test suite: PostgreSQL, Redis and S3 (SeaweedFS) like production.

The test database comes from TEST_DATABASE_URL, never DATABASE_URL, so that a suite run on
a server can never touch the live database; pytest-django creates and drops its own.
"""

from .base import *

SECRET_KEY = "test-only-secret-key"  # noqa: S105
ALLOWED_HOSTS = ["*"]
DEBUG = False

DATABASES = {
    "default": env.db_url_config(
        env_setting("TEST_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/campaign_portal")
    ),
}
DATABASES["default"]["CONN_MAX_AGE"] = 0

TEST_REDIS_URL = env_setting("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": TEST_REDIS_URL,
        "KEY_PREFIX": "campaign-portal-test",
        "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
    }
}
# The page cache in the same Redis database, so that the suite's cache.clear() before each
# test empties it too. Off by default: a test of something else reads the page it just
# changed through the ORM (even with update(), which no signal reports); the page cache's
# own tests turn it on (tests/test_page_cache.py).
CACHES["pages"] = {**CACHES["default"], "KEY_PREFIX": "campaign-portal-test-pages"}
PAGE_CACHE_SECONDS = 0
CACHES["renditions"] = {**CACHES["default"], "KEY_PREFIX": "campaign-portal-test-renditions"}

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run at once, inside the request, so that tests see their effects; the worker's own
# test switches back to the database queue.
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
# The suite points the default storage at the SeaweedFS it starts (tests/conftest.py).
MEDIA_ROOT = BASE_DIR / "tmp" / "test-media"
WAGTAILADMIN_BASE_URL = "http://testserver"
# Static files come from the source folders (no collectstatic before a test run).
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

# Page events are logged at INFO; tests want only what went wrong.
LOGGING["root"]["level"] = "WARNING"

# Tests never reach the internet: embeds come from the loopback provider a test starts
# (tests/oembed_provider.py); with none, a video shows as a plain link.
WAGTAILEMBEDS_FINDERS = []

# Existing tests sign people in with force_login and no device: the two-factor tests turn
# the requirement on themselves (tests/test_two_factor.py).
REQUIRE_2FA_FOR_STAFF_ROLES = False

"""Relaxed settings for `make run` on a laptop: never for a server."""

from .base import *

DEBUG = env_setting("DEBUG", True, bool)
SECRET_KEY = SECRET_KEY or "dev-only-secret-key-not-for-any-server"  # noqa: S105
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost"]

# `make run`'s demo admin signs in with a password alone unless this is turned on.
REQUIRE_2FA_FOR_STAFF_ROLES = env_setting("REQUIRE_2FA_FOR_STAFF_ROLES", False, bool)

SECURE_SSL_REDIRECT = False
SECURE_HSTS_SECONDS = 0
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False

# Without EMAIL_URL, emails are printed in the terminal that runs the portal.
if not env_setting("EMAIL_URL", ""):
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"

# Hashed static names need collectstatic; runserver serves the files as they are.
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# Django's debug pages carry inline styles: report the policy instead of enforcing it.
CONTENT_SECURITY_POLICY_REPORT_ONLY = CONTENT_SECURITY_POLICY
CONTENT_SECURITY_POLICY = None

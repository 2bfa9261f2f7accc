"""Production: base settings plus checks that refuse to start a half-configured server."""

from django.core.exceptions import ImproperlyConfigured

from .base import *

if DEBUG:
    raise ImproperlyConfigured("DEBUG must be off in production: unset DEBUG or set DEBUG=False.")
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "SECRET_KEY is not set. Generate one with: "
        'python -c "import secrets; print(secrets.token_urlsafe(50))"'
    )
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS is not set: give the site's domain names, e.g. ALLOWED_HOSTS=example.org"
    )

"""WSGI entry point for gunicorn: `gunicorn portal.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")

application = get_wsgi_application()

# A server whose bucket hands members-only documents to anyone does not start; one whose
# bucket cannot be reached starts (pages without media still work) and logs a warning.
from portal.storage import check_documents_are_private  # noqa: E402

check_documents_are_private()

"""WSGI entry point for gunicorn: `gunicorn -c gunicorn.conf.py portal.wsgi`."""

from portal.environment import use_settings

use_settings(default="portal.settings.production")

from django.core.wsgi import get_wsgi_application  # noqa: E402

application = get_wsgi_application()

# What only the web server refuses (manage.py commands, collectstatic among them, must
# still run): static files not collected for production, which would make every page
# answer 500; a bucket that hands members-only documents to anyone. A bucket that cannot
# be reached does not stop the start (pages without media still work): it logs a warning.
from portal.serving import check_static_files_manifest  # noqa: E402
from portal.storage import check_documents_are_private  # noqa: E402

check_static_files_manifest()
check_documents_are_private()

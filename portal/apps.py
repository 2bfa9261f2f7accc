from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("Portal")

    def ready(self):
        from django.conf import settings

        # Their cached values are forgotten through signals, which must be connected in
        # every process that writes (the worker, commands), not only in the web server.
        from . import sites, visibility  # noqa: F401
        from .page_cache import connect_signals
        from .storage import check_media_settings

        # Raises ImproperlyConfigured from ready(), which gunicorn's workers run too (a
        # system check would run only under manage.py): a server that could hand out
        # private documents unsigned does not start.
        check_media_settings(settings)
        connect_signals()

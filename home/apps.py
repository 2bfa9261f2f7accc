from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and site-wide content")

    def ready(self):
        from home.moderation import replace_wagtail_email_notifiers

        replace_wagtail_email_notifiers()

        from django.conf import settings

        from portal.storage import check_media_settings

        # Raises ImproperlyConfigured: a server that could hand out private documents
        # unsigned does not start.
        check_media_settings(settings)

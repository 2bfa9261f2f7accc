from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LocalisationConfig(AppConfig):
    name = "localisation"
    verbose_name = _("Languages and translation")

    def ready(self):
        # The cached locales and section pages, forgotten through signals in every process.
        from . import locales  # noqa: F401

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and site-wide content")

    def ready(self):
        # The receiver that queues an image's sizes; the cached menu, footer and sections,
        # forgotten through signals in every process that writes (the worker, commands).
        from . import navigation, renditions, routing  # noqa: F401

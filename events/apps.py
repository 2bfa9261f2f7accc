from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Meetings and events")

    def ready(self):
        # The registration form's declaration, which the worker looks up by name to build
        # its emails, and the page_published receiver.
        from . import signals, views  # noqa: F401

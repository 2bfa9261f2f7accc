"""Loopback addresses where nothing answers, to see what people get when a service is down."""

import socket

from django.test import override_settings


def closed_port():
    """A loopback port nothing listens on: connections to it are refused at once."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def unreachable_mail_server():
    """Settings under which every email fails to send, as when the SMTP server is down."""
    return override_settings(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST="127.0.0.1",
        EMAIL_PORT=closed_port(),
        EMAIL_TIMEOUT=2,
    )

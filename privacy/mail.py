"""Sending the emails of the public forms without ever failing the visitor's request.

Each form saves what was sent before any email goes, so a failing mail server loses
nothing. The log then names the page and the kind of email, never the person: an SMTP
error can quote the recipient, so only its type is logged.
"""

import logging

logger = logging.getLogger(__name__)


def send_quietly(message, kind, page):
    """Send `message`; on failure log which email of which page failed and return False."""
    try:
        message.send()
    except Exception as error:
        logger.error(
            "Could not e-mail the %s for page %s (%s)", kind, page.pk, type(error).__name__
        )
        return False
    return True

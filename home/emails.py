"""The email of a contact form message, built by the background worker from the kept
submission (privacy/publicforms.py)."""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)


def contact_message(submission):
    page = submission.page.specific
    recipients = page.recipient_addresses()
    if not recipients:
        logger.warning("Contact page %s has no address to send messages to", page.pk)
        return None
    data = submission.get_data()
    lines = []
    reply_to = []
    for field in page.get_form_fields():
        value = data.get(field.clean_name)
        if value is None:
            continue
        if isinstance(value, list):
            value = ", ".join(str(item) for item in value)
        lines.append(f"{field.label}: {value}")
        # Replies go to the visitor's own address, when the form asks for one.
        if field.field_type == "email" and value and not reply_to:
            reply_to = [value]
    return EmailMessage(
        page.subject or _("Message from the website"),
        "\n".join(lines),
        page.from_address or settings.DEFAULT_FROM_EMAIL,
        recipients,
        reply_to=reply_to or None,
    )

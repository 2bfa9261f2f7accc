"""The emails the directory's forms send (built by the background worker: see
privacy/publicforms.py). Emails to the visitor quote nothing they typed: the forms cannot
be used to send a stranger words of a spammer's choosing.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from privacy.withdrawal import withdrawal_url

logger = logging.getLogger(__name__)


def message_to_group(group_message):
    group = group_message.group
    recipients = group.recipient_addresses()
    if not recipients:
        logger.warning("Local group page %s has no address for messages", group.pk)
        return None
    return EmailMessage(
        _("Message to %(group)s from the website") % {"group": group.title},
        render_to_string(
            "directory/emails/message_to_group.txt",
            {"group_message": group_message, "group": group},
        ),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        reply_to=[group_message.email],
    )


def message_confirmation(group_message):
    group = group_message.group
    return EmailMessage(
        _("Your message to %(group)s") % {"group": group.title},
        render_to_string(
            "directory/emails/message_confirmation.txt",
            {"group": group, "withdrawal_url": withdrawal_url(group_message.email)},
        ),
        settings.DEFAULT_FROM_EMAIL,
        [group_message.email],
    )


def registration_confirmation(registration):
    return EmailMessage(
        _("Your group's registration"),
        render_to_string(
            "directory/emails/registration_confirmation.txt",
            {"withdrawal_url": withdrawal_url(registration.contact_email)},
        ),
        settings.DEFAULT_FROM_EMAIL,
        [registration.contact_email],
    )

"""The emails the directory's forms send, through home.mail (a failing mail server loses
nothing; the log names no one). Emails to the visitor quote nothing they typed: the forms
cannot be used to send a stranger words of a spammer's choosing.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from home.mail import send_quietly

logger = logging.getLogger(__name__)


def send_message_to_group(group_message):
    group = group_message.group
    recipients = group.recipient_addresses()
    if not recipients:
        logger.warning("Local group page %s has no address for messages", group.pk)
        return False
    message = EmailMessage(
        _("Message to %(group)s from the website") % {"group": group.title},
        render_to_string(
            "directory/emails/message_to_group.txt",
            {"group_message": group_message, "group": group},
        ),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        reply_to=[group_message.email],
    )
    return send_quietly(message, "message", group)


def send_message_confirmation(group_message):
    group = group_message.group
    message = EmailMessage(
        _("Your message to %(group)s") % {"group": group.title},
        render_to_string("directory/emails/message_confirmation.txt", {"group": group}),
        settings.DEFAULT_FROM_EMAIL,
        [group_message.email],
    )
    return send_quietly(message, "message confirmation", group)


def send_registration_confirmation(registration):
    message = EmailMessage(
        _("Your group's registration"),
        render_to_string("directory/emails/registration_confirmation.txt", {}),
        settings.DEFAULT_FROM_EMAIL,
        [registration.contact_email],
    )
    return send_quietly(message, "registration confirmation", registration.page)

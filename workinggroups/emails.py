"""The emails the working-group forms send, through home.mail (a failing mail server loses
nothing; the log names no one). Emails to the visitor quote nothing they typed: the forms
cannot be used to send someone else a message of a spammer's choosing.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from home.mail import send_quietly

logger = logging.getLogger(__name__)


def send_join_request_to_group(join_request):
    group = join_request.group
    recipients = group.recipient_addresses()
    if not recipients:
        logger.warning("Working group page %s has no address for join requests", group.pk)
        return False
    message = EmailMessage(
        _("Request to join %(group)s") % {"group": group.title},
        render_to_string(
            "workinggroups/emails/join_request.txt",
            {"join_request": join_request, "group": group},
        ),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        reply_to=[join_request.email],
    )
    return send_quietly(message, "join request", group)


def send_join_confirmation(join_request):
    group = join_request.group
    message = EmailMessage(
        _("Your request to join %(group)s") % {"group": group.title},
        render_to_string("workinggroups/emails/join_confirmation.txt", {"group": group}),
        settings.DEFAULT_FROM_EMAIL,
        [join_request.email],
    )
    return send_quietly(message, "join confirmation", group)


def send_proposal_confirmation(proposal):
    message = EmailMessage(
        _("Your proposal for a working group"),
        render_to_string("workinggroups/emails/proposal_confirmation.txt", {}),
        settings.DEFAULT_FROM_EMAIL,
        [proposal.proposer_email],
    )
    return send_quietly(message, "proposal confirmation", proposal.page)

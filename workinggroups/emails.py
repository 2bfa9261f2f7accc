"""The emails the working-group forms send (built by the background worker: see
privacy/publicforms.py). Emails to the visitor quote nothing they typed: the forms cannot
be used to send someone else a message of a spammer's choosing.
"""

import logging

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from privacy.withdrawal import withdrawal_url

logger = logging.getLogger(__name__)


def join_request_to_group(join_request):
    group = join_request.group
    recipients = group.recipient_addresses()
    if not recipients:
        logger.warning("Working group page %s has no address for join requests", group.pk)
        return None
    return EmailMessage(
        _("Request to join %(group)s") % {"group": group.title},
        render_to_string(
            "workinggroups/emails/join_request.txt",
            {"join_request": join_request, "group": group},
        ),
        settings.DEFAULT_FROM_EMAIL,
        recipients,
        reply_to=[join_request.email],
    )


def join_confirmation(join_request):
    group = join_request.group
    return EmailMessage(
        _("Your request to join %(group)s") % {"group": group.title},
        render_to_string(
            "workinggroups/emails/join_confirmation.txt",
            {"group": group, "withdrawal_url": withdrawal_url(join_request.email)},
        ),
        settings.DEFAULT_FROM_EMAIL,
        [join_request.email],
    )


def join_already_requested(join_request):
    group = join_request.group
    return EmailMessage(
        _("Your request to join %(group)s") % {"group": group.title},
        render_to_string(
            "workinggroups/emails/join_already_requested.txt",
            {"group": group, "withdrawal_url": withdrawal_url(join_request.email)},
        ),
        settings.DEFAULT_FROM_EMAIL,
        [join_request.email],
    )


def proposal_confirmation(proposal):
    return EmailMessage(
        _("Your proposal for a working group"),
        render_to_string(
            "workinggroups/emails/proposal_confirmation.txt",
            {"withdrawal_url": withdrawal_url(proposal.proposer_email)},
        ),
        settings.DEFAULT_FROM_EMAIL,
        [proposal.proposer_email],
    )

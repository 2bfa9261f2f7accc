import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives

from django_tasks import task

logger = logging.getLogger(__name__)


@task()
def send_account_email(subject, body, to, html=None):
    message = EmailMultiAlternatives(subject, body, settings.DEFAULT_FROM_EMAIL, to)
    if html:
        message.attach_alternative(html, "text/html")
    try:
        message.send()
    except Exception as error:
        # The recipient's address may be quoted in an SMTP error: log only its type.
        logger.error("Could not send an account email (%s)", type(error).__name__)

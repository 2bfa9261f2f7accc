import logging
import re

EMAIL_ADDRESS = re.compile(r"[^\s@'\"<>]+@[^\s@'\"<>]+\.[^\s@'\"<>]+")


class RedactEmailAddresses(logging.Filter):
    """Replaces email addresses in a log record with [address].

    Wagtail names the recipient when a notification email fails; the log must say that
    mail failed without saying to whom (members' addresses are personal data).
    """

    def filter(self, record):
        message = record.getMessage()
        if "@" in message:
            record.msg = EMAIL_ADDRESS.sub("[address]", message)
            record.args = None
        # A traceback quotes the values it passed through (an SMTP error names its
        # recipient): it is formatted here, redacted, and kept for the handlers, which use
        # exc_text as it is.
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text and "@" in record.exc_text:
            record.exc_text = EMAIL_ADDRESS.sub("[address]", record.exc_text)
        if record.stack_info and "@" in record.stack_info:
            record.stack_info = EMAIL_ADDRESS.sub("[address]", record.stack_info)
        return True

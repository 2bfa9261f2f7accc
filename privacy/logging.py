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
        return True

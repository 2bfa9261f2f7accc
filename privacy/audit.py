"""Who read, exported or erased which record of personal data, and when: entries in
Wagtail's audit log, shown under Reports › Site history.

An entry names the kind of record and its number, never what it holds: the audit log is
read by more people than the records themselves, and outlives them.
"""

from django.utils.translation import gettext_lazy as _

from wagtail.log_actions import log

PERSONAL_DATA_ACTIONS = {
    "privacy.view": _("Personal data read"),
    "privacy.export": _("Personal data exported"),
    "privacy.erase": _("Personal data erased"),
}


def log_personal_data_access(records, action, user):
    for record in records:
        log(
            instance=record,
            action=action,
            user=user,
            title=f"{record._meta.verbose_name} #{record.pk}",
        )

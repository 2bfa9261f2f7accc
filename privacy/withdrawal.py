"""Withdrawing consent from a link in an email, with no account and no login.

Every email the portal sends to a member of the public ends with a link signed for that
address (`withdrawal_url`). Opening it asks for confirmation (mail scanners open links;
nothing is deleted on a GET); confirming erases every record held for the address, as an
erasure request would (privacy/subject_access.py). The page says the same whether or not
anything was held, so the link cannot be used to learn who is in the database.
"""

from django import forms
from django.conf import settings
from django.core import signing
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from .subject_access import erase_personal_data

SIGNING_SALT = "privacy.withdraw-consent"
# Long enough for an email found in a mailbox a year on.
LINK_LIFETIME_SECONDS = 2 * 365 * 24 * 60 * 60


def withdrawal_url(email):
    token = signing.dumps(email.strip().lower(), salt=SIGNING_SALT, compress=True)
    path = reverse("privacy_withdraw_consent", args=[token])
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def email_of(token):
    try:
        return signing.loads(token, salt=SIGNING_SALT, max_age=LINK_LIFETIME_SECONDS)
    except signing.BadSignature:
        return None


class ConfirmWithdrawalForm(forms.Form):
    confirm = forms.BooleanField(
        label=_("Yes, delete what I have sent and stop using my address"),
        error_messages={"required": _("Please tick this box to confirm.")},
    )


@never_cache
def withdraw_consent(request, token):
    email = email_of(token)
    if email is None:
        response = TemplateResponse(request, "privacy/withdraw_consent.html", {"bad_link": True})
        response.status_code = 400
        return response
    form = ConfirmWithdrawalForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        erase_personal_data(email)
        done = True
    return TemplateResponse(request, "privacy/withdraw_consent.html", {"form": form, "done": done})

"""Two-factor authentication for the admin: an authenticator app (TOTP) and recovery codes.

Both are django-otp devices. A person who has a confirmed device must give a code after
their password on every sign-in; Moderators and superusers must have one when
REQUIRE_2FA_FOR_STAFF_ROLES is on, and are led through enrolment at their next sign-in.
"""

import base64

from django.conf import settings
from django.utils.translation import gettext_lazy as _

import segno
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from moderation.roles import is_moderator

AUTHENTICATOR_NAME = _("Authenticator app")
RECOVERY_CODES_NAME = _("Recovery codes")
RECOVERY_CODE_COUNT = 10


def is_required_for(user):
    return bool(getattr(settings, "REQUIRE_2FA_FOR_STAFF_ROLES", False)) and is_moderator(user)


def has_second_factor(user):
    return any(devices_for_user(user, confirmed=True))


def pending_authenticator(user):
    """The authenticator being set up: kept until confirmed, so reloading the page shows
    the same QR code rather than one the person's app no longer matches."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=str(AUTHENTICATOR_NAME), confirmed=False)
    return device


def qr_code_svg(device):
    """The device's otpauth:// address as an inline SVG: drawn here, so the secret never
    goes to another site to be turned into a picture."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=5, dark="#000", light="#fff", title=str(_("QR code for your authenticator app"))
    )


def secret_for_typing(device):
    """The secret in the base32 form authenticator apps accept when typed in."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[index : index + 4] for index in range(0, len(secret), 4))


def new_recovery_codes(user):
    """Replace the person's recovery codes with a fresh set; each works once."""
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=str(RECOVERY_CODES_NAME), defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _index in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def remaining_recovery_codes(user):
    return list(
        StaticToken.objects.filter(device__user=user, device__confirmed=True).values_list(
            "token", flat=True
        )
    )

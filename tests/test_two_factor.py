"""Two-factor authentication for the admin, through the real sign-in pages.

An authenticator app's codes are computed here from the device's key, as the app on a
phone would.
"""

import re
import time

from django.test import Client, override_settings

from wagtail.models import PageViewRestriction

import pytest
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.support.factories import StandardPageFactory, make_member, make_site_home

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"
VERIFY = "/admin/two-factor/verify/"
ENROL = "/admin/two-factor/set-up/"


def app_code(device, steps_ahead=0):
    """The code an authenticator app shows now (or `steps_ahead` periods of 30 s later)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps_ahead * device.step
    return f"{totp.token():0{device.digits}d}"


def wait_out_throttling(device):
    """What waiting a second or two after a wrong code does (django-otp doubles the wait
    after each wrong code), without making the test wait."""
    device.refresh_from_db()
    device.throttling_failure_timestamp = None
    device.throttling_failure_count = 0
    device.save()


def sign_in_with_password(client, username):
    response = client.post(LOGIN, {"username": username, "password": username, "next": "/admin/"})
    assert response.status_code == 302
    return client.get("/admin/")


def enrol(client, user):
    client.get(ENROL)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": app_code(device), "next": "/admin/"})
    assert response.status_code == 302
    return device, response


@override_settings(REQUIRE_2FA_FOR_STAFF_ROLES=True)
@pytest.mark.parametrize("role", ["Moderators", "superuser"])
def test_a_moderator_is_led_through_enrolment_at_the_next_sign_in(role):
    user = make_member(role, username="moderator")
    client = Client()
    first = sign_in_with_password(client, "moderator")
    assert first.status_code == 302
    assert first["Location"].startswith(ENROL)
    # Nothing else of the admin opens before the second factor is set up.
    assert client.get("/admin/pages/").status_code == 302

    page = client.get(first["Location"])
    html = page.content.decode()
    assert page.status_code == 200
    # The QR code is drawn in the page: the secret never goes to another site.
    assert "<svg" in html
    assert not re.search(r"""src=["']https?://""", html)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert device.key  # the key shown, also as text for typing in
    assert re.search(r"[A-Z2-7]{4}( [A-Z2-7]{1,4})+", html)

    wrong = client.post(ENROL, {"code": "000000", "next": "/admin/"})
    assert wrong.status_code == 400
    assert "does not match" in wrong.content.decode()
    wait_out_throttling(device)

    confirmed = client.post(ENROL, {"code": app_code(device), "next": "/admin/"})
    assert confirmed.status_code == 302
    codes_page = client.get(confirmed["Location"])
    codes = re.findall(r"<li><code>(\w+)</code></li>", codes_page.content.decode())
    assert len(codes) == 10
    assert set(codes) == set(
        StaticToken.objects.filter(device__user=user).values_list("token", flat=True)
    )
    # Shown once: reloading the page does not show them again.
    assert codes[0] not in client.get(confirmed["Location"]).content.decode()
    assert client.get("/admin/").status_code == 200


def enrolled(username, role="Moderators"):
    user = make_member(role, username=username)
    client = Client()
    sign_in_with_password(client, username)
    device, _response = enrol(client, user)
    client.get("/admin/two-factor/recovery-codes/")
    return user, device


@override_settings(REQUIRE_2FA_FOR_STAFF_ROLES=True)
def test_after_enrolment_a_password_alone_opens_nothing():
    user, device = enrolled("moderator")
    client = Client()
    after_password = sign_in_with_password(client, "moderator")
    assert after_password.status_code == 302
    assert after_password["Location"].startswith(VERIFY)
    assert client.get("/admin/pages/").status_code == 302

    wrong = client.post(VERIFY, {"code": "123456", "next": "/admin/"})
    assert wrong.status_code == 400
    # Right after a wrong code, even the right one waits (django-otp's throttling).
    assert client.post(VERIFY, {"code": app_code(device, 1), "next": "/admin/"}).status_code == 400
    wait_out_throttling(device)
    right = client.post(VERIFY, {"code": app_code(device, 1), "next": "/admin/"})
    assert right.status_code == 302
    assert right["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


@override_settings(REQUIRE_2FA_FOR_STAFF_ROLES=True)
def test_a_recovery_code_works_once():
    user, _device = enrolled("moderator")
    code = StaticToken.objects.filter(device__user=user).first().token
    first = Client()
    sign_in_with_password(first, "moderator")
    assert first.post(VERIFY, {"code": code, "next": "/admin/"}).status_code == 302
    assert first.get("/admin/").status_code == 200
    second = Client()
    sign_in_with_password(second, "moderator")
    assert second.post(VERIFY, {"code": code, "next": "/admin/"}).status_code == 400
    assert second.get("/admin/").status_code == 302


@override_settings(REQUIRE_2FA_FOR_STAFF_ROLES=True)
def test_a_verified_session_never_follows_next_to_another_site():
    _user, device = enrolled("moderator")
    client = Client()
    sign_in_with_password(client, "moderator")
    response = client.post(VERIFY, {"code": app_code(device, 1), "next": "https://evil.example/"})
    assert response["Location"] == "/admin/"


@override_settings(REQUIRE_2FA_FOR_STAFF_ROLES=True)
def test_an_editor_may_choose_two_factor_and_is_then_held_to_it():
    client = Client()
    make_member("Editors", username="editor")
    # Not required for editors: the password opens the admin.
    assert sign_in_with_password(client, "editor").status_code == 200
    # The account menu offers it.
    assert ENROL in client.get("/admin/account/").content.decode()
    user, _device = enrolled("editor2", role="Editors")
    again = Client()
    assert sign_in_with_password(again, "editor2")["Location"].startswith(VERIFY)


@override_settings(REQUIRE_2FA_FOR_STAFF_ROLES=False)
def test_with_the_requirement_off_a_moderator_signs_in_with_a_password():
    make_member("Moderators", username="moderator")
    assert sign_in_with_password(Client(), "moderator").status_code == 200


@override_settings(REQUIRE_2FA_FOR_STAFF_ROLES=True)
def test_a_password_alone_does_not_open_members_only_pages():
    home = make_site_home()
    members = StandardPageFactory(parent=home, title="Members' notes", slug="members")
    PageViewRestriction.objects.create(page=members, restriction_type=PageViewRestriction.LOGIN)
    _user, device = enrolled("moderator")
    client = Client()
    sign_in_with_password(client, "moderator")
    # Signed in with the password only: the site treats them as a visitor.
    response = client.get("/members/")
    assert response.status_code == 302
    assert "/_util/login/" in response["Location"]
    client.post(VERIFY, {"code": app_code(device, 1), "next": "/admin/"})
    assert client.get("/members/").status_code == 200


@override_settings(REQUIRE_2FA_FOR_STAFF_ROLES=True)
def test_after_a_reset_a_moderator_who_lost_their_phone_sets_it_up_again():
    from io import StringIO

    from django.core.management import call_command

    user, _device = enrolled("moderator")
    call_command("reset_two_factor", "moderator", stdout=StringIO())
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.filter(device__user=user).exists()
    assert sign_in_with_password(Client(), "moderator")["Location"].startswith(ENROL)

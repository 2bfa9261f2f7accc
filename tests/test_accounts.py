"""Signing in to the admin, tried as someone guessing passwords would.

Through the real views: Wagtail's login page (with django-axes), its password reset, the
lock-out list, and the idle timeout, on PostgreSQL and Redis.
"""

import time

from django.contrib.auth.models import User
from django.contrib.auth.password_validation import validate_password
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, override_settings
from django.urls import reverse

import pytest
from axes.models import AccessAttempt

from accounts.middleware import LAST_SEEN_KEY
from directory.convenors import grant_convenor_access
from tests.support.factories import (
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    make_member,
    make_site_home,
)

pytestmark = pytest.mark.django_db

LOGIN = "/admin/login/"


def sign_in(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def is_signed_in(client):
    return client.get("/admin/").status_code == 200


def test_five_wrong_passwords_lock_the_account_even_against_the_right_one():
    make_member("Editors", username="editor")
    guesser = Client(REMOTE_ADDR="192.0.2.1")
    for _attempt in range(4):
        assert sign_in(guesser, "editor", "wrong-guess").status_code == 200
    # The fifth wrong password locks the account: the page says so and for how long.
    assert sign_in(guesser, "editor", "wrong-guess").status_code == 429
    response = sign_in(guesser, "editor", "editor")
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "wait 15 minutes" in response.content.decode()
    assert not is_signed_in(guesser)
    # From elsewhere too: the account itself is locked, not only the address.
    elsewhere = Client(REMOTE_ADDR="198.51.100.9")
    assert sign_in(elsewhere, "editor", "editor").status_code == 429
    assert not is_signed_in(elsewhere)


def test_one_address_guessing_many_accounts_is_locked_out():
    make_member("Editors", username="editor")
    guesser = Client(REMOTE_ADDR="192.0.2.2")
    for index in range(5):
        sign_in(guesser, f"someone{index}", "wrong-guess")
    assert sign_in(guesser, "editor", "editor").status_code == 429
    # The editor, from their own address, is not affected.
    own = Client(REMOTE_ADDR="198.51.100.10")
    assert sign_in(own, "editor", "editor").status_code == 302
    assert is_signed_in(own)


@override_settings(TRUSTED_PROXY_COUNT=1)
def test_behind_a_proxy_a_typed_forwarded_for_header_does_not_reset_the_count():
    make_member("Editors", username="editor")
    for index in range(5):
        # The proxy (10.0.0.1) appends the real address; whatever the guesser typed before
        # it changes on every try.
        Client(REMOTE_ADDR="10.0.0.1").post(
            LOGIN,
            {"username": f"someone{index}", "password": "x"},
            HTTP_X_FORWARDED_FOR=f"203.0.113.{index}, 192.0.2.3",
        )
    response = Client(REMOTE_ADDR="10.0.0.1").post(
        LOGIN,
        {"username": "editor", "password": "editor"},
        HTTP_X_FORWARDED_FOR="203.0.113.99, 192.0.2.3",
    )
    assert response.status_code == 429
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"192.0.2.3"}


def test_a_right_password_before_the_limit_signs_in_and_clears_the_count():
    make_member("Editors", username="editor")
    client = Client(REMOTE_ADDR="192.0.2.4")
    for _attempt in range(4):
        sign_in(client, "editor", "wrong-guess")
    assert sign_in(client, "editor", "editor").status_code == 302
    assert not AccessAttempt.objects.filter(username="editor").exists()


def test_moderators_and_superusers_see_lock_outs_others_do_not():
    make_member("Editors", username="editor")
    guesser = Client(REMOTE_ADDR="192.0.2.5")
    for _attempt in range(5):
        sign_in(guesser, "editor", "wrong-guess")
    index_url = reverse("sign_in_lockouts:index")
    for role in ("Moderators", "superuser"):
        client = Client()
        client.force_login(make_member(role, username=f"{role.lower()}-reader"))
        page = client.get(index_url)
        assert page.status_code == 200
        html = page.content.decode()
        assert "editor" in html
        assert "192.0.2.5" in html
        # Read only: no way to add or edit a record from here.
        assert reverse("sign_in_lockouts:add") not in html
        assert client.get(reverse("sign_in_lockouts:add")).status_code in (302, 403)
        # The settings menu leads there.
        assert index_url in client.get("/admin/").content.decode()
    for role in ("Editors", "Translators"):
        client = Client()
        client.force_login(make_member(role, username=f"{role.lower()}-reader"))
        assert client.get(index_url).status_code in (302, 403)
        assert index_url not in client.get("/admin/").content.decode()


def reset(client, email):
    return client.post(reverse("wagtailadmin_password_reset"), {"email": email})


def test_password_reset_answers_alike_whether_or_not_the_account_exists():
    make_member("Editors", username="editor")
    known = reset(Client(REMOTE_ADDR="192.0.2.6"), "editor@example.org")
    unknown = reset(Client(REMOTE_ADDR="192.0.2.7"), "nobody@example.org")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["editor@example.org"]


def test_password_reset_is_limited_per_address():
    client = Client(REMOTE_ADDR="192.0.2.8")
    for index in range(5):
        assert reset(client, f"person{index}@example.org").status_code == 302
    refused = reset(client, "person9@example.org")
    assert refused.status_code == 429
    assert "Too many password reset requests" in refused.content.decode()


def test_password_reset_emails_one_mailbox_at_most_three_times_an_hour():
    make_member("Editors", username="editor")
    for index in range(6):
        response = reset(Client(REMOTE_ADDR=f"192.0.2.{20 + index}"), "editor@example.org")
        assert response.status_code == 302  # the same answer as ever
    assert len(mail.outbox) == 3


def test_passwords_shorter_than_twelve_characters_are_refused():
    with pytest.raises(ValidationError):
        validate_password("Tr1cky-pass")  # 11 characters
    validate_password("correct horse battery")
    admin = Client()
    admin.force_login(make_member("superuser", username="admin"))
    response = admin.post(
        reverse("wagtailusers_users:add"),
        {
            "username": "newcomer",
            "email": "newcomer@example.org",
            "first_name": "New",
            "last_name": "Comer",
            "password1": "Sh0rt-pwd",
            "password2": "Sh0rt-pwd",
        },
    )
    assert response.status_code == 200
    assert "at least 12 characters" in response.content.decode()
    assert not User.objects.filter(username="newcomer").exists()


def test_a_session_left_idle_for_a_working_day_is_signed_out():
    make_member("Editors", username="editor")
    client = Client()
    assert sign_in(client, "editor", "editor").status_code == 302
    assert is_signed_in(client)
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 8 * 60 * 60 + 120  # idle for 7 h 58 min
    session.save()
    assert is_signed_in(client)  # still in, and the deadline moves on
    assert client.session[LAST_SEEN_KEY] > time.time() - 60
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 8 * 60 * 60 - 60  # idle for 8 h 1 min
    session.save()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)
    assert "without activity" in client.get(response["Location"]).content.decode()


@override_settings(ADMIN_SESSION_IDLE_MINUTES=30)
def test_the_idle_limit_is_a_setting():
    make_member("Editors", username="editor")
    client = Client()
    sign_in(client, "editor", "editor")
    session = client.session
    session[LAST_SEEN_KEY] = int(time.time()) - 31 * 60
    session.save()
    assert not is_signed_in(client)


def test_the_front_end_login_without_next_lands_on_the_home_page():
    make_site_home()
    make_member("Editors", username="editor")
    client = Client()
    response = client.post("/_util/login/", {"username": "editor", "password": "editor"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get(response["Location"]).status_code == 200


def test_a_new_convenor_username_does_not_reveal_their_email():
    home = make_site_home()
    group = LocalGroupPageFactory(parent=LocalGroupIndexPageFactory(parent=home), slug="stroud")
    user, created = grant_convenor_access(group, "Jo.Bloggs@example.net")
    assert created
    assert "bloggs" not in user.username.lower()
    assert "@" not in user.username
    assert user.email == "Jo.Bloggs@example.net"


def test_the_log_of_a_lock_out_names_neither_the_account_nor_the_address(caplog):
    make_member("Editors", username="editor")
    guesser = Client(REMOTE_ADDR="192.0.2.77")
    for _attempt in range(5):
        sign_in(guesser, "editor", "wrong-guess")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "Locking out" in logged
    assert "editor" not in logged
    assert "192.0.2.77" not in logged


def test_failed_sign_in_records_go_once_the_lock_out_is_over():
    from datetime import timedelta

    from django.core.management import call_command
    from django.utils import timezone

    make_member("Editors", username="editor")
    for index in range(2):
        sign_in(Client(REMOTE_ADDR=f"192.0.2.{90 + index}"), f"someone{index}", "wrong-guess")
    old, recent = AccessAttempt.objects.order_by("pk")
    AccessAttempt.objects.filter(pk=old.pk).update(attempt_time=timezone.now() - timedelta(hours=1))
    call_command("purge_personal_data", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert list(AccessAttempt.objects.values_list("pk", flat=True)) == [recent.pk]

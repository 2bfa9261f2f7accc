"""What an admin session must satisfy on every request: still in use, and verified."""

import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.models import AnonymousUser
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _

from accounts.two_factor import has_second_factor, is_required_for

LAST_SEEN_KEY = "accounts:last_seen"
# The session is written at most once a minute, not on every click.
LAST_SEEN_RESOLUTION_SECONDS = 60
NO_SECOND_FACTOR_KEY = "accounts:no_second_factor"

# What a signed-in person who still owes a code may reach: signing in and out, the
# two-factor pages themselves, and what the admin's sign-in page loads.
TWO_FACTOR_OPEN_URL_NAMES = {
    "wagtailadmin_login",
    "wagtailadmin_logout",
    "wagtailadmin_javascript_catalog",
    "wagtailadmin_sprite",
    "accounts_two_factor_verify",
    "accounts_two_factor_enrol",
    "accounts_recovery_codes",
}


class IdleSessionTimeoutMiddleware:
    """Sign out anyone whose session has not been used for ADMIN_SESSION_IDLE_MINUTES.

    Everyone who signs in here is staff (editors, moderators, translators, convenors), so
    the rule holds for every signed-in session. Each request moves the deadline on.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last_seen = request.session.get(LAST_SEEN_KEY)
            idle_limit = settings.ADMIN_SESSION_IDLE_MINUTES * 60
            if last_seen is not None and now - last_seen > idle_limit:
                logout(request)
                messages.info(
                    request,
                    _("You were signed out after %(hours)s hours without activity.")
                    % {"hours": f"{settings.ADMIN_SESSION_IDLE_MINUTES / 60:g}"},
                )
            elif last_seen is None or now - last_seen >= LAST_SEEN_RESOLUTION_SECONDS:
                request.session[LAST_SEEN_KEY] = now
        return self.get_response(request)


class TwoFactorMiddleware:
    """A password alone opens nothing for someone who has, or must have, a second factor.

    In the admin they are sent to give their code (or to set up an authenticator app if
    they must have one and do not); everywhere else they are treated as signed out, so a
    stolen password does not open members-only pages or documents either.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if not user.is_authenticated or user.is_verified():
            return None
        if request.resolver_match and request.resolver_match.url_name in TWO_FACTOR_OPEN_URL_NAMES:
            return None
        if request.session.get(NO_SECOND_FACTOR_KEY) == user.pk and not is_required_for(user):
            return None
        if has_second_factor(user):
            next_step = "accounts_two_factor_verify"
        elif is_required_for(user):
            next_step = "accounts_two_factor_enrol"
        else:
            request.session[NO_SECOND_FACTOR_KEY] = user.pk
            return None
        if request.path_info.startswith("/admin/"):
            return redirect(f"{reverse(next_step)}?{urlencode({'next': request.get_full_path()})}")
        request.user = AnonymousUser()
        return None

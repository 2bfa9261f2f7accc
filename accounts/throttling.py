"""How often someone may try to sign in or ask for a password reset.

Wrong passwords are counted by django-axes (per username and per address, settings in
portal/settings/base.py). Password reset requests are counted here, in the shared cache,
per address and per email typed: the count for an address that has no account grows
exactly like one that has, so the limit itself tells nobody who has an account.
"""

from privacy.spam import client_address, count_in_window

PASSWORD_RESET_WINDOW_SECONDS = 60 * 60
# Five requests an hour from one address: enough for someone who mistypes their email.
PASSWORD_RESET_PER_ADDRESS = 5
# Three emails an hour to one mailbox: a reset link stays valid for days, more is spam.
PASSWORD_RESET_PER_ACCOUNT = 3


def sign_in_address(request):
    """The address django-axes counts failures against: the visitor's, as the first proxy
    we trust (TRUSTED_PROXY_COUNT) saw it, never a header anyone can type."""
    return client_address(request) or None


def password_reset_over_address_limit(request):
    return count_in_window(
        "password-reset-address",
        client_address(request),
        PASSWORD_RESET_PER_ADDRESS,
        PASSWORD_RESET_WINDOW_SECONDS,
    )


def password_reset_over_account_limit(email):
    return count_in_window(
        "password-reset-account",
        email.strip().lower(),
        PASSWORD_RESET_PER_ACCOUNT,
        PASSWORD_RESET_WINDOW_SECONDS,
    )


def client_for_log(username, ip_address, user_agent, path_info, request):
    """How django-axes names a sign-in attempt in the log: by the page only. Who tried and
    from where is personal data; moderators read it in the admin's lock-out list."""
    return f"{{path_info: {path_info!r}}}"

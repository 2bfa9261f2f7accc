"""Spam protection for the public forms, without a third-party captcha: a honeypot field
and a rate limit per visitor address, kept in the shared cache.

Counting in the cache (Redis in production) makes the limit hold across every app server.
The address itself is personal data: only a keyed hash of it is stored, for the length of
one window.
"""

import ipaddress
import logging

from django import forms
from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext_lazy as _

logger = logging.getLogger(__name__)

# Ten form submissions per address in fifteen minutes: room for someone who corrects their
# form a few times, or for a few members posting from one meeting's Wi-Fi, while a program
# posting in a loop is stopped after ten.
RATE_LIMIT_POSTS = 10
RATE_LIMIT_WINDOW_SECONDS = 15 * 60


def client_address(request):
    """The visitor's address, as the first proxy we trust saw it."""
    proxies = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    if proxies:
        forwarded = [
            address.strip()
            for address in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
            if address.strip()
        ]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "")


def rate_limit_subject(address):
    """What the limit counts: an IPv4 address, or the /64 network of an IPv6 one (one
    household or phone is given a whole /64, and could otherwise use a fresh address for
    every message)."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 4:
        return str(ip)
    if ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    return str(ipaddress.ip_network(f"{ip}/64", strict=False))


def count_in_window(scope, value, limit, window):
    """Count one more request for `value` in a window of `window` seconds, in the shared
    cache (so across app servers); True once there are more than `limit`. Only a keyed
    hash of the value is kept. A cache outage lets the request through, with a warning."""
    key = f"ratelimit:{scope}:{salted_hmac('privacy.spam', value).hexdigest()}"
    try:
        # add() starts the window only if it has not started; incr() keeps its expiry.
        cache.add(key, 0, timeout=window)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.set(key, 1, timeout=window)
            count = 1
    except Exception:
        logger.warning("Rate limit %s unavailable: the cache did not answer", scope, exc_info=True)
        return False
    return count > limit


def over_rate_limit(
    request, scope="public-forms", limit=RATE_LIMIT_POSTS, window=RATE_LIMIT_WINDOW_SECONDS
):
    """Count this request; True once the address has sent more than `limit` in `window`
    seconds (by default the public forms' limit). Members writing to us are never
    stopped by a cache outage: the honeypot still works."""
    return count_in_window(scope, rate_limit_subject(client_address(request)), limit, window)


def too_many_requests(response):
    """The form again, with what was typed, saying to try later (status 429)."""
    response.status_code = 429
    response["Retry-After"] = str(RATE_LIMIT_WINDOW_SECONDS)
    return response


class HoneypotMixin(forms.Form):
    """A field people never see and programs that fill in every field do.

    It is moved off the screen by CSS (.form-honeypot), not hidden with `type=hidden`,
    which spam programs know to skip; its label asks screen reader users to leave it empty.
    """

    HONEYPOT_FIELD = "website"

    website = forms.CharField(
        label=_("Leave this field empty"),
        required=False,
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def is_spam(self):
        return bool(self.data.get(self.HONEYPOT_FIELD, "").strip())

    def visible_fields(self):
        return [field for field in super().visible_fields() if field.name != self.HONEYPOT_FIELD]

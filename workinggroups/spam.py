"""A rate limit per visitor address for the public forms, kept in the shared cache.

Counting in the cache (Redis in production) makes the limit hold across every app server.
The address itself is personal data: only a keyed hash of it is stored, for the length of
one window.
"""

import logging

from django.conf import settings
from django.core.cache import cache
from django.utils.crypto import salted_hmac

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


def over_rate_limit(request, scope="workinggroups-forms"):
    """Count this submission; True once the address has sent more than the limit."""
    address_key = salted_hmac("workinggroups.spam", client_address(request)).hexdigest()
    key = f"ratelimit:{scope}:{address_key}"
    try:
        # add() starts the window only if it has not started; incr() keeps its expiry.
        cache.add(key, 0, timeout=RATE_LIMIT_WINDOW_SECONDS)
        try:
            count = cache.incr(key)
        except ValueError:  # the window ended between add() and incr()
            cache.set(key, 1, timeout=RATE_LIMIT_WINDOW_SECONDS)
            count = 1
    except Exception:
        # A cache outage must not stop members writing to us; the honeypot still works.
        logger.warning("Rate limit unavailable: the cache did not answer", exc_info=True)
        return False
    return count > RATE_LIMIT_POSTS

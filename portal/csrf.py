"""Cross-site request forgery protection that needs no cookie on public pages.

Django's protection pairs a token in the form with a `csrftoken` cookie, so every page
with a form hands every reader a one-year cookie, and such a page cannot be cached for
everyone. Outside the admin the portal relies instead on what every current browser says
about where a form was sent from: a POST whose `Origin` header is this site's own is
accepted without a token; one from another origin is refused as Django refuses it. A
request that says nothing (a very old browser, a script) falls back to Django's token
check, and so does everything under `/admin/`, where the sign-in and every edit keep
Django's full protection and its cookie.
"""

from django.middleware.csrf import CsrfViewMiddleware

ADMIN_PREFIX = "/admin/"
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def outside_admin(request):
    return not request.path_info.startswith(ADMIN_PREFIX)


class SameOriginCsrfMiddleware(CsrfViewMiddleware):
    def process_view(self, request, callback, callback_args, callback_kwargs):
        if (
            outside_admin(request)
            and request.method not in SAFE_METHODS
            and "HTTP_ORIGIN" in request.META
            and self._origin_verified(request)
        ):
            return self._accept(request)
        return super().process_view(request, callback, callback_args, callback_kwargs)

    def process_response(self, request, response):
        if outside_admin(request):
            # A token rendered into a public form is never checked (see above): no cookie.
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
        return super().process_response(request, response)

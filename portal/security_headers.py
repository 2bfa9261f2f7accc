"""Headers every response carries beyond Django's and django-csp's own.

- `Permissions-Policy`: the portal uses no camera, microphone, location, payment or other
  powerful browser feature, so it denies them all, to itself and to any frame it embeds.
- `Cross-Origin-Resource-Policy: same-origin`: other sites cannot load our pages, files
  or API answers into theirs (media come from the bucket, not from here).
- The admin's own Content Security Policy (ADMIN_CONTENT_SECURITY_POLICY): django-csp
  sends the public policy and leaves `/admin/` to this middleware, because Wagtail's
  admin needs more than the public site allows.

It sits just after Django's SecurityMiddleware, before WhiteNoise, so static files get
the headers too.
"""

from django.conf import settings

from csp.utils import build_policy

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "ambient-light-sensor",
        "autoplay",
        "bluetooth",
        "browsing-topics",
        "camera",
        "display-capture",
        "geolocation",
        "gyroscope",
        "hid",
        "magnetometer",
        "microphone",
        "midi",
        "payment",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "xr-spatial-tracking",
    )
)


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        response.headers.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        if request.path_info.startswith("/admin/"):
            response.headers.setdefault(
                "Content-Security-Policy",
                build_policy(config=settings.ADMIN_CONTENT_SECURITY_POLICY["DIRECTIVES"]),
            )
        return response

"""The visitor's language and the site's default language, looked up once per request.

Wagtail's Locale.get_active() and get_default() query the database on every call; a page
that asks for them in its menu, footer and listings would pay for each.
"""

from django.conf import settings
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale


def active_and_default_locales(request=None):
    cached = getattr(request, "_portal_locales", None) if request is not None else None
    if cached is not None:
        return cached
    by_code = {locale.language_code: locale for locale in Locale.objects.all()}
    default = by_code.get(get_supported_content_language_variant(settings.LANGUAGE_CODE))
    try:
        active_code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        active_code = None
    locales = (by_code.get(active_code, default), default)
    if request is not None:
        request._portal_locales = locales
    return locales


def in_active_locale(queryset, request=None):
    """The object of a translatable queryset in the visitor's language, else the default's."""
    active, default = active_and_default_locales(request)
    candidates = {obj.locale_id: obj for obj in queryset.filter(locale__in=[active, default])}
    return candidates.get(active.pk) or candidates.get(default.pk)

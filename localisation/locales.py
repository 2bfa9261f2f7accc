"""The visitor's language and the site's default language, without a query.

Wagtail's Locale.get_active() and get_default() query the database on every call; a page
that asks for them in its menu, footer and listings would pay for each. The locales are
kept in the shared cache until one is saved or deleted (portal/cached.py), and looked up
once per request.
"""

from django.conf import settings
from django.utils import translation

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale

from portal.cached import CachedUntilSaved

ALL_LOCALES = CachedUntilSaved(
    "locales", lambda: list(Locale.objects.values_list("pk", "language_code")), Locale
)


def locales_by_code():
    return {code: Locale(pk=pk, language_code=code) for pk, code in ALL_LOCALES.get()}


def default_locale():
    """The site's default Locale, from the cache."""
    return locales_by_code().get(get_supported_content_language_variant(settings.LANGUAGE_CODE))


def active_and_default_locales(request=None):
    cached = getattr(request, "_portal_locales", None) if request is not None else None
    if cached is not None:
        return cached
    by_code = locales_by_code()
    default = by_code.get(get_supported_content_language_variant(settings.LANGUAGE_CODE))
    try:
        active_code = get_supported_content_language_variant(translation.get_language())
    except LookupError:
        active_code = None
    locales = (by_code.get(active_code, default), default)
    if request is not None:
        request._portal_locales = locales
        request._portal_locales_by_id = {locale.pk: locale for locale in by_code.values()}
    return locales


def locale_by_id(locale_id, request):
    """The Locale with this id (for `page.locale` without a query)."""
    active_and_default_locales(request)
    return request._portal_locales_by_id.get(locale_id)


def with_cached_locale(obj, request):
    """`obj` with its `locale` filled in from the cached locales, so that reading
    `obj.locale.language_code` (templates do) costs no query."""
    locale = locale_by_id(obj.locale_id, request)
    if locale is not None:
        obj.locale = locale
    return obj


def in_active_locale(queryset, request=None):
    """The object of a translatable queryset in the visitor's language, else the default's."""
    active, default = active_and_default_locales(request)
    candidates = {obj.locale_id: obj for obj in queryset.filter(locale__in=[active, default])}
    return candidates.get(active.pk) or candidates.get(default.pk)


# The page types of which the site has one page per language, directly under the home
# page (the news index, the directory...), registered by their apps with @section_page_type.
SECTION_PAGE_TYPES = []


def section_page_type(page_class):
    SECTION_PAGE_TYPES.append(page_class)
    return page_class


# {(active locale id, default locale id): {(page type label, locale id): page}}
SECTION_PAGES = CachedUntilSaved("section-pages", dict, pages=True)


def _load_section_pages(active, default):
    from django.contrib.contenttypes.models import ContentType

    from wagtail.models import Page

    from portal.visibility import public

    content_types = ContentType.objects.get_for_models(*SECTION_PAGE_TYPES).values()
    pages = (
        public(Page.objects.live())
        .filter(content_type__in=content_types, locale__in=[active, default])
        .order_by("path")
        .specific(defer=True)
    )
    return {(page._meta.label, page.locale_id): page for page in pages}


def section_page(page_class, request=None):
    """The live, public page of a section type in the visitor's language, else the
    default's (or None). Every section type's pages are kept in the shared cache, with only
    the base page's fields (their titles, addresses and sub-pages are what other pages
    show), until a page or a view restriction changes (portal/cached.py)."""
    from portal.visibility import public

    if request is None:
        return in_active_locale(public(page_class.objects.live()))
    active, default = active_and_default_locales(request)
    found = getattr(request, "_portal_section_pages", None)
    if found is None:
        found = request._portal_section_pages = SECTION_PAGES.entry(
            (active.pk, default.pk), lambda: _load_section_pages(active, default)
        )
    label = page_class._meta.label
    return found.get((label, active.pk)) or found.get((label, default.pk))

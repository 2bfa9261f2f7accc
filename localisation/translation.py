"""What the public site needs to know about a page's languages, and the serve view that never
leaves a visitor of /cy/... on a dead link.

A visitor reading in Welsh gets the Welsh page when a live one exists, else the English
page (with a notice in Welsh, base.html). The language switcher and the hreflang alternates
list only the languages a page is live in.
"""

import re

from django.conf import settings
from django.http import Http404
from django.urls import translate_url
from django.utils import translation
from django.utils.translation import get_language_info

from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Page, Site
from wagtail.views import serve as wagtail_serve

from portal.cached import kept_for_this_generation
from portal.sites import specific_root_page
from portal.visibility import skip_restriction_check_if_none

from .locales import active_and_default_locales, with_cached_locale


def default_language_code():
    return get_supported_content_language_variant(settings.LANGUAGE_CODE)


def language_name(code):
    """The language's own name ("Cymraeg"), as a switcher shows it."""
    return dict(settings.LANGUAGES).get(code) or get_language_info(code)["name_local"]


def root_page_in_active_locale(request, site):
    """The site's home page in the visitor's language where that is live, else the
    site's own, as their specific type; the locales come from the cache
    (Wagtail's `root_page.localized` asks the database for the active one)."""
    root = specific_root_page(site)
    active, _default = active_and_default_locales(request)
    if active is not None and root.locale_id != active.pk:
        translated = root.get_translation_or_none(active)
        if translated is not None and translated.live:
            return translated.specific
    return root


def route(request, root, path):
    components = [component for component in path.split("/") if component]
    try:
        return root.route(request, components)
    except Http404:
        return None


def serve(request, path):
    """Wagtail's serve view, except that a page missing in the visitor's language falls back
    to the default language's page at the same address instead of a 404.

    Wagtail routes /cy/... from the Welsh home page, so once the home page is translated,
    every page that is not (yet) is a 404 under /cy/. Here the same address is routed from
    the default home page: its live translation is served if it has one (reached through
    a parent not yet translated), else the page itself.

    The route is found here as Wagtail's `Page.route_for_request` would, with the cached
    site and locales, and put on the request where Wagtail's serve() takes it.
    """
    site = Site.find_for_request(request)
    result = route(request, root_page_in_active_locale(request, site), path) if site else None
    if (
        result is None
        and site is not None
        and translation.get_language() != default_language_code()
    ):
        result = route(request, specific_root_page(site), path)
        if result is not None:
            page, args, kwargs = result
            active, _default = active_and_default_locales(request)
            translated = page.get_translation_or_none(active) if active else None
            if translated is not None and translated.live and not translated.alias_of_id:
                result = (translated.specific, args, kwargs)
    if result is not None:
        page, args, kwargs = result
        skip_restriction_check_if_none(with_cached_locale(page, request))
        result = (page, args, kwargs)
    request._wagtail_route_for_request = result
    return wagtail_serve(request, path)


def _live_translations(page):
    """{language code: page} of the page's live versions, aliases left out (they show another
    language's content). One query: no .public() (a second query), as wagtail-localize gives
    a translation its source's view restrictions, so a visitor who may see this page may
    see its translations."""
    versions = (
        Page.objects.live()
        .filter(translation_key=page.translation_key, alias_of__isnull=True)
        .select_related("locale")
    )
    return {version.locale.language_code: version for version in versions}


def language_versions(request, page=None):
    """The addresses of what the visitor sees in every language it exists in.

    Returns {"versions": [{code, name, url, absolute_url, current}], "x_default": url}.
    A page lists its live translations (a sub-address of a routable page, e.g.
    /working-groups/propose/, keeps its tail); a view that is not a page (search) exists in
    every language. Looked up once per request (base.html asks twice); a page's versions'
    addresses are kept until a page changes.
    """
    cached = getattr(request, "_portal_language_versions", None)
    if cached is not None:
        return cached
    current = translation.get_language()
    urls = {}
    if page is not None and getattr(page, "translation_key", None):
        page_url = page.get_url(request) or ""
        path = request.path
        if page.locale.language_code != current and path.startswith(f"/{current}/"):
            # The default language's page shown at /cy/... (fallback): its own address
            # has no prefix.
            path = path[len(current) + 1 :]
        tail = path[len(page_url) :] if path.startswith(page_url) else ""
        query = request.META.get("QUERY_STRING", "")
        site = getattr(request, "_wagtail_site", None)
        version_urls = kept_for_this_generation(
            f"language-versions:{site.pk if site else None}:{current}:{page.pk}",
            lambda: {
                code: version.get_url(request) for code, version in _live_translations(page).items()
            },
        )
        for code, url in version_urls.items():
            if url is None:
                continue
            urls[code] = url + tail + (f"?{query}" if query and tail else "")
    elif page is None:
        for code, _name in settings.LANGUAGES:
            urls[code] = translate_url(request.get_full_path(), code)
    versions = [
        {
            "code": code,
            "name": language_name(code),
            "url": urls[code],
            "absolute_url": request.build_absolute_uri(urls[code]),
            "current": code == current,
        }
        for code, _name in settings.LANGUAGES
        if code in urls
    ]
    default = urls.get(default_language_code())
    result = {
        "versions": versions,
        "x_default": request.build_absolute_uri(default) if default else None,
    }
    request._portal_language_versions = result
    return result


def glossary_terms_in(texts, target_language_code):
    """The glossary entries whose term occurs in any of `texts`, with their agreed
    translation into the target language (or None when none is agreed yet)."""
    from .models import GlossaryTerm

    text = "\n".join(texts)
    found = []
    for term in GlossaryTerm.objects.prefetch_related("translations"):
        # Whole words, plurals included ("working groups").
        pattern = r"(?<!\w)" + re.escape(term.term) + r"(?:s|es)?(?!\w)"
        if re.search(pattern, text, flags=re.IGNORECASE):
            agreed = next(
                (t for t in term.translations.all() if t.language_code == target_language_code),
                None,
            )
            found.append({"term": term, "translation": agreed})
    return found

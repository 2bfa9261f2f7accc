"""The main menu and the footer text, as every page shows them: kept in the shared cache
until a menu, a menu link or a footer is saved or deleted (portal/cached.py).

The links as shown (the pages' titles and addresses in the visitor's language) are kept
too, until a page is published, unpublished, moved or deleted, or the menu changes.
"""

from django.db.models import Q
from django.utils.safestring import mark_safe

from wagtail.models import Page
from wagtail.templatetags.wagtailcore_tags import richtext

from localisation.locales import active_and_default_locales, locale_by_id
from portal.cached import CachedUntilSaved

from .models import FooterText, MainMenu, MainMenuItem


def _live_menus():
    """{locale id: [link]} of the live menus (a live menu with no links included)."""
    menus = {
        menu_id: (locale_id, [])
        for menu_id, locale_id in MainMenu.objects.filter(live=True).values_list("pk", "locale_id")
    }
    items = MainMenuItem.objects.filter(menu_id__in=menus).order_by("sort_order", "pk")
    for item in items.values(
        "menu_id",
        "link_page_id",
        "link_page__translation_key",
        "link_page__locale_id",
        "link_url",
        "link_text",
    ):
        menus[item["menu_id"]][1].append(item)
    return dict(menus.values())


def _live_footers():
    return dict(FooterText.objects.filter(live=True).values_list("locale_id", "body"))


LIVE_MENUS = CachedUntilSaved("main-menus", _live_menus, MainMenu, MainMenuItem)
LIVE_FOOTERS = CachedUntilSaved("footer-texts", _live_footers, FooterText)
# {(site id, locale id): [{url, text}]}
MENU_LINKS = CachedUntilSaved("main-menu-links", dict, MainMenu, MainMenuItem, pages=True)
# {(site id, locale id): the footer as HTML}: its links to pages are expanded into their
# addresses, which change when a page does.
FOOTER_HTML = CachedUntilSaved("footer-html", dict, FooterText, pages=True)


def in_visitors_locale(by_locale, request):
    """The visitor's language's entry of a {locale id: value} dict, else the default's."""
    active, default = active_and_default_locales(request)
    if active.pk in by_locale:
        return by_locale[active.pk]
    return by_locale.get(default.pk)


def footer_body(request):
    return in_visitors_locale(LIVE_FOOTERS.get(), request) or ""


def footer_html(request):
    """The visitor's footer as HTML, its rich text expanded (three queries, done once)."""
    active, _default = active_and_default_locales(request)
    site = getattr(request, "_wagtail_site", None)
    key = (site.pk if site else None, active.pk if active else None)
    html = FOOTER_HTML.entry(key, lambda: str(richtext(footer_body(request))))
    return mark_safe(html)  # noqa: S308 - Wagtail's rich text, as the filter makes it


def menu_links(request):
    """[{url, text, current}] of the visitor's menu (see `links_of_menu`)."""
    active, _default = active_and_default_locales(request)
    site = getattr(request, "_wagtail_site", None)
    key = (site.pk if site else None, active.pk)
    links = MENU_LINKS.entry(key, lambda: links_of_menu(request))
    return [{**link, "current": link["url"] == request.path} for link in links]


def links_of_menu(request):
    """[{url, text}] of the visitor's menu: a page's translation into the visitor's
    language where it is live, else the page itself at its address under the visitor's
    language prefix (shown there with a notice, localisation/translation.py); links to
    pages that are not live are left out."""
    items = in_visitors_locale(LIVE_MENUS.get(), request) or []
    active, default = active_and_default_locales(request)
    page_ids = [item["link_page_id"] for item in items if item["link_page_id"]]
    foreign = [
        item["link_page__translation_key"]
        for item in items
        if item["link_page_id"] and item["link_page__locale_id"] != active.pk
    ]
    pages, translations = {}, {}
    if page_ids:
        in_active = Q(locale=active, translation_key__in=foreign, live=True, alias_of__isnull=True)
        for page in Page.objects.filter(Q(pk__in=page_ids) | in_active):
            if page.pk in page_ids:
                pages[page.pk] = page
            if page.locale_id == active.pk:
                translations[page.translation_key] = page
    links = []
    for item in items:
        if item["link_page_id"] is None:
            url, text = item["link_url"], item["link_text"]
        else:
            page = pages.get(item["link_page_id"])
            if page is None:
                continue
            version = translations.get(page.translation_key, page)
            if not version.live:
                continue
            url = address_in_language(version.get_url(request), version, request)
            text = item["link_text"] or version.title
        links.append({"url": url, "text": text})
    return links


def address_in_language(url, page, request):
    """`url` (the page's address or one of its routes) under the visitor's language prefix
    when the page is in another language."""
    from django.urls import translate_url
    from django.utils import translation

    active, default = active_and_default_locales(request)
    if url and active and active != default and page.locale_id != active.pk:
        # translate_url resolves the address in its own language first.
        with translation.override(locale_by_id(page.locale_id, request).language_code):
            url = translate_url(url, active.language_code)
    return url

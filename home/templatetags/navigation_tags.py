from django import template
from django.urls import translate_url
from django.utils import translation

from wagtail.models import Page

from home.models import FooterText, MainMenu
from localisation.locales import active_and_default_locales, in_active_locale

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    # Live rows only: a draft menu (say a new translation) waits in its revisions for a
    # moderator, and the visitor gets the default language's live menu meanwhile.
    menu = in_active_locale(MainMenu.objects.filter(live=True), request)
    links = []
    if menu is not None:
        items = list(menu.items.select_related("link_page"))
        localized = visitors_versions([item.link_page for item in items if item.link_page], request)
        for item in items:
            if item.link_page is not None:
                page, url = localized[item.link_page.pk]
                if page is None:
                    continue
                text = item.link_text or page.title
            else:
                url, text = item.link_url, item.text
            links.append({"url": url, "text": text, "current": url == request.path})
    return {"links": links}


def visitors_versions(pages, request):
    """{page id: (the live version to link to or None, its URL)}: a menu page's translation
    into the visitor's language where it is live (one query, only when a page is in another
    language), else the page itself, at its address under the visitor's language prefix,
    where it is shown with a notice (localisation/translation.py) and the visitor stays in their
    language."""
    active, default = active_and_default_locales(request)
    foreign = [page.translation_key for page in pages if active and page.locale_id != active.pk]
    translations = {}
    if foreign:
        translations = {
            version.translation_key: version
            for version in Page.objects.live().filter(
                locale=active, translation_key__in=foreign, alias_of__isnull=True
            )
        }
    versions = {}
    for page in pages:
        version = translations.get(page.translation_key, page)
        if not version.live:
            versions[page.pk] = (None, None)
            continue
        versions[page.pk] = (
            version,
            address_in_language(version.get_url(request), version, active, default),
        )
    return versions


def address_in_language(url, page, active, default):
    """`url` (the page's address or one of its routes) under the visitor's language prefix
    when the page is in another language."""
    if url and active and active != default and page.locale_id != active.pk:
        # translate_url resolves the address in its own language first.
        page_language = (
            default.language_code if page.locale_id == default.pk else page.locale.language_code
        )
        with translation.override(page_language):
            url = translate_url(url, active.language_code)
    return url


@register.simple_tag(takes_context=True)
def in_visitors_language(context, page, route_url=None):
    """Where a page's form posts: an untranslated page shown at /cy/... posts back under /cy/,
    so the visitor's thank-you and error messages stay in their language."""
    request = context["request"]
    active, default = active_and_default_locales(request)
    return address_in_language(route_url or page.get_url(request), page, active, default)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """Media on S3 have absolute URLs already; local ones need the site's address."""
    return context["request"].build_absolute_uri(url) if url.startswith("/") else url


@register.simple_tag(takes_context=True)
def footer_text(context):
    footer = in_active_locale(FooterText.objects.filter(live=True), context.get("request"))
    return footer.body if footer else ""


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """The address of another page of this listing, keeping its other parameters."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["page"] = number
    return "?" + query.urlencode()

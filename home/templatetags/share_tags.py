"""`{% share_meta %}`: the Open Graph and Twitter tags of a page, with its share card as
made by the worker (home/sharecards.py); never made here."""

from django import template
from django.utils.html import strip_tags

from wagtail.models import Page, Site

from home.sharecards import shown_card

register = template.Library()


def description_of(page):
    for attribute in ("search_description", "intro", "summary", "hero_text"):
        text = getattr(page, attribute, "")
        if text:
            return strip_tags(str(text)).strip()
    return ""


def page_full_url(context):
    """The address of the page shown (a view that is not a page has none), worked out with
    the request, so Wagtail takes the site's root paths from it, not from the cache again."""
    page = context.get("page")
    if not isinstance(page, Page):
        return ""
    request = context.get("request")
    if request is not None and not hasattr(request, "_portal_page_full_url"):
        request._portal_page_full_url = page.get_full_url(request) or ""
    return request._portal_page_full_url if request is not None else page.get_full_url() or ""


@register.simple_tag(takes_context=True)
def canonical_url(context):
    return page_full_url(context)


@register.inclusion_tag("includes/share_meta.html", takes_context=True)
def share_meta(context):
    request = context.get("request")
    page = context.get("page")
    if not isinstance(page, Page):
        page = None
    site = Site.find_for_request(request) if request is not None else None
    card = shown_card(page.pk) if page is not None and page.pk else {}
    if not card and site is not None:
        card = shown_card(site.root_page_id)
    image_url = card.get("url", "")
    if image_url.startswith("/") and request is not None:
        image_url = request.build_absolute_uri(image_url)
    return {
        "page": page,
        "page_url": page_full_url(context),
        "title": (page.seo_title or page.title) if page else "",
        "description": description_of(page) if page else "",
        "site_name": site.site_name if site else "",
        "card": card,
        "image_url": image_url,
    }

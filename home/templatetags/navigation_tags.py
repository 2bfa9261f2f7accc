from django import template

from home.navigation import address_in_language, footer_html, menu_links

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    return {"links": menu_links(context["request"])}


@register.simple_tag(takes_context=True)
def in_visitors_language(context, page, route_url=None):
    """Where a page's form posts: an untranslated page shown at /cy/... posts back under /cy/,
    so the visitor's thank-you and error messages stay in their language."""
    request = context["request"]
    return address_in_language(route_url or page.get_url(request), page, request)


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """Media on S3 have absolute URLs already; local ones need the site's address."""
    return context["request"].build_absolute_uri(url) if url.startswith("/") else url


@register.simple_tag(takes_context=True)
def footer_text(context):
    return footer_html(context.get("request"))


@register.simple_tag(takes_context=True)
def page_link(context, number):
    """The address of another page of this listing, keeping its other parameters."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    query["page"] = number
    return "?" + query.urlencode()

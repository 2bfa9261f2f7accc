from django import template

from home.locales import in_active_locale
from home.models import FooterText, MainMenu

register = template.Library()


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    menu = in_active_locale(MainMenu.objects.all(), request)
    links = []
    if menu is not None:
        for item in menu.items.select_related("link_page"):
            if item.link_page is not None:
                if not item.link_page.live:
                    continue
                url = item.link_page.get_url(request)
            else:
                url = item.link_url
            links.append({"url": url, "text": item.text, "current": url == request.path})
    return {"links": links}


@register.simple_tag(takes_context=True)
def absolute_url(context, url):
    """Media on S3 have absolute URLs already; local ones need the site's address."""
    return context["request"].build_absolute_uri(url) if url.startswith("/") else url


@register.simple_tag(takes_context=True)
def footer_text(context):
    footer = in_active_locale(FooterText.objects.all(), context.get("request"))
    return footer.body if footer else ""

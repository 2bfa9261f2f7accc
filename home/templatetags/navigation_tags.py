from django import template

from wagtail.models import Locale

from home.models import FooterText, MainMenu

register = template.Library()


def for_active_locale(queryset):
    """The object in the visitor's language, else the one in the default language."""
    active = Locale.get_active()
    found = queryset.filter(locale=active).first()
    if found is None and active != Locale.get_default():
        found = queryset.filter(locale=Locale.get_default()).first()
    return found


@register.inclusion_tag("includes/main_menu.html", takes_context=True)
def main_menu(context):
    request = context["request"]
    menu = for_active_locale(MainMenu.objects.all())
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


@register.simple_tag
def footer_text():
    footer = for_active_locale(FooterText.objects.all())
    return footer.body if footer else ""

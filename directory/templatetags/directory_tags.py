import math

from django import template
from django.utils.translation import gettext, ngettext

from directory.models import LocalGroupIndexPage

register = template.Library()


@register.filter
def miles(distance):
    """A distance for people: whole miles, and "under 1 mile" rather than "0 miles"."""
    if distance is None:
        return ""
    if distance < 1:
        return gettext("under 1 mile")
    rounded = math.floor(distance + 0.5)
    return ngettext("%(miles)d mile", "%(miles)d miles", rounded) % {"miles": rounded}


@register.inclusion_tag("directory/includes/find_local_group.html", takes_context=True)
def find_local_group(context):
    """The home page's postcode box: a plain form that opens the directory's list."""
    request = context["request"]
    return {"request": request, "index_page": LocalGroupIndexPage.for_active_locale(request)}

from django import template

from workinggroups.models import WorkingGroupIndexPage, WorkingGroupPage

register = template.Library()


@register.inclusion_tag("workinggroups/includes/home_working_groups.html", takes_context=True)
def working_groups(context, count=6):
    """Open working groups (active or proposed) for the home page, with a link to them all."""
    request = context["request"]
    index_page = WorkingGroupIndexPage.for_active_locale(request)
    groups = []
    if index_page is not None:
        groups = list(index_page.groups().exclude(status=WorkingGroupPage.STATUS_CLOSED)[:count])
    return {"request": request, "index_page": index_page, "groups": groups}

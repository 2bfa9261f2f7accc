from django.contrib import messages
from django.shortcuts import redirect
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.models import Page

from .queue import moderation_queue_for
from .roles import is_moderator, may_delete


class ModerationQueuePanel(Component):
    """Dashboard panel: the pages waiting for this moderator, oldest first."""

    name = "moderation_queue"
    template_name = "moderation/admin/moderation_queue_panel.html"
    # Above Wagtail's own panels: it is what a moderator opens the admin for.
    order = 50

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = self.rows
        return context


@hooks.register("construct_homepage_panels")
def show_moderation_queue(request, panels):
    if not is_moderator(request.user):
        return
    # Wagtail's "Awaiting your review" lists the same pages newest first without their
    # age or origin: one list is clearer than two.
    panels[:] = [panel for panel in panels if not isinstance(panel, WorkflowObjectsToModeratePanel)]
    panels.append(ModerationQueuePanel(moderation_queue_for(request.user)))


DELETE_REFUSED = _(
    "You cannot delete this page. A live page must be unpublished by a moderator first, "
    "and only a moderator may delete a page someone else wrote."
)


@hooks.register("before_delete_page")
def refuse_deletion_beyond_role(request, page):
    if not may_delete(request.user, page):
        messages.error(request, DELETE_REFUSED)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deletion_beyond_role(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    if any(isinstance(obj, Page) and not may_delete(request.user, obj) for obj in objects):
        messages.error(request, DELETE_REFUSED)
        return redirect("wagtailadmin_explore_root")
    return None

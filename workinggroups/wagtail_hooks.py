from django.contrib.auth import get_user_model
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.permission_policies.base import BasePermissionPolicy
from wagtail.permissions import register_permission_policy
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import Aim, GroupProposal, JoinRequest

MODERATORS_GROUP = "Moderators"


class AimViewSet(SnippetViewSet):
    model = Aim
    icon = "pick"
    menu_label = _("Aims of working groups")
    list_display = ["name", "sort_order", "locale"]
    add_to_admin_menu = True
    menu_order = 260


register_snippet(AimViewSet)


class ModeratorsMayReadPolicy(BasePermissionPolicy):
    """Only moderators and superusers may read these records, and nobody may change them.

    They hold what members of the public told us about themselves and their politics:
    editors, who do not answer them, have no need to see them, and the record of what
    someone asked and agreed to must stay as they sent it.
    """

    def user_has_permission(self, user, action):
        if action != "view" or not (user.is_authenticated and user.is_active):
            return False
        return user.is_superuser or user.groups.filter(name=MODERATORS_GROUP).exists()

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name=MODERATORS_GROUP)).distinct()


register_permission_policy(JoinRequest, ModeratorsMayReadPolicy(JoinRequest))
register_permission_policy(GroupProposal, ModeratorsMayReadPolicy(GroupProposal))


class JoinRequestViewSet(ModelViewSet):
    model = JoinRequest
    icon = "mail"
    menu_label = _("Requests to join")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["name", "group", "created_at"]
    list_filter = ["group"]
    search_fields = ["name", "email", "message"]
    inspect_view_fields = [
        "group",
        "name",
        "email",
        "message",
        "consent_text",
        "consented_at",
        "created_at",
    ]
    # No form is ever shown: the policy refuses adding and changing.
    form_fields = ["name"]


class GroupProposalViewSet(ModelViewSet):
    model = GroupProposal
    icon = "help"
    menu_label = _("Proposals of new groups")
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = ["proposed_name", "proposer_name", "created_at"]
    search_fields = ["proposed_name", "proposer_name", "proposer_email"]
    inspect_view_fields = [
        "proposed_name",
        "page",
        "proposer_name",
        "proposer_email",
        "proposal_text",
        "consent_text",
        "consented_at",
        "created_at",
    ]
    form_fields = ["proposed_name"]


class WorkingGroupRecordsGroup(ModelViewSetGroup):
    items = (JoinRequestViewSet, GroupProposalViewSet)
    menu_icon = "group"
    menu_label = _("Working group mail")
    menu_order = 270


@hooks.register("register_admin_viewset")
def register_working_group_records():
    return WorkingGroupRecordsGroup()

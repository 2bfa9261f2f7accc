"""The admin's list of sign-in lock-outs: who is locked out, from where, until when."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import BasePermissionPolicy

from axes.models import AccessAttempt

from moderation.roles import MODERATORS, is_moderator


class LockoutPermissionPolicy(BasePermissionPolicy):
    """Moderators and superusers may read the list; nobody edits it in the admin (a
    lock-out ends by itself, or `manage.py axes_reset_username NAME` ends it)."""

    def user_has_permission(self, user, action):
        return action == "view" and is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def users_with_any_permission(self, actions):
        if "view" not in actions:
            return get_user_model().objects.none()
        return (
            get_user_model()
            .objects.filter(Q(is_superuser=True) | Q(groups__name=MODERATORS), is_active=True)
            .distinct()
        )


class LockoutViewSet(ModelViewSet):
    model = AccessAttempt
    icon = "lock"
    menu_label = _("Sign-in lock-outs")
    add_to_admin_menu = False
    url_prefix = "sign-in-lockouts"
    name = "sign_in_lockouts"
    form_fields = ["username"]  # never shown: nobody may edit (LockoutPermissionPolicy)
    inspect_view_enabled = False
    list_display = [
        Column("username", label=_("Username")),
        Column("ip_address", label=_("Address")),
        Column("failures_since_start", label=_("Failed sign-ins")),
        DateColumn("attempt_time", label=_("Last attempt")),
    ]
    list_filter = []
    search_fields = ["username"]
    ordering = ["-attempt_time"]

    def get_queryset(self, request):
        return AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)

    def get_permissions_to_register(self):
        return Permission.objects.none()

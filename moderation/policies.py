"""Who may read the records of what members of the public sent through the site's forms."""

from django.contrib.auth import get_user_model
from django.db.models import Q

from wagtail.permission_policies.base import BasePermissionPolicy

from .roles import MODERATORS, is_moderator


class ModeratorsMayReadPolicy(BasePermissionPolicy):
    """Only moderators and superusers may read these records, and nobody may change them.

    They hold what members of the public told us about themselves and their politics:
    editors, who do not answer them, have no need to see them, and the record of what
    someone asked and agreed to must stay as they sent it.
    """

    def user_has_permission(self, user, action):
        if action != "view" or not (user.is_authenticated and user.is_active):
            return False
        return is_moderator(user)

    def user_has_any_permission(self, user, actions):
        return "view" in actions and self.user_has_permission(user, "view")

    def users_with_any_permission(self, actions):
        users = get_user_model().objects.filter(is_active=True)
        if "view" not in actions:
            return users.none()
        return users.filter(Q(is_superuser=True) | Q(groups__name=MODERATORS)).distinct()

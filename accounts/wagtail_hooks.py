from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from axes.models import AccessAttempt

from accounts.viewsets import LockoutPermissionPolicy, LockoutViewSet
from home.roles import is_moderator

register_permission_policy(AccessAttempt, LockoutPermissionPolicy(AccessAttempt))
lockout_viewset = LockoutViewSet()


@hooks.register("register_admin_viewset")
def register_lockout_viewset():
    return lockout_viewset


class LockoutMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_settings_menu_item")
def register_lockout_menu_item():
    return LockoutMenuItem(
        _("Sign-in lock-outs"),
        reverse("sign_in_lockouts:index"),
        icon_name="lock",
        order=900,
    )


@hooks.register("register_account_menu_item")
def register_two_factor_account_item(request):
    return {
        "url": reverse("accounts_two_factor_enrol"),
        "label": _("Two-factor authentication"),
        "help_text": _("Sign in with a code from your phone as well as your password."),
    }

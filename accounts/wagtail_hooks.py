from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import register_permission_policy

from axes.models import AccessAttempt

from accounts.viewsets import LockoutPermissionPolicy, LockoutViewSet
from moderation.roles import is_moderator
from privacy.retention import PERSONAL_DATA_HOOK

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


@hooks.register(PERSONAL_DATA_HOOK)
def expired_sign_in_attempts(cutoff):
    # Failed sign-ins name an account and an address; once the lock-out they could cause
    # is over they serve nothing, so the daily purge takes them then, not months later.
    lock_over = timezone.now() - settings.AXES_COOLOFF_TIME
    return {
        "failed sign-in records": AccessAttempt.objects.filter(
            attempt_time__lt=max(cutoff, lock_over)
        )
    }

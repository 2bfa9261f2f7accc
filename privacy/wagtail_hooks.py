from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.menu import MenuItem

from moderation.roles import is_moderator

from .admin_views import personal_data_requests
from .audit import PERSONAL_DATA_ACTIONS


@hooks.register("filter_form_submissions_for_user")
def limit_form_submissions_to_moderators(user, queryset):
    # Form submissions hold what members of the public wrote about themselves and their
    # politics: only moderators, who answer them, may read them, not every page editor.
    if is_moderator(user):
        return queryset
    return queryset.none()


@hooks.register("register_log_actions")
def register_personal_data_log_actions(actions):
    for action, label in PERSONAL_DATA_ACTIONS.items():
        actions.register_action(action, label, label)


@hooks.register("register_admin_urls")
def register_personal_data_requests_url():
    return [path("personal-data/", personal_data_requests, name="privacy_personal_data")]


class SuperuserMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_superuser


@hooks.register("register_settings_menu_item")
def personal_data_requests_menu_item():
    return SuperuserMenuItem(
        _("Personal data requests"),
        reverse("privacy_personal_data"),
        icon_name="user",
        order=900,
    )

from django import forms
from django.contrib import messages
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.viewsets.model import ModelViewSet, ModelViewSetGroup
from wagtail.admin.widgets import Button
from wagtail.permissions import register_permission_policy

from moderation.policies import ModeratorsMayReadPolicy
from moderation.roles import is_moderator
from privacy.records import PersonalRecordViewSet
from privacy.retention import PERSONAL_DATA_HOOK, pages_in_moderation
from privacy.subject_access import PERSONAL_RECORDS_HOOK, PersonalRecords

from .convenors import (
    convenors_of,
    grant_convenor_access,
    revoke_convenor_access,
    send_password_setting_email,
)
from .models import GroupMessage, GroupRegistration, LocalGroupPage, PostcodeDistrict

register_permission_policy(PostcodeDistrict, ModeratorsMayReadPolicy(PostcodeDistrict))


class GroupMessageViewSet(PersonalRecordViewSet):
    model = GroupMessage
    icon = "mail"
    menu_label = _("Messages to groups")
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
        "lawful_basis",
        "created_at",
    ]
    # No form is ever shown: the policy refuses adding and changing.
    form_fields = ["name"]


class GroupRegistrationViewSet(PersonalRecordViewSet):
    model = GroupRegistration
    icon = "help"
    menu_label = _("Group registrations")
    list_display = ["group_name", "contact_name", "created_at"]
    search_fields = ["group_name", "contact_name", "contact_email"]
    inspect_view_fields = [
        "group_name",
        "page",
        "contact_name",
        "contact_email",
        "consent_text",
        "consented_at",
        "lawful_basis",
        "created_at",
    ]
    form_fields = ["group_name"]


class PostcodeDistrictViewSet(ModelViewSet):
    model = PostcodeDistrict
    icon = "site"
    menu_label = _("Postcode districts")
    copy_view_enabled = False
    list_display = ["outward_code", "latitude", "longitude", "region"]
    list_filter = ["region"]
    search_fields = ["outward_code"]
    form_fields = ["outward_code"]


class DirectoryRecordsGroup(ModelViewSetGroup):
    items = (GroupRegistrationViewSet, GroupMessageViewSet, PostcodeDistrictViewSet)
    menu_icon = "group"
    menu_label = _("Local groups")
    menu_order = 280


@hooks.register("register_admin_viewset")
def register_directory_records():
    return DirectoryRecordsGroup()


class ConvenorAccessForm(forms.Form):
    email = forms.EmailField(label=_("Convenor's email address"))


def convenor_access(request, page_id):
    """Moderators give a group's convenor an account limited to that group's page."""
    if not is_moderator(request.user):
        raise PermissionDenied
    page = get_object_or_404(LocalGroupPage, pk=page_id)
    form = ConvenorAccessForm(request.POST or None)
    if request.method == "POST":
        if request.POST.get("revoke"):
            convenor = get_object_or_404(get_user_model(), pk=request.POST["revoke"])
            revoke_convenor_access(page, convenor)
            messages.success(
                request, _("%(email)s may no longer edit this group.") % {"email": convenor.email}
            )
            return redirect("directory_convenor_access", page.pk)
        if form.is_valid():
            user, created = grant_convenor_access(page, form.cleaned_data["email"])
            if created:
                send_password_setting_email(user, request)
            messages.success(
                request,
                _("%(email)s may now edit this group's page and add its news.")
                % {"email": user.email},
            )
            return redirect("directory_convenor_access", page.pk)
    return TemplateResponse(
        request,
        "directory/admin/convenor_access.html",
        {"page": page, "form": form, "convenors": convenors_of(page)},
    )


@hooks.register("register_admin_urls")
def register_convenor_access_url():
    return [
        path(
            "directory/convenors/<int:page_id>/",
            convenor_access,
            name="directory_convenor_access",
        )
    ]


@hooks.register("register_page_header_buttons")
def convenor_access_button(page, user, view_name, next_url=None):
    if page.specific_class is LocalGroupPage and is_moderator(user):
        yield Button(
            _("Convenor access"),
            reverse("directory_convenor_access", args=[page.pk]),
            icon_name="group",
            priority=80,
        )


@hooks.register(PERSONAL_DATA_HOOK)
def expired_directory_personal_data(cutoff):
    return {
        "messages to local groups": GroupMessage.objects.filter(created_at__lt=cutoff),
        # Who registered a group stays while a moderator may still need to ask them, and
        # while the group's messages go to them (its page has no address of its own).
        "local group registrations": GroupRegistration.objects.filter(created_at__lt=cutoff)
        .exclude(page_id__in=pages_in_moderation())
        .exclude(page__live=True, page__contact_email=""),
    }


@hooks.register(PERSONAL_RECORDS_HOOK)
def directory_personal_records():
    return [
        PersonalRecords(
            _("messages to local groups"),
            lambda email: GroupMessage.objects.filter(email__iexact=email),
        ),
        PersonalRecords(
            _("local group registrations"),
            lambda email: GroupRegistration.objects.filter(contact_email__iexact=email),
        ),
    ]

"""Convenor access: an account that may edit one group's page and add its news, nothing else.

Each group gets its own Django group, "Convenors: <group> (<page id>)", holding Wagtail's
page-level permissions "add" and "change" on that group's page (and so on the news pages
under it) and access to the admin. It has no "publish": what a convenor saves goes to the
"Moderator approval" workflow like every editor's work. Moderators give and take away
access from the group page's header in the admin (directory/wagtail_hooks.py).
"""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.forms import PasswordResetForm
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from wagtail.models import GroupPagePermission

CONVENOR_PAGE_PERMISSIONS = ["add_page", "change_page"]
CONVENOR_GROUP_PREFIX = "Convenors: "


def convenor_group_name(page):
    # Group names are unique and at most 150 characters; the page id keeps them apart.
    suffix = f" ({page.pk})"
    return (
        CONVENOR_GROUP_PREFIX
        + page.title[: 150 - len(CONVENOR_GROUP_PREFIX) - len(suffix)]
        + suffix
    )


def convenor_group(page):
    """The Django group of this page's convenors, with its permissions (created if missing)."""
    group = Group.objects.filter(
        page_permissions__page=page, name__startswith=CONVENOR_GROUP_PREFIX
    ).first()
    if group is None:
        group = Group.objects.create(name=convenor_group_name(page))
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        for codename in CONVENOR_PAGE_PERMISSIONS:
            GroupPagePermission.objects.create(
                group=group,
                page=page,
                permission=Permission.objects.get(
                    content_type__app_label="wagtailcore", codename=codename
                ),
            )
    return group


def convenors_of(page):
    group = Group.objects.filter(
        page_permissions__page=page, name__startswith=CONVENOR_GROUP_PREFIX
    ).first()
    if group is None:
        return get_user_model().objects.none()
    return group.user_set.order_by("email")


def unused_convenor_username():
    """A username that says nothing about the person; their email stays in the email
    field, and Wagtail's password email tells them the username."""
    User = get_user_model()
    while True:
        username = f"convenor-{secrets.token_hex(4)}"
        if not User.objects.filter(username=username).exists():
            return username


@transaction.atomic
def grant_convenor_access(page, email, request=None):
    """Give the account with this email address convenor access to the page, creating the
    account (with no password) when there is none. Returns (user, created)."""
    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    created = user is None
    if created:
        # Not the email: usernames show in the admin's histories, to every editor.
        user = User.objects.create_user(username=unused_convenor_username(), email=email)
        user.set_unusable_password()
        user.save()
    user.groups.add(convenor_group(page))
    return user, created


def send_password_setting_email(user, request):
    """Wagtail's own "set your password" email: the convenor chooses their password, which
    nobody else ever sees."""
    form = PasswordResetForm({"email": user.email})
    if form.is_valid():
        form.get_users = lambda email: [user]  # also for an account with no password yet
        form.save(
            request=request,
            use_https=request.is_secure(),
            subject_template_name="wagtailadmin/account/password_reset/email_subject.txt",
            email_template_name="wagtailadmin/account/password_reset/email.txt",
        )


def revoke_convenor_access(page, user):
    group = Group.objects.filter(
        page_permissions__page=page, name__startswith=CONVENOR_GROUP_PREFIX
    ).first()
    if group is not None:
        user.groups.remove(group)

"""wagtail-localize's "Translate" (submit for translation) checks only that the member may
submit translations at all, not that they may edit what they ask to copy: a member with
that permission and rights on one page could copy any other page, drafts included, into a
translation they can then read. These views add the missing check and hand over to
wagtail-localize's own (portal/urls.py routes them first)."""

from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from wagtail.admin.auth import require_admin_access
from wagtail.models import Page
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.views.submit_translations import (
    SubmitPageTranslationView,
    SubmitSnippetTranslationView,
)


@require_admin_access
def submit_page_translation(request, page_id):
    page = get_object_or_404(Page, id=page_id)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    return SubmitPageTranslationView.as_view()(request, page_id=page_id)


@require_admin_access
def submit_snippet_translation(request, app_label, model_name, pk):
    model = apps.get_model(app_label, model_name)
    if not request.user.has_perm(get_permission_name("change", model)):
        raise PermissionDenied
    return SubmitSnippetTranslationView.as_view()(
        request, app_label=app_label, model_name=model_name, pk=pk
    )

"""Admin side of translation: sending a wagtail-localize translation to the moderators, and
the glossary shown beside the text in wagtail-localize's editor.

wagtail-localize's editor saves each translated string as it is typed but writes them into
the page only when someone who may publish presses "Publish". A Translator may not publish,
so "Submit to Moderator approval" (added to the editor by
templates/wagtail_localize/admin/edit_translation.html) saves the translated strings as a
draft revision of the page and starts the page's workflow, as the page editor's own submit
button does. The moderator approves it in the workflow, which publishes it.
"""

import logging

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page
from wagtail_localize.models import String, Translation

from .translation import glossary_terms_in

logger = logging.getLogger(__name__)


@require_POST
def submit_translation_for_moderation(request, translation_id):
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    page = translation.get_target_instance()
    if not isinstance(page, Page):
        raise PermissionDenied
    page = page.specific
    edit_url = redirect("wagtailadmin_pages:edit", page.pk)
    if not page.permissions_for_user(request.user).can_edit():
        raise PermissionDenied
    if page.workflow_in_progress:
        messages.error(request, _("This translation is already waiting for a moderator."))
        return edit_url
    workflow = page.get_workflow()
    if workflow is None:
        messages.error(request, _("No moderation workflow applies to this page."))
        return edit_url
    # A draft revision with every string translated so far (untranslated ones stay in the
    # source language), never published here.
    translation.save_target(user=request.user, publish=False)
    page.refresh_from_db()
    workflow.start(page, request.user)
    messages.success(
        request,
        _("'{title}' in {language} was submitted to {workflow}.").format(
            title=page.get_admin_display_title(),
            language=translation.target_locale.get_display_name(),
            workflow=workflow.name,
        ),
    )
    return edit_url


def glossary_for_translation(translation):
    """Glossary entries found in the source text of a translation, with the agreed
    translation into its target language."""
    texts = String.objects.filter(segments__source=translation.source).values_list(
        "data", flat=True
    )
    return glossary_terms_in(list(texts), translation.target_locale.language_code)

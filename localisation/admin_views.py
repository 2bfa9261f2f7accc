"""Admin side of translation: sending a wagtail-localize translation to the moderators, and
the glossary shown beside the text in wagtail-localize's editor.

wagtail-localize's editor saves each translated string as it is typed but writes them into
the page only when someone who may publish presses "Publish". A Translator may not publish,
so "Submit to Moderator approval" (added to the editor by
templates/wagtail_localize/admin/edit_translation.html) saves the translated strings as a
draft revision of the page and starts the page's workflow, as the page editor's own submit
button does. The moderator approves it in the workflow, which publishes it.

The footer text and the main menu are moderated the same way (home/models.py). But
wagtail-localize saving a draft writes it into the object's row, which is what visitors
see: a live page would change at once, before any approval, and a live snippet would go
offline (live=False). So the translated strings of a live page or a snippet go into a new
revision alone, as Wagtail's own editors do, and the live version stays until the
moderator publishes that revision. (A page not live yet is drafted by wagtail-localize.)
"""

import logging

from django.contrib import messages
from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from wagtail.models import Page, WorkflowMixin
from wagtail.snippets.permissions import get_permission_name
from wagtail_localize.models import String, Translation, TranslationLog

from .translation import glossary_terms_in

logger = logging.getLogger(__name__)


def is_moderated(instance):
    """Pages and the snippets that go through a workflow (footer text, main menu)."""
    return isinstance(instance, Page) or (
        isinstance(instance, WorkflowMixin) and instance.get_workflow() is not None
    )


@require_POST
def submit_translation_for_moderation(request, translation_id):
    translation = get_object_or_404(Translation, pk=translation_id, enabled=True)
    instance = translation.get_target_instance()
    if isinstance(instance, Page):
        instance = instance.specific
        edit_url = redirect("wagtailadmin_pages:edit", instance.pk)
        if not instance.permissions_for_user(request.user).can_edit():
            raise PermissionDenied
    elif isinstance(instance, WorkflowMixin):
        edit_url = redirect(instance.snippet_viewset.get_url_name("edit"), quote(instance.pk))
        if not request.user.has_perm(get_permission_name("change", type(instance))):
            raise PermissionDenied
    else:
        raise PermissionDenied
    if instance.workflow_in_progress:
        messages.error(request, _("This translation is already waiting for a moderator."))
        return edit_url
    workflow = instance.get_workflow()
    if workflow is None:
        messages.error(request, _("No moderation workflow applies to this page."))
        return edit_url
    # A draft revision with every string translated so far (untranslated ones stay in the
    # source language), never published here.
    if isinstance(instance, Page) and not instance.live:
        translation.save_target(user=request.user, publish=False)
    else:
        # A live page or any snippet: wagtail-localize would write into the row visitors see.
        save_translation_as_revision(translation, request.user)
    instance.refresh_from_db()
    workflow.start(instance, request.user)
    messages.success(
        request,
        _("'{title}' in {language} was submitted to {workflow}.").format(
            title=instance.get_admin_display_title()
            if isinstance(instance, Page)
            else str(instance),
            language=translation.target_locale.get_display_name(),
            workflow=workflow.name,
        ),
    )
    return edit_url


def save_translation_as_revision(translation, user):
    """What wagtail-localize's save_target(publish=False) does, except that the translated
    object is saved as a revision only: the row keeps the live version until a moderator
    publishes the revision."""
    source = translation.source
    # The translated object as wagtail-localize would save it, left unsaved: its
    # synchronised fields copied from the original and every translated string ingested.
    draft = source.get_ephemeral_translated_instance(translation.target_locale, fallback=True)
    draft.full_clean()
    revision = draft.save_revision(user=user)
    TranslationLog.objects.create(
        source=source, locale=translation.target_locale, revision=revision
    )
    return revision


def glossary_for_translation(translation):
    """Glossary entries found in the source text of a translation, with the agreed
    translation into its target language."""
    texts = String.objects.filter(segments__source=translation.source).values_list(
        "data", flat=True
    )
    return glossary_terms_in(list(texts), translation.target_locale.language_code)

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.cache import add_never_cache_headers, patch_cache_control
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.ui.components import Component
from wagtail.admin.views.home import WorkflowObjectsToModeratePanel
from wagtail.contrib.forms.models import FormSubmission
from wagtail.models import Page, TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from portal.storage import signed_url, uses_s3

from .models import FooterText, GlossaryTerm, MainMenu
from .moderation import moderation_queue_for
from .retention import PERSONAL_DATA_HOOK
from .roles import MODERATORS, is_moderator, is_only_translator, may_delete
from .translation import default_language_code
from .translation_admin import submit_translation_for_moderation


class MainMenuViewSet(SnippetViewSet):
    model = MainMenu
    icon = "list-ul"
    menu_label = _("Main menu")
    list_display = ["title", "locale"]
    add_to_admin_menu = True
    menu_order = 300


class FooterTextViewSet(SnippetViewSet):
    model = FooterText
    icon = "doc-full"
    menu_label = _("Footer text")
    list_display = ["__str__"]


register_snippet(MainMenuViewSet)
register_snippet(FooterTextViewSet)


@hooks.register("filter_form_submissions_for_user")
def limit_form_submissions_to_moderators(user, queryset):
    # Form submissions hold what members of the public wrote about themselves and their
    # politics: only moderators, who answer them, may read them, not every page editor.
    if user.is_superuser or user.groups.filter(name=MODERATORS).exists():
        return queryset
    return queryset.none()


class ModerationQueuePanel(Component):
    """Dashboard panel: the pages waiting for this moderator, oldest first."""

    name = "moderation_queue"
    template_name = "home/admin/moderation_queue_panel.html"
    # Above Wagtail's own panels: it is what a moderator opens the admin for.
    order = 50

    def __init__(self, rows):
        self.rows = rows

    def get_context_data(self, parent_context):
        context = super().get_context_data(parent_context)
        context["rows"] = self.rows
        return context


@hooks.register("construct_homepage_panels")
def show_moderation_queue(request, panels):
    if not is_moderator(request.user):
        return
    # Wagtail's "Awaiting your review" lists the same pages newest first without their
    # age or origin: one list is clearer than two.
    panels[:] = [panel for panel in panels if not isinstance(panel, WorkflowObjectsToModeratePanel)]
    panels.append(ModerationQueuePanel(moderation_queue_for(request.user)))


DELETE_REFUSED = _(
    "You cannot delete this page. A live page must be unpublished by a moderator first, "
    "and only a moderator may delete a page someone else wrote."
)


@hooks.register("before_delete_page")
def refuse_deletion_beyond_role(request, page):
    if not may_delete(request.user, page):
        messages.error(request, DELETE_REFUSED)
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_bulk_action")
def refuse_bulk_deletion_beyond_role(request, action_type, objects, action_class_instance):
    if action_type != "delete":
        return None
    if any(isinstance(obj, Page) and not may_delete(request.user, obj) for obj in objects):
        messages.error(request, DELETE_REFUSED)
        return redirect("wagtailadmin_explore_root")
    return None


@hooks.register("before_serve_document", order=100)
def serve_document_from_signed_url(document, request):
    """On S3, a document is downloaded from a URL signed for MEDIA_SIGNED_URL_LIFETIME.

    The objects under documents/ are not public (portal/storage.py), so the privacy of a
    collection is checked at every download, here and in Wagtail's own hook, and the bytes
    never pass through Django.
    """
    if not uses_s3(document.file.storage):
        return None  # local media: Wagtail serves the file itself
    for restriction in document.collection.get_view_restrictions():
        if not restriction.accept_request(request):
            return None  # Wagtail's own hook answers: login or password form
    response = redirect(signed_url(document.file.name, document.file.storage))
    # The signed address is for this visitor alone: no shared cache may keep it.
    add_never_cache_headers(response)
    patch_cache_control(response, private=True)
    return response


# Translations (see home/translation_admin.py).
class GlossaryViewSet(SnippetViewSet):
    model = GlossaryTerm
    icon = "openquote"
    menu_label = _("Glossary")
    list_display = ["term", "meaning"]
    search_fields = ["term", "meaning"]
    add_to_admin_menu = True
    menu_order = 310


register_snippet(GlossaryViewSet)


@hooks.register("register_admin_urls")
def register_translation_admin_urls():
    return [
        path(
            "translations/<int:translation_id>/submit/",
            submit_translation_for_moderation,
            name="portal_submit_translation",
        )
    ]


SOURCE_SNIPPET_REFUSED = _(
    "As a translator you may change this text's translations, not the original. Ask a "
    "moderator to change the original."
)


@hooks.register("before_edit_snippet")
def translators_edit_only_translations(request, instance):
    # A member who is only a Translator (migration 0009) may change snippets'
    # translations, never the default-language original: that is not translating, and
    # some snippets (categories, people, aims) go live as soon as they are saved.
    if not isinstance(instance, TranslatableMixin) or not is_only_translator(request.user):
        return None
    if instance.locale.language_code != default_language_code():
        return None
    messages.error(request, SOURCE_SNIPPET_REFUSED)
    return redirect("wagtailadmin_home")


@hooks.register(PERSONAL_DATA_HOOK)
def expired_contact_form_submissions(cutoff):
    # Every form page's entries (the contact page is the only one today): what the
    # public typed into a form builder page is personal data whatever the page.
    return {
        "contact form submissions": FormSubmission.objects.filter(submit_time__lt=cutoff),
    }

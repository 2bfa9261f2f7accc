from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.models import TranslatableMixin
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from moderation.roles import is_only_translator

from .admin_views import submit_translation_for_moderation
from .models import GlossaryTerm
from .translation import default_language_code


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


SOURCE_PAGE_REFUSED = _(
    "As a translator you may change this page's translations, not the original. Ask an "
    "editor or a moderator to change the original."
)


@hooks.register("before_edit_page")
def translators_edit_only_translated_pages(request, page):
    # Translators hold "change" on every page so that they can work on translations; the
    # default-language original is not theirs to change, as with snippets above.
    if not is_only_translator(request.user):
        return None
    if page.locale.language_code != default_language_code():
        return None
    messages.error(request, SOURCE_PAGE_REFUSED)
    return redirect("wagtailadmin_explore", page.get_parent().pk)

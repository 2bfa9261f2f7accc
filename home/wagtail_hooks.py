from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .models import FooterText, MainMenu


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
    if user.is_superuser or user.groups.filter(name="Moderators").exists():
        return queryset
    return queryset.none()

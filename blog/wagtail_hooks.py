from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from .models import BlogCategory, Person
from .wordpress.old_links import redirect_wordpress_query


class PersonViewSet(SnippetViewSet):
    model = Person
    icon = "user"
    menu_label = _("Authors")
    list_display = ["name", "role", "locale"]
    search_fields = ["name", "role"]


class BlogCategoryViewSet(SnippetViewSet):
    model = BlogCategory
    icon = "tag"
    menu_label = _("Categories")
    list_display = ["name", "slug", "locale"]


class BlogViewSetGroup(SnippetViewSetGroup):
    items = (BlogCategoryViewSet, PersonViewSet)
    menu_icon = "doc-full-inverse"
    menu_label = _("News")
    menu_order = 250


register_snippet(BlogViewSetGroup)


# Old WordPress addresses like /?p=123 land on the imported post (import_wordpress).
hooks.register("before_serve_page", redirect_wordpress_query)

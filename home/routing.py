"""Routing a request to its page in one query per level of the address.

Wagtail's `Page.route` fetches each sub-page twice (its base row, then its specific row)
and forgets its parent on the way. `OneQueryPerLevel.route` asks once per level:

- under a page whose sub-pages are all of one type (the news index, the directory, the
  working groups and the events), the sub-page is fetched as that type, with what its
  template shows of its relations (`related_on_serve`) joined;
- elsewhere the base row says the sub-page's type: a page the route only passes through is
  used as it is (its own fields unread), and only the page served is fetched whole. The
  home page's sections' base rows are kept in the cache until a page changes.

It falls back to Wagtail's own routing where it would find nothing (a sub-page left of a
type no longer allowed), so it never answers 404 where Wagtail would not.
"""

from django.http import Http404

from wagtail.contrib.routable_page.models import RoutablePageMixin

from portal.cached import CachedUntilSaved
from portal.sites import fresh_copy

# {(parent id, slug): the sub-page's base row} of pages with sub-pages of several types (the
# home page: its sections), until any page changes. Only pages found are kept, and only so
# many, so made-up addresses cannot grow it.
CHILDREN_BY_SLUG = CachedUntilSaved("children-by-slug", dict, pages=True)
MOST_CHILDREN_KEPT = 200


def serves_itself(page, components):
    """Whether `page` answers the rest of the address itself (one of its own routes)."""
    if not components:
        return True
    if isinstance(page, RoutablePageMixin) and page.live:
        try:
            page.resolve_subpage("/" + "/".join(components) + "/")
        except Http404:
            return False
        return True
    return False


class OneQueryPerLevel:
    # What the page's template reads through a foreign key, fetched with it when routed.
    related_on_serve = ()

    def route(self, request, path_components):
        if not path_components:
            return super().route(request, path_components)
        slug, remaining = path_components[0], path_components[1:]
        child = self.specific_child(slug, remaining)
        if child is None:
            return super().route(request, path_components)
        child._cached_parent_obj = self
        return child.route(request, remaining)

    def specific_child(self, slug, remaining):
        allowed = self.allowed_subpage_models()
        if len(allowed) == 1:
            child_class = allowed[0]
            return (
                child_class.objects.child_of(self)
                .filter(slug=slug)
                .select_related(*getattr(child_class, "related_on_serve", ()))
                .first()
            )
        base = self.child_with_slug(slug)
        if base is None:
            return None
        passing_through = base.specific_deferred
        if serves_itself(passing_through, remaining):
            child_class = base.specific_class
            related = getattr(child_class, "related_on_serve", ())
            return child_class.objects.select_related(*related).get(pk=base.pk)
        return passing_through

    def child_with_slug(self, slug):
        base = CHILDREN_BY_SLUG.entry(
            (self.pk, slug),
            lambda: self.get_children().filter(slug=slug).first(),
            most=MOST_CHILDREN_KEPT,
        )
        return fresh_copy(base) if base is not None else None

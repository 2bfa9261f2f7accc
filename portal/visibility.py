"""Whether pages are public, without a query where no page is restricted.

Wagtail's `PageQuerySet.public()` and the check before a page is served each read the view
restrictions (private pages, password or group restrictions). Most sites have none, and
that is known from one cached flag, cleared when a restriction is saved or deleted: then
`public(pages)` is `pages` itself and the served page needs no check.
"""

from wagtail.models import PageViewRestriction

from .cached import CachedUntilSaved

ANY_RESTRICTION = CachedUntilSaved(
    "any-view-restriction", lambda: PageViewRestriction.objects.exists(), PageViewRestriction
)


def any_view_restriction():
    return ANY_RESTRICTION.get()


def public(pages):
    """`pages.public()`, free when no page is restricted."""
    return pages.public() if any_view_restriction() else pages


def skip_restriction_check_if_none(page):
    """Before Wagtail serves `page`: when no page has a restriction, its check (two queries:
    the ancestors, then their restrictions) has nothing to find."""
    if not any_view_restriction():
        page.get_view_restrictions = PageViewRestriction.objects.none
    return page

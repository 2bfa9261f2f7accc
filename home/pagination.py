"""One way to split a listing into pages (news, the directory, search results).

A page number that is not a number shows the first page; one past the last answers 404
with a message, so that a search engine drops an address that no longer lists anything.
"""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.http import Http404
from django.utils.translation import gettext as _


def paginate(request, items, per_page, count=None):
    """The page of `items` the request asks for; `count`, where the caller knows it, saves
    the query that counts them."""
    paginator = Paginator(items, per_page)
    if count is not None:
        paginator.count = count
    try:
        return paginator.page(request.GET.get("page", 1))
    except PageNotAnInteger:
        return paginator.page(1)
    except EmptyPage:
        raise Http404(_("There is no such page in this list.")) from None

from django.template.response import TemplateResponse

from wagtail.models import Locale, Page

from home.pagination import paginate

RESULTS_PER_PAGE = 10


def search(request):
    """Site-wide search of live pages in the visitor's language."""
    query = request.GET.get("q", "").strip()[:200]
    if query:
        results = (
            Page.objects.live().public().filter(locale=Locale.get_active()).specific().search(query)
        )
    else:
        results = Page.objects.none()

    page = paginate(request, results, RESULTS_PER_PAGE)
    return TemplateResponse(
        request, "search/search.html", {"search_query": query, "search_results": page}
    )

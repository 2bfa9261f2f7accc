"""The editors' report of what visitors searched for, with how often each search found
nothing (so that a missing page, or a promoted result, can be added). Moderators only."""

from django.db.models import IntegerField, OuterRef, Q, Subquery, Sum
from django.db.models.functions import Coalesce
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _

from wagtail import hooks
from wagtail.admin.auth import permission_denied
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.tables import Column, NumberColumn
from wagtail.admin.views.reports import ReportView
from wagtail.contrib.search_promotions.models import Query, QueryDailyHits

from moderation.roles import is_moderator

from .models import UnansweredSearchDay


def total_hits(model):
    per_query = (
        model.objects.filter(query=OuterRef("pk"))
        .values("query")
        .annotate(total=Sum("hits"))
        .values("total")
    )
    return Coalesce(Subquery(per_query, output_field=IntegerField()), 0)


class SearchesReportView(ReportView):
    page_title = _("Searches")
    header_icon = "search"
    index_url_name = "search_report"
    index_results_url_name = "search_report_results"
    is_searchable = True
    search_fields = ["query_string"]
    columns = [
        Column("query_string", label=_("Search terms")),
        NumberColumn("searches", label=_("Searches")),
        NumberColumn("found_nothing", label=_("Found nothing")),
    ]
    list_export = ["query_string", "searches", "found_nothing"]
    export_headings = {
        "query_string": _("Search terms"),
        "searches": _("Searches"),
        "found_nothing": _("Found nothing"),
    }

    def dispatch(self, request, *args, **kwargs):
        if not is_moderator(request.user):
            return permission_denied(request)
        return super().dispatch(request, *args, **kwargs)

    def get_queryset(self):
        queries = Query.objects.annotate(
            searches=total_hits(QueryDailyHits), found_nothing=total_hits(UnansweredSearchDay)
        ).filter(Q(searches__gt=0) | Q(found_nothing__gt=0))
        if self.request.GET.get("found_nothing"):
            queries = queries.filter(found_nothing__gt=0)
        return queries.order_by("-searches", "query_string")


class ModeratorsMenuItem(MenuItem):
    def is_shown(self, request):
        return is_moderator(request.user)


@hooks.register("register_admin_urls")
def register_search_report_urls():
    view = SearchesReportView.as_view()
    results_view = SearchesReportView.as_view(results_only=True)
    return [
        path("reports/searches/", view, name="search_report"),
        path("reports/searches/results/", results_view, name="search_report_results"),
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return ModeratorsMenuItem(
        _("Searches visitors made"),
        reverse("search_report"),
        name="searches",
        icon_name="search",
        order=1310,
    )


@hooks.register("page_cache_ignores_writes_to")
def search_counts_are_not_shown():
    # Every search a visitor makes counts itself here: no public page shows the counts.
    return [UnansweredSearchDay._meta.label]

"""How often each search found nothing, by day, beside Wagtail's count of every search.

Only the query string is kept (Wagtail's search_promotions Query), never who searched,
from where or when within the day: editors learn what visitors look for and do not find.
"""

import datetime

from django.conf import settings
from django.db import connection, models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.contrib.search_promotions.models import Query, QueryDailyHits, SearchPromotion
from wagtail.search.utils import normalise_query_string

from portal.cached import CachedUntilSaved


def _upsert_daily_hit(model, source, params):
    """Add one to a day's count, `model` being a row per query and date, in one statement
    whatever the row's state (Wagtail's own `add_hit` reads the row, then writes it).
    `source` is SQL giving the row's (query id, date, 1). Returns (query id, count), or None
    when `source` gave no row."""
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    query_id, date, hits = (
        quote(model._meta.get_field(name).column) for name in ("query", "date", "hits")
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({query_id}, {date}, {hits}) {source} "  # noqa: S608 (the models' names)
            f"ON CONFLICT ({query_id}, {date}) DO UPDATE SET {hits} = {table}.{hits} + 1 "
            f"RETURNING {query_id}, {hits}",
            params,
        )
        return cursor.fetchone()


def count_daily_hit(model, query_id, date):
    """Add one to the day's count of a query; returns the count."""
    return _upsert_daily_hit(model, "VALUES (%s, %s, 1)", [query_id, date])[1]


def count_search(query_string):
    """Add one to today's searches for these words, as Wagtail's `Query.get(words).add_hit()`
    does, and return the id of their Query. Words searched before cost one statement."""
    query_string = normalise_query_string(query_string)
    today = timezone.now().date()
    queries = connection.ops.quote_name(Query._meta.db_table)
    counted = _upsert_daily_hit(
        QueryDailyHits,
        # (SQLite reads an upsert after a SELECT only when the SELECT has a WHERE.)
        f"SELECT id, %s, 1 FROM {queries} WHERE query_string = %s",  # noqa: S608
        [today, query_string],
    )
    if counted is not None:
        return counted[0]
    query = Query.get(query_string)
    count_daily_hit(QueryDailyHits, query.pk, today)
    return query.pk


# The query strings that have promoted results: a search for any other (nearly every one)
# needs no query for them. A Query's words never change, and deleting one deletes its
# promotions (each sends its signal), so the promotions' own changes are enough; a new Query
# (each new search makes one) changes nothing here.
PROMOTED_QUERIES = CachedUntilSaved(
    "search-promoted-queries",
    lambda: set(SearchPromotion.objects.values_list("query__query_string", flat=True)),
    SearchPromotion,
)


class UnansweredSearchDay(models.Model):
    query = models.ForeignKey(
        "wagtailsearchpromotions.Query",
        verbose_name=_("search terms"),
        on_delete=models.CASCADE,
        related_name="unanswered_days",
    )
    date = models.DateField(_("date"))
    hits = models.PositiveIntegerField(_("searches that found nothing"), default=0)

    class Meta:
        verbose_name = _("search that found nothing")
        verbose_name_plural = _("searches that found nothing")
        constraints = [
            models.UniqueConstraint(fields=["query", "date"], name="unanswered_search_day")
        ]

    def __str__(self):
        return f"{self.query} ({self.date})"

    @classmethod
    def add_hit(cls, query_id):
        today = timezone.localdate()
        if count_daily_hit(cls, query_id, today) == 1:
            # Kept as long as Wagtail keeps its daily counts, then forgotten.
            max_age = getattr(settings, "WAGTAILSEARCH_HITS_MAX_AGE", 7)
            cls.objects.filter(date__lt=today - datetime.timedelta(days=max_age)).delete()

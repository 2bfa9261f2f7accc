"""How often each search found nothing, by day, beside Wagtail's count of every search.

Only the query string is kept (Wagtail's search_promotions Query), never who searched,
from where or when within the day: editors learn what visitors look for and do not find.
"""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


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
    def add_hit(cls, query):
        today = timezone.localdate()
        day, created = cls.objects.get_or_create(query=query, date=today)
        cls.objects.filter(pk=day.pk).update(hits=models.F("hits") + 1)
        if created:
            # Kept as long as Wagtail keeps its daily counts, then forgotten.
            max_age = getattr(settings, "WAGTAILSEARCH_HITS_MAX_AGE", 7)
            cls.objects.filter(date__lt=today - datetime.timedelta(days=max_age)).delete()

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import FieldPanel, InlinePanel
from wagtail.models import Orderable


def content_languages():
    return settings.WAGTAIL_CONTENT_LANGUAGES


class GlossaryTerm(ClusterableModel):
    """A term of the movement (CLP, witch-hunt, convenor...) and its agreed translations,
    shown to translators beside the text they translate (wagtail-localize's editor)."""

    term = models.CharField(
        _("term"), max_length=120, unique=True, help_text=_("As written in English.")
    )
    meaning = models.TextField(
        _("meaning"), blank=True, help_text=_("What it means here, for translators.")
    )

    panels = [FieldPanel("term"), FieldPanel("meaning"), InlinePanel("translations")]

    class Meta:
        verbose_name = _("glossary term")
        verbose_name_plural = _("glossary")
        ordering = ["term"]

    def __str__(self):
        return self.term


class GlossaryTranslation(Orderable):
    term = ParentalKey(GlossaryTerm, on_delete=models.CASCADE, related_name="translations")
    language_code = models.CharField(_("language"), max_length=20, choices=content_languages)
    translation = models.CharField(_("agreed translation"), max_length=200)
    note = models.CharField(
        _("note"), max_length=300, blank=True, help_text=_("e.g. when not to use it.")
    )

    panels = [FieldPanel("language_code"), FieldPanel("translation"), FieldPanel("note")]

    class Meta(Orderable.Meta):
        verbose_name = _("agreed translation")
        constraints = [
            models.UniqueConstraint(
                fields=["term", "language_code"], name="one_glossary_translation_per_language"
            )
        ]

    def __str__(self):
        return self.translation

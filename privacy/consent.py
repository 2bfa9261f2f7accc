"""What the public forms keep of a person's consent: the statement they read, and when.

Shared by every app whose public form takes personal data (working groups, directory).
"""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

# What allows the network to keep a record: the person's consent, explicit because what
# they send reveals their political opinions (special category data).
LAWFUL_BASIS_CONSENT = "consent"
LAWFUL_BASIS_CHOICES = [
    (
        LAWFUL_BASIS_CONSENT,
        _("Explicit consent (UK GDPR articles 6(1)(a) and 9(2)(a))"),
    ),
]


class ConsentRecord(models.Model):
    """What someone agreed to, in the words they were shown, and when, and on what lawful
    basis the record is kept."""

    lawful_basis = models.CharField(
        _("lawful basis"),
        max_length=40,
        choices=LAWFUL_BASIS_CHOICES,
        default=LAWFUL_BASIS_CONSENT,
    )
    consent_text = models.TextField(_("consent statement agreed to"))
    consented_at = models.DateTimeField(_("agreed at"))
    created_at = models.DateTimeField(_("received at"), auto_now_add=True)

    class Meta:
        abstract = True


def consent_field(statement):
    return forms.BooleanField(
        label=statement,
        required=True,
        error_messages={"required": _("Please tick this box to agree, or we cannot go on.")},
    )


class ConsentMixin(forms.Form):
    @property
    def consent_text(self):
        """The statement exactly as the person read it (in their language)."""
        return str(self.fields["consent"].label)

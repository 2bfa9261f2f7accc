"""The registration form of an event page."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacy.consent import ConsentMixin, consent_field
from privacy.spam import HoneypotMixin

NAME_MAX_LENGTH = 120
ACCESS_NEEDS_MAX_LENGTH = 1000

REGISTRATION_CONSENT = _(
    "I agree that the network keeps my name, email address and what I wrote here to send "
    "me the meeting's details and reminders, and shows them only to the meeting's "
    "organisers, as the privacy policy explains. They are deleted after the meeting."
)


class EventRegistrationForm(HoneypotMixin, ConsentMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("The details of the meeting, and how to cancel, come to this address."),
    )
    postcode_district = forms.CharField(
        label=_("Postcode district"),
        max_length=8,
        required=False,
        help_text=_(
            "Optional: the first half of your postcode (e.g. E13), so that the network "
            "knows where people come from. Never your full postcode."
        ),
    )
    access_needs = forms.CharField(
        label=_("Access needs"),
        max_length=ACCESS_NEEDS_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional: anything that would help you take part (captions, BSL, ...)."),
    )
    consent = consent_field(REGISTRATION_CONSENT)

    field_order = ["name", "email", "postcode_district", "access_needs", "consent", "website"]

    def __init__(self, data=None, *, event, **kwargs):
        super().__init__(data, **kwargs)
        self.event = event

    def clean_postcode_district(self):
        text = " ".join(self.cleaned_data["postcode_district"].split()).upper()
        if not text:
            return ""
        # Only the outward code is kept, whatever was typed ("E13 9AA" keeps "E13").
        outward = text.split(" ")[0]
        if " " not in text and len(text) > 4:
            outward = text[:-3]  # a full postcode typed without its space
        if not (
            2 <= len(outward) <= 4
            and outward.isascii()
            and outward[0].isalpha()
            and outward.isalnum()
        ):
            raise forms.ValidationError(
                gettext("Enter the first half of a postcode, e.g. E13 or BS10, or leave it empty."),
                code="malformed",
            )
        return outward

    def clean(self):
        cleaned = super().clean()
        if not self.event.accepts_registrations():
            raise forms.ValidationError(self.closed_message(), code="closed")
        return cleaned

    def closed_message(self):
        if self.event.cancelled:
            return gettext("This meeting has been cancelled: it takes no registrations.")
        if self.event.is_past:
            return gettext("This meeting is over: it takes no more registrations.")
        return gettext("Registration for this meeting has closed.")

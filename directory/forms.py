"""The directory's forms: the search filters, a message to a group, registering a group."""

from django import forms
from django.db import models
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacy.consent import ConsentMixin, consent_field
from privacy.spam import HoneypotMixin

from .models import LocalGroupPage, PostcodeDistrict
from .postcodes import REGION_CHOICES, InvalidPostcode, postcode_district

DEFAULT_RADIUS = 25
RADIUS_CHOICES = [
    (miles, format_lazy(_("{miles} miles"), miles=miles)) for miles in (5, 10, 25, 50, 100, 250)
]
QUERY_MAX_LENGTH = 200
NAME_MAX_LENGTH = 120
MESSAGE_MAX_LENGTH = 3000

MESSAGE_CONSENT = _(
    "I agree that the network keeps my name, email address and message, and passes them to "
    "this group's contact so that they can reply to me, as the privacy policy explains."
)
REGISTRATION_CONSENT = _(
    "I agree that the network keeps my name and email address so that the moderators can "
    "reply to me, and sends messages from the group's contact form to my address, as the "
    "privacy policy explains. They are never published."
)


class PlainSelect(forms.Select):
    """A list of choices written in Python: Django's templates write each option with
    includes of its own, 3 ms for the directory's three lists on every view of it. The
    markup is the same (the attributes Django adds, aria-describedby, aria-invalid and
    `selected`, come through `get_context`)."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (option["value"], flatatt(option["attrs"]), option["label"])
                for _group, group_options, _index in widget["optgroups"]
                for option in group_options
            ),
        )
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )


class DirectoryFilterForm(forms.Form):
    """The directory's filters, read from the address (GET): every state has its own URL.

    A filter with a bad value is dropped and named in a message; the others still apply.
    """

    q = forms.CharField(
        label=_("Name, constituency or words"), required=False, max_length=QUERY_MAX_LENGTH
    )
    postcode = forms.CharField(
        label=_("Postcode"),
        required=False,
        max_length=16,
        help_text=_("A full postcode or its first half, e.g. E13 9AA or BS10."),
    )
    radius = forms.TypedChoiceField(
        label=_("Within"),
        choices=RADIUS_CHOICES,
        widget=PlainSelect,
        coerce=int,
        required=False,
        empty_value=DEFAULT_RADIUS,
        error_messages={"invalid_choice": _("Choose a distance from the list.")},
    )
    region = forms.ChoiceField(
        label=_("Nation or region"),
        choices=[("", _("Anywhere"))] + REGION_CHOICES,
        widget=PlainSelect,
        required=False,
        error_messages={"invalid_choice": _("There is no such nation or region.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of group"),
        choices=[("", _("Any kind"))] + LocalGroupPage.KIND_CHOICES,
        widget=PlainSelect,
        required=False,
        error_messages={"invalid_choice": _("There is no such kind of group.")},
    )

    def __init__(self, data, *args, **kwargs):
        data = data.copy()
        # The radius a form shows when the visitor has not chosen one.
        data.setdefault("radius", str(DEFAULT_RADIUS))
        super().__init__(data, *args, **kwargs)
        self.district = None

    def clean_postcode(self):
        text = self.cleaned_data["postcode"].strip()
        if not text:
            return ""
        try:
            code = postcode_district(text)
        except InvalidPostcode:
            raise forms.ValidationError(
                gettext("“%(postcode)s” is not a postcode. Try one like E13 9AA or BS10.")
                % {"postcode": text},
                code="malformed",
            ) from None
        self.district = PostcodeDistrict.objects.filter(outward_code=code).first()
        if self.district is None:
            raise forms.ValidationError(
                gettext(
                    "We do not know where the postcode district %(district)s is, so the "
                    "groups are not sorted by distance. Check the postcode, or try a nearby one."
                )
                % {"district": code},
                code="unknown",
            )
        return code

    def filters(self):
        """The filters whose values are valid (the form is cleaned as a side effect)."""
        self.is_valid()
        filters = {
            name: value for name, value in self.cleaned_data.items() if value not in ("", None)
        }
        # A bad radius falls back to the default, as if none had been given.
        filters.setdefault("radius", DEFAULT_RADIUS)
        return filters

    @property
    def has_bad_parameters(self):
        """True when a filter has a value no form on the site offers (an edited address)."""
        return any(name in self.errors for name in ("radius", "region", "kind"))


class GroupMessageForm(HoneypotMixin, ConsentMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(label=_("Your email address"))
    message = forms.CharField(
        label=_("Your message"),
        max_length=MESSAGE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
    )
    consent = consent_field(MESSAGE_CONSENT)

    field_order = ["name", "email", "message", "consent", "website"]


def https_by_default(model_field, **kwargs):
    """Web addresses typed without a scheme are taken as https:// ones."""
    if isinstance(model_field, models.URLField):
        kwargs["assume_scheme"] = "https"
    return model_field.formfield(**kwargs)


class RegistrationForm(HoneypotMixin, ConsentMixin, forms.ModelForm):
    """The group's page fields, and its contact's name and email address (kept private)."""

    contact_name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH)
    contact_email = forms.EmailField(
        label=_("Your email address"),
        help_text=_("Messages sent through the group's page will come to this address."),
    )
    description = forms.CharField(
        label=_("About the group"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Who you are and what you do."),
    )
    get_involved = forms.CharField(
        label=_("How to get involved"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    meetings = forms.CharField(
        label=_("When the group meets"),
        required=False,
        max_length=1500,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    consent = consent_field(REGISTRATION_CONSENT)

    class Meta:
        model = LocalGroupPage
        fields = [
            "title",
            "kind",
            "constituencies",
            "region",
            "postcode_district",
            "party_status",
            "party_status_changed_on",
            "website_url",
            "facebook_url",
            "x_url",
            "instagram_url",
            "bluesky_url",
            "approximate_membership",
        ]
        labels = {"title": _("Name of the group")}
        formfield_callback = https_by_default
        widgets = {
            "constituencies": forms.Textarea(attrs={"rows": 3}),
            "party_status_changed_on": forms.DateInput(attrs={"type": "date"}),
        }

    field_order = [
        "contact_name",
        "contact_email",
        "title",
        "kind",
        "constituencies",
        "region",
        "postcode_district",
        "description",
        "get_involved",
        "meetings",
        "party_status",
        "party_status_changed_on",
        "website_url",
        "facebook_url",
        "x_url",
        "instagram_url",
        "bluesky_url",
        "approximate_membership",
        "consent",
        "website",
    ]

    def __init__(self, *args, index_page, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_page = index_page
        self.fields["postcode_district"].required = True
        self.fields["postcode_district"].help_text = _(
            "The first half of a postcode where the group meets, e.g. E13 or BS10 (a full "
            "postcode is fine: only its first half is kept)."
        )
        self.fields["region"].help_text = _("Leave empty to take it from the postcode.")

    def clean_title(self):
        title = self.cleaned_data["title"]
        # Only live groups count, which anyone can see: an answer about drafts would tell
        # a visitor who else has registered. The moderators see two registrations of one
        # group side by side in their queue.
        groups = LocalGroupPage.objects.child_of(self.index_page).live()
        if groups.filter(title__iexact=title).exists():
            raise forms.ValidationError(
                gettext(
                    "There is already a group called “%(name)s” in the directory. Please "
                    "choose another name, or write to that group."
                )
                % {"name": title},
                code="duplicate",
            )
        return title

    def clean_postcode_district(self):
        text = self.cleaned_data["postcode_district"]
        try:
            code = postcode_district(text)
        except InvalidPostcode:
            raise forms.ValidationError(
                gettext("Enter the first half of a postcode, e.g. E13 or BS10."), code="malformed"
            ) from None
        if not PostcodeDistrict.objects.filter(outward_code=code).exists():
            raise forms.ValidationError(
                gettext(
                    "We do not know the postcode district %(district)s. Please check it, or "
                    "give the district of a nearby town."
                )
                % {"district": code},
                code="unknown",
            )
        return code

    def _post_clean(self):
        # The page is built and checked by the view once the form is valid (it needs its
        # place in the tree first); a ModelForm would validate it here, unplaced.
        pass

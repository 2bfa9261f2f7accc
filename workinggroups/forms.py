"""The public forms: join a working group, propose a new one."""

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from privacy.consent import ConsentMixin, consent_field
from privacy.spam import HoneypotMixin

PROPOSAL_WORD_LIMIT = 250
# A second limit for texts without spaces between words (Chinese, Japanese, Thai, a pasted
# run of characters), which a word count cannot measure: generous for 250 words of English.
PROPOSAL_CHARACTER_LIMIT = 3000
NAME_MAX_LENGTH = 120
MESSAGE_MAX_LENGTH = 2000
GROUP_NAME_MAX_LENGTH = 100

JOIN_CONSENT = _(
    "I agree that the network keeps my name, email address and message, and passes them to "
    "this group's convenor so that they can reply to me, as the privacy policy explains."
)
PROPOSAL_CONSENT = _(
    "I agree that the network keeps my name and email address with my proposal so that the "
    "moderators can reply to me, as the privacy policy explains. They are never published."
)


def count_words(text):
    return len(text.split())


class JoinForm(HoneypotMixin, ConsentMixin, forms.Form):
    name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH)
    email = forms.EmailField(label=_("Your email address"))
    message = forms.CharField(
        label=_("Message to the group"),
        required=False,
        max_length=MESSAGE_MAX_LENGTH,
        help_text=_("Optional: what you would like to do in the group."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    consent = consent_field(JOIN_CONSENT)

    field_order = ["name", "email", "message", "consent", "website"]


class ProposalForm(HoneypotMixin, ConsentMixin, forms.Form):
    proposer_name = forms.CharField(label=_("Your name"), max_length=NAME_MAX_LENGTH)
    proposer_email = forms.EmailField(label=_("Your email address"))
    group_name = forms.CharField(
        label=_("Name of the proposed group"), max_length=GROUP_NAME_MAX_LENGTH
    )
    aim = forms.ModelChoiceField(
        label=_("Which aim would it serve?"),
        queryset=None,
        empty_label=_("Choose an aim"),
    )
    proposal = forms.CharField(
        label=_("Your proposal"),
        help_text=_(
            "What the group would do and how it would meet, in about 200 words (250 at most)."
        ),
        widget=forms.Textarea(attrs={"rows": 12, "data-word-limit": PROPOSAL_WORD_LIMIT}),
    )
    consent = consent_field(PROPOSAL_CONSENT)

    field_order = [
        "proposer_name",
        "proposer_email",
        "group_name",
        "aim",
        "proposal",
        "consent",
        "website",
    ]

    def __init__(self, *args, index_page, **kwargs):
        super().__init__(*args, **kwargs)
        self.index_page = index_page
        self.fields["aim"].queryset = index_page.aims()

    def clean_proposal(self):
        proposal = self.cleaned_data["proposal"]
        words = count_words(proposal)
        if words > PROPOSAL_WORD_LIMIT:
            raise forms.ValidationError(
                gettext(
                    "Your proposal has %(words)d words; please shorten it to %(limit)d or "
                    "fewer. Everything you wrote is still in the box."
                )
                % {"words": words, "limit": PROPOSAL_WORD_LIMIT},
                code="too_many_words",
            )
        if len(proposal) > PROPOSAL_CHARACTER_LIMIT:
            raise forms.ValidationError(
                gettext(
                    "Your proposal has %(length)d characters; please shorten it to "
                    "%(limit)d or fewer. Everything you wrote is still in the box."
                )
                % {"length": len(proposal), "limit": PROPOSAL_CHARACTER_LIMIT},
                code="too_long",
            )
        return proposal

    def clean_group_name(self):
        from .models import WorkingGroupPage

        group_name = self.cleaned_data["group_name"]
        # Only live groups count, which anyone can see: an answer about drafts would tell
        # a visitor what others have proposed. The moderators see two proposals of one
        # group side by side in their queue.
        if (
            WorkingGroupPage.objects.child_of(self.index_page)
            .live()
            .filter(title__iexact=group_name)
            .exists()
        ):
            raise forms.ValidationError(
                gettext(
                    "There is already a working group called “%(name)s”. Please choose "
                    "another name, or ask to join that group."
                )
                % {"name": group_name},
                code="duplicate",
            )
        return group_name

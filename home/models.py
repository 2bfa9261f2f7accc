from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from modelcluster.fields import ParentalKey
from modelcluster.models import ClusterableModel
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    InlinePanel,
    MultiFieldPanel,
    PageChooserPanel,
)
from wagtail.contrib.forms.models import AbstractEmailForm, AbstractFormField, FormMixin
from wagtail.contrib.forms.panels import FormSubmissionsPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import (
    DraftStateMixin,
    Orderable,
    Page,
    RevisionMixin,
    Site,
    TranslatableMixin,
    WorkflowMixin,
)
from wagtail.search import index

from home.search_weights import SUMMARY_BOOST
from moderation.models import revision_relations
from portal.cached import CachedUntilSaved
from privacy.spam import HoneypotMixin

from .blocks import RICH_TEXT_FEATURES, BodyStreamBlock
from .pictures import ALT_HELP, DECORATIVE_HELP, alt_text_errors, alt_text_for
from .routing import OneQueryPerLevel


class HomePage(OneQueryPerLevel, Page):
    """The front page: what the network is, how to join, and what is on now.

    Later features fill its slots: latest news (blog), working groups, the "find your
    local group" box (directory) and the next meeting.
    """

    hero_heading = models.CharField(_("hero heading"), max_length=120)
    hero_text = models.TextField(_("hero text"), max_length=400, blank=True)
    hero_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("hero image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    hero_image_alt = models.CharField(
        _("hero image description (alt text)"), max_length=250, blank=True, help_text=ALT_HELP
    )
    hero_image_decorative = models.BooleanField(
        _("the hero image is decorative"), default=False, help_text=DECORATIVE_HELP
    )
    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    join_heading = models.CharField(_("join call heading"), max_length=120, blank=True)
    join_text = models.TextField(_("join call text"), max_length=600, blank=True)
    join_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("join call links to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    join_button_label = models.CharField(
        _("join button text"), max_length=60, blank=True, default=_("Join us")
    )
    next_meeting = RichTextField(
        _("next meeting"),
        features=["bold", "italic", "link"],
        blank=True,
        help_text=_("When the next open meeting is and how to take part. Leave empty to hide."),
    )

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_heading"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("hero_image_alt"),
                FieldPanel("hero_image_decorative"),
            ],
            heading=_("Hero"),
        ),
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                FieldPanel("join_heading"),
                FieldPanel("join_text"),
                FieldRowPanel([PageChooserPanel("join_page"), FieldPanel("join_button_label")]),
            ],
            heading=_("Call to join"),
        ),
        FieldPanel("next_meeting"),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("hero_text"),
        index.SearchField("intro", boost=SUMMARY_BOOST),
    ]

    parent_page_types = ["wagtailcore.Page"]
    subpage_types = [
        "home.StandardPage",
        "home.ContactPage",
        "blog.BlogIndexPage",
        "workinggroups.WorkingGroupIndexPage",
        "directory.LocalGroupIndexPage",
        "events.EventIndexPage",
    ]

    class Meta:
        verbose_name = _("home page")

    def clean(self):
        super().clean()
        errors = alt_text_errors(
            self.hero_image,
            self.hero_image_alt,
            self.hero_image_decorative,
            alt_field="hero_image_alt",
            decorative_field="hero_image_decorative",
        )
        if errors:
            raise ValidationError(errors)

    @property
    def hero_image_alt_text(self):
        return alt_text_for(self.hero_image, self.hero_image_alt, self.hero_image_decorative)

    @property
    def share_image(self):
        return self.hero_image


class StandardPage(OneQueryPerLevel, Page):
    """About, Join, Privacy policy: a title, a short introduction and a free body."""

    intro = models.TextField(
        _("introduction"),
        max_length=500,
        blank=True,
        help_text=_("One or two sentences shown under the title and in search results."),
    )
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("body")]

    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=SUMMARY_BOOST),
        index.SearchField("body"),
    ]

    parent_page_types = ["home.HomePage", "home.StandardPage"]
    subpage_types = ["home.StandardPage"]

    class Meta:
        verbose_name = _("standard page")


class ContactFormField(TranslatableMixin, AbstractFormField):
    # Translatable so that wagtail-localize translates the labels with the page.
    page = ParentalKey("ContactPage", on_delete=models.CASCADE, related_name="form_fields")

    class Meta(TranslatableMixin.Meta, AbstractFormField.Meta):
        pass


# A long letter fits; a pasted book does not.
CONTACT_FIELD_MAX_LENGTH = 5000


class ContactPage(AbstractEmailForm):
    """A contact form whose messages go to the network's contact address.

    Messages are kept for moderators (form submissions) and e-mailed; the address they go
    to is never shown on the site.
    """

    intro = RichTextField(_("introduction"), features=RICH_TEXT_FEATURES, blank=True)
    thank_you_text = RichTextField(_("thank-you message"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = AbstractEmailForm.content_panels + [
        FormSubmissionsPanel(),
        FieldPanel("intro"),
        InlinePanel("form_fields", label=_("Form fields")),
        FieldPanel("thank_you_text"),
        MultiFieldPanel(
            [
                FieldPanel(
                    "to_address",
                    help_text=_(
                        "Leave empty to use the contact address in the site settings. "
                        "Never shown on the site."
                    ),
                ),
                FieldRowPanel([FieldPanel("from_address"), FieldPanel("subject")]),
            ],
            heading=_("Email"),
        ),
    ]

    search_fields = Page.search_fields + [index.SearchField("intro", boost=SUMMARY_BOOST)]

    parent_page_types = ["home.HomePage"]
    subpage_types = []

    class Meta:
        verbose_name = _("contact page")

    def recipient_addresses(self):
        if self.to_address:
            return [address.strip() for address in self.to_address.split(",") if address.strip()]
        contact_email = OrganisationSettings.for_site(self.get_site()).contact_email
        return [contact_email] if contact_email else []

    def get_form_class(self):
        return type("ContactForm", (HoneypotMixin, super().get_form_class()), {})

    def get_submissions_list_view_class(self):
        from .views import ContactSubmissionsListView

        return ContactSubmissionsListView

    def get_form(self, *args, **kwargs):
        form = super().get_form(*args, **kwargs)
        # Wagtail's form builder sets no length on its text fields: a visitor (or a
        # program) could otherwise store a message of any size.
        for field in form.fields.values():
            if isinstance(field, forms.CharField) and field.max_length is None:
                field.max_length = CONTACT_FIELD_MAX_LENGTH
                field.validators.append(MaxLengthValidator(CONTACT_FIELD_MAX_LENGTH))
                field.widget.attrs["maxlength"] = str(CONTACT_FIELD_MAX_LENGTH)
        return form

    def serve(self, request, *args, **kwargs):
        from .views import ContactTheNetwork

        return ContactTheNetwork().respond(request, self)

    def process_form_submission(self, form):
        # The honeypot is not part of the message. The email goes from the worker
        # (home/emails.py), even when the page has no address of its own: the site
        # settings give the network's contact address.
        form.cleaned_data.pop(HoneypotMixin.HONEYPOT_FIELD, None)
        return FormMixin.process_form_submission(self, form)


@register_setting(icon="site")
class OrganisationSettings(BaseSiteSetting):
    """What the footer, the join call and the contact page need to know about the network."""

    contact_email = models.EmailField(
        _("contact address"),
        blank=True,
        help_text=_("The network's public contact address. Contact form messages go here."),
    )
    membership_url = models.URLField(
        _("membership link"),
        blank=True,
        help_text=_("The page of the outside membership service where people join and pay."),
    )
    membership_fee_unwaged = models.DecimalField(
        _("yearly fee, unwaged (£)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    membership_fee_waged = models.DecimalField(
        _("yearly fee, waged (£)"), max_digits=6, decimal_places=2, null=True, blank=True
    )
    facebook_url = models.URLField(_("Facebook"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    bluesky_url = models.URLField(_("Bluesky"), blank=True)
    youtube_url = models.URLField(_("YouTube"), blank=True)

    panels = [
        FieldPanel("contact_email"),
        MultiFieldPanel(
            [
                FieldPanel("membership_url"),
                FieldRowPanel(
                    [FieldPanel("membership_fee_unwaged"), FieldPanel("membership_fee_waged")]
                ),
            ],
            heading=_("Membership"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("bluesky_url"),
                FieldPanel("youtube_url"),
            ],
            heading=_("Social media"),
        ),
    ]

    class Meta:
        verbose_name = _("organisation settings")

    @classmethod
    def for_request(cls, request):
        """The site's settings from the shared cache (until they are saved): every page's
        footer reads them."""
        attribute = cls.get_cache_attr_name()
        if not hasattr(request, attribute):
            site = Site.find_for_request(request)
            by_site = ORGANISATION_SETTINGS.get()
            if site is not None and site.pk not in by_site:
                by_site[site.pk] = cls.for_site(site)
                ORGANISATION_SETTINGS.set(by_site)
            instance = by_site[site.pk] if site is not None else cls.for_site(site)
            instance._request = request
            setattr(request, attribute, instance)
        return getattr(request, attribute)

    @property
    def social_links(self):
        links = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("Bluesky", self.bluesky_url),
            ("YouTube", self.youtube_url),
        ]
        return [(name, url) for name, url in links if url]


class FooterText(WorkflowMixin, DraftStateMixin, RevisionMixin, TranslatableMixin, models.Model):
    """The words at the foot of every page, one per language.

    Like a page, a change (or a new translation) is a draft until a moderator approves it
    in the "Moderator approval" workflow (migration 0010): the row holds the live text, the
    drafts are revisions, and the site shows only live rows (home/templatetags).
    """

    body = RichTextField(_("footer text"), features=["bold", "italic", "link"])
    _revisions, workflow_states = revision_relations("footer_text")

    panels = [FieldPanel("body")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("footer text")
        verbose_name_plural = _("footer text")

    def __str__(self):
        return str(_("Footer text ({language})")).format(language=self.locale.get_display_name())


class MainMenu(WorkflowMixin, DraftStateMixin, RevisionMixin, TranslatableMixin, ClusterableModel):
    """The links across the top of every page, in the order editors give them.

    Moderated like FooterText; a revision holds the menu with its links.
    """

    title = models.CharField(_("name"), max_length=100, default=_("Main menu"))
    _revisions, workflow_states = revision_relations("main_menu")

    panels = [FieldPanel("title"), InlinePanel("items", label=_("Links"))]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("main menu")
        verbose_name_plural = _("main menus")

    def __str__(self):
        return f"{self.title} ({self.locale.get_display_name()})"


class MainMenuItem(TranslatableMixin, Orderable):
    menu = ParentalKey(MainMenu, on_delete=models.CASCADE, related_name="items")
    link_page = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("page"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    link_url = models.URLField(_("or web address"), blank=True)
    link_text = models.CharField(
        _("link text"),
        max_length=60,
        blank=True,
        help_text=_("Leave empty to use the page's title."),
    )

    panels = [PageChooserPanel("link_page"), FieldPanel("link_url"), FieldPanel("link_text")]

    class Meta(TranslatableMixin.Meta, Orderable.Meta):
        verbose_name = _("menu link")

    def clean(self):
        super().clean()
        if bool(self.link_page_id) == bool(self.link_url):
            raise ValidationError(_("Choose a page or give a web address, not both."))
        if self.link_url and not self.link_text:
            raise ValidationError({"link_text": _("A web address needs link text.")})

    @property
    def text(self):
        return self.link_text or (self.link_page.title if self.link_page else self.link_url)


ORGANISATION_SETTINGS = CachedUntilSaved("organisation-settings", dict, OrganisationSettings)

# Models of their own modules, registered with the app here.
from .sharecards import ShareCard  # noqa: E402, F401
from .videos import VideoEmbed  # noqa: E402, F401

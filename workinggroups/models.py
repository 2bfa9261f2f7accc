"""Working groups: what each group does, how to join it, and how members propose new ones.

Two kinds of record here hold personal data: JoinRequest (someone asking to join a group)
and GroupProposal (who proposed a group). They are never shown on the site and only
moderators read them in the admin (workinggroups/wagtail_hooks.py). A group's contact
address is private too: it is set in the admin, used to send join requests, and appears in
no template, search index, feed or translation.
"""

from django.db import models
from django.shortcuts import redirect
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import RICH_TEXT_FEATURES
from home.pictures import FeaturedImageMixin, featured_image_panel, with_listing_pictures
from home.routing import OneQueryPerLevel
from home.search_weights import SUMMARY_BOOST
from localisation.locales import section_page, section_page_type
from portal.visibility import public
from privacy.consent import ConsentRecord
from privacy.contact import PrivateContactAddressMixin, private_contact_address_field


class Aim(TranslatableMixin, models.Model):
    """One of the network's aims; the working groups are listed under the aim they serve."""

    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=500, blank=True)
    sort_order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Aims are listed from the lowest number up.")
    )

    panels = [FieldPanel("name"), FieldPanel("description"), FieldPanel("sort_order")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("aim")
        verbose_name_plural = _("aims")
        ordering = ["sort_order", "name"]

    def __str__(self):
        return self.name


@section_page_type
class WorkingGroupIndexPage(RoutablePageMixin, OneQueryPerLevel, Page):
    """/working-groups/: the groups arranged by aim, and the form to propose a new one."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    proposal_intro = RichTextField(
        _("proposal form introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Shown above the form where members propose a new working group."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("proposal_intro")]

    search_fields = Page.search_fields + [index.SearchField("intro", boost=SUMMARY_BOOST)]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["workinggroups.WorkingGroupPage"]

    class Meta:
        verbose_name = _("working groups index page")

    def groups(self):
        """Live, public groups under this index, with their aims, in the order listed."""
        return with_listing_pictures(
            public(WorkingGroupPage.objects.live())
            .child_of(self)
            .select_related("aim")
            .order_by("aim__sort_order", "aim__name", "title")
        )

    def groups_by_aim(self):
        """[(aim or None, [groups])], aims in their order, groups without an aim last."""
        sections = {}
        for group in self.groups():
            sections.setdefault(group.aim, []).append(group)
        with_aim = [(aim, groups) for aim, groups in sections.items() if aim is not None]
        without_aim = [(None, sections[None])] if None in sections else []
        return with_aim + without_aim

    def aims(self):
        return Aim.objects.filter(locale=self.locale)

    @path("")
    def index(self, request):
        return self.render(request, context_overrides={"sections": self.groups_by_aim()})

    @path("propose/", name="propose")
    def propose(self, request):
        from .views import ProposeWorkingGroup

        return ProposeWorkingGroup().respond(request, self)

    @classmethod
    def for_active_locale(cls, request=None):
        """The working groups index in the visitor's language, else the default one."""
        return section_page(cls, request)


class WorkingGroupPage(
    FeaturedImageMixin, PrivateContactAddressMixin, RoutablePageMixin, OneQueryPerLevel, Page
):
    """One working group: what it does, when it meets, how to join it, and its news."""

    STATUS_ACTIVE = "active"
    STATUS_PROPOSED = "proposed"
    STATUS_CLOSED = "closed"
    STATUS_CHOICES = [
        (STATUS_ACTIVE, _("Active")),
        (STATUS_PROPOSED, _("Proposed")),
        (STATUS_CLOSED, _("Closed")),
    ]

    summary = models.CharField(
        _("one-line summary"),
        max_length=200,
        help_text=_("Shown in the list of working groups and in search results."),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=STATUS_CHOICES, default=STATUS_ACTIVE
    )
    aim = models.ForeignKey(
        Aim,
        verbose_name=_("aim"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="working_groups",
    )
    remit = RichTextField(_("remit"), features=RICH_TEXT_FEATURES, blank=True)
    current_work = RichTextField(
        _("what we are working on now"), features=RICH_TEXT_FEATURES, blank=True
    )
    meetings = RichTextField(_("when and how we meet"), features=RICH_TEXT_FEATURES, blank=True)
    get_involved = RichTextField(_("how to get involved"), features=RICH_TEXT_FEATURES, blank=True)
    convenor_name = models.CharField(
        _("convenor's name"),
        max_length=120,
        blank=True,
        help_text=_("Optional. Shown on the group's page: only with the convenor's agreement."),
    )
    contact_email = private_contact_address_field(
        help_text=_(
            "Requests to join the group are sent here. Never shown on the site. Leave empty "
            "to use the network's contact address from the site settings."
        ),
    )
    news_tag = models.CharField(
        _("news tag"),
        max_length=100,
        blank=True,
        help_text=_(
            "News posts with this tag are listed on the group's page. Leave empty to use the "
            "page's slug (e.g. a post tagged 'press' for the group at /working-groups/press/)."
        ),
    )
    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        featured_image_panel(),
        FieldRowPanel([FieldPanel("status"), FieldPanel("aim")]),
        FieldPanel("remit"),
        FieldPanel("current_work"),
        FieldPanel("meetings"),
        FieldPanel("get_involved"),
        MultiFieldPanel(
            [
                FieldPanel("convenor_name"),
                FieldPanel("contact_email"),
                FieldPanel("news_tag"),
            ],
            heading=_("Contact and news"),
        ),
    ]

    # The private contact address is deliberately absent: search results must never
    # match, or reveal, it.
    search_fields = Page.search_fields + [
        index.SearchField("summary", boost=SUMMARY_BOOST),
        index.SearchField("remit"),
        index.SearchField("current_work"),
        # The aim a group serves ("Fighting the purge") finds the groups that serve it.
        index.RelatedFields("aim", [index.SearchField("name", boost=SUMMARY_BOOST)]),
        index.FilterField("status"),
    ]

    # Translators see what is translated; the private address, the status and the tag are
    # copied from the original instead, so the address never reaches a translation file.
    override_translatable_fields = [
        SynchronizedField("contact_email"),
        SynchronizedField("status"),
        SynchronizedField("news_tag"),
        SynchronizedField("convenor_name"),
    ]

    parent_page_types = ["workinggroups.WorkingGroupIndexPage"]
    subpage_types = ["events.EventPage"]
    related_on_serve = ("featured_image", "aim")

    class Meta:
        verbose_name = _("working group")
        verbose_name_plural = _("working groups")

    @property
    def news_tag_slug(self):
        return slugify(self.news_tag) if self.news_tag else self.slug

    @property
    def accepts_join_requests(self):
        return self.status != self.STATUS_CLOSED

    @path("")
    def group(self, request):
        from .views import JoinWorkingGroup

        return JoinWorkingGroup().show(request, self)

    @path("join/", name="join")
    def join(self, request):
        if request.method != "POST":
            return redirect(self.url + "#join")
        from .views import JoinWorkingGroup

        return JoinWorkingGroup().submit(request, self)

    def get_sitemap_urls(self, request=None):
        # The page only: the join route answers POSTs.
        return super().get_sitemap_urls(request)


class JoinRequest(ConsentRecord):
    """Someone asking to join a working group. Personal data: moderators only."""

    group = models.ForeignKey(
        WorkingGroupPage,
        verbose_name=_("working group"),
        on_delete=models.CASCADE,
        related_name="join_requests",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"))
    message = models.TextField(_("message"), blank=True)

    class Meta:
        verbose_name = _("request to join a working group")
        verbose_name_plural = _("requests to join working groups")
        ordering = ["-created_at"]

    def __str__(self):
        return str(_("Request to join {group}")).format(group=self.group.title)


class GroupProposal(ConsentRecord):
    """Who proposed a working group, kept apart from the public page. Moderators only."""

    page = models.OneToOneField(
        WorkingGroupPage,
        verbose_name=_("proposed group's page"),
        on_delete=models.CASCADE,
        related_name="proposal",
    )
    proposer_name = models.CharField(_("proposer's name"), max_length=120)
    proposer_email = models.EmailField(_("proposer's email address"))
    proposed_name = models.CharField(_("proposed group name"), max_length=120)
    proposal_text = models.TextField(_("proposal as written"))

    class Meta:
        verbose_name = _("working group proposal")
        verbose_name_plural = _("working group proposals")
        ordering = ["-created_at"]

    def __str__(self):
        return self.proposed_name

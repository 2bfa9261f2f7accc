"""The directory of local groups: shadow CLPs, campaign networks and regional alliances.

A group's location is a postcode district (the outward code, "E13") with the district's
coordinates, never a street address. Its private contact address receives what visitors
send through the group's contact form and appears in no template, search index, feed,
translation or API. Who registered a group, and who wrote to one, are kept in records that
only moderators read (directory/wagtail_hooks.py).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import AbstractGroupApprovalTask, Page, PagePermissionTester, TaskState
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import RICH_TEXT_FEATURES
from home.pictures import FeaturedImageMixin, featured_image_panel
from home.routing import OneQueryPerLevel
from home.search_weights import SUMMARY_BOOST
from localisation.locales import section_page, section_page_type
from portal.cached import CachedUntilSaved
from portal.visibility import public
from privacy.consent import ConsentRecord
from privacy.contact import PrivateContactAddressMixin, private_contact_address_field

from .postcodes import REGION_CHOICES, InvalidPostcode, postcode_district

REGION_LABELS = dict(REGION_CHOICES)

# How many live, public groups each directory has of each region and kind, read by its
# list instead of counting thousands of rows on every view: {directory page id:
# {(region, kind): number}}, filled in as each directory is shown. Declared here, not in
# the views, so that every process that saves a page (the admin, the worker) forgets it.
GROUP_COUNTS = CachedUntilSaved("directory-group-counts", dict, pages=True)
# The map data of each directory with no filter, the one every visit to the list fetches:
# {(directory page id, its address, language): (ETag, GeoJSON bytes)} (directory/views.py).
UNFILTERED_MAPS = CachedUntilSaved("directory-maps", dict, pages=True)


class PostcodeDistrict(models.Model):
    """A postcode district and the coordinates of its centre (from open data)."""

    outward_code = models.CharField(_("postcode district"), max_length=4, unique=True)
    latitude = models.FloatField(_("latitude"))
    longitude = models.FloatField(_("longitude"))
    region = models.CharField(_("region"), max_length=20, choices=REGION_CHOICES, blank=True)

    class Meta:
        verbose_name = _("postcode district")
        verbose_name_plural = _("postcode districts")
        ordering = ["outward_code"]

    def __str__(self):
        return self.outward_code


@section_page_type
class LocalGroupIndexPage(RoutablePageMixin, OneQueryPerLevel, Page):
    """/groups/: the directory, its map data and the form to register a group."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)
    register_intro = RichTextField(
        _("registration form introduction"),
        features=RICH_TEXT_FEATURES,
        blank=True,
        help_text=_("Shown above the form where a group registers itself."),
    )

    content_panels = Page.content_panels + [FieldPanel("intro"), FieldPanel("register_intro")]
    search_fields = Page.search_fields + [index.SearchField("intro", boost=SUMMARY_BOOST)]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["directory.LocalGroupPage"]

    class Meta:
        verbose_name = _("directory of local groups")

    def groups(self):
        """Live, public groups in this directory (and so in its language)."""
        return public(LocalGroupPage.objects.live()).child_of(self)

    def count_groups(self, region="", kind=""):
        """How many of `groups()` are of this region and this kind (any when empty)."""

        def count_all():
            by_region_and_kind = (
                self.groups().order_by().values_list("region", "kind").annotate(Count("pk"))
            )
            return {
                (group_region, group_kind): number
                for group_region, group_kind, number in by_region_and_kind
            }

        counts = GROUP_COUNTS.entry(self.pk, count_all)
        return sum(
            number
            for (group_region, group_kind), number in counts.items()
            if region in ("", group_region) and kind in ("", group_kind)
        )

    @path("")
    def directory(self, request):
        from .views import directory

        return directory(request, self)

    @path("register/", name="register")
    def register(self, request):
        from .views import RegisterGroup

        return RegisterGroup().respond(request, self)

    @property
    def map_url(self):
        """The map's data, answered by directory.urls (Wagtail routes only paths that end
        in a slash)."""
        return self.url + "map.geojson"

    @classmethod
    def for_active_locale(cls, request=None):
        """The directory in the visitor's language, else the default one (or None)."""
        return section_page(cls, request)


class LocalGroupPage(
    FeaturedImageMixin, PrivateContactAddressMixin, RoutablePageMixin, OneQueryPerLevel, Page
):
    """One local group: who it is, where, how to get involved, and a contact form."""

    KIND_CHOICES = [
        ("shadow-clp", _("Shadow CLP")),
        ("campaign-network", _("Campaign network")),
        ("regional-alliance", _("Regional alliance")),
        ("other", _("Other")),
    ]
    KIND_LABELS = dict(KIND_CHOICES)
    PARTY_STATUS_CHOICES = [
        ("suspended", _("Suspended")),
        ("officers-suspended", _("Officers suspended")),
        ("operating", _("Operating")),
        ("unknown", _("Not known")),
    ]

    kind = models.CharField(_("kind of group"), max_length=20, choices=KIND_CHOICES)
    constituencies = models.TextField(
        _("Westminster constituencies covered"),
        help_text=_("One constituency per line."),
    )
    region = models.CharField(
        _("nation or region"),
        max_length=20,
        choices=REGION_CHOICES,
        blank=True,
        help_text=_("Leave empty to take it from the postcode district."),
    )
    party_status = models.CharField(
        _("state of the official local party"),
        max_length=20,
        choices=PARTY_STATUS_CHOICES,
        default="unknown",
    )
    party_status_changed_on = models.DateField(
        _("date the local party's state changed"), null=True, blank=True
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES)
    get_involved = RichTextField(_("how to get involved"), features=RICH_TEXT_FEATURES, blank=True)
    meetings = RichTextField(_("when the group meets"), features=RICH_TEXT_FEATURES, blank=True)
    website_url = models.URLField(_("website"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    x_url = models.URLField(_("X (Twitter)"), blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    bluesky_url = models.URLField(_("Bluesky"), blank=True)
    postcode_district = models.CharField(
        _("postcode district"),
        max_length=8,
        blank=True,
        help_text=_(
            "Where the group is, as the first half of a postcode (e.g. E13 or BS10), never "
            "a street address. It places the group on the map and in searches by distance."
        ),
    )
    # Copied from the postcode district when the page is saved (clean()).
    latitude = models.FloatField(_("latitude"), null=True, blank=True, editable=False)
    longitude = models.FloatField(_("longitude"), null=True, blank=True, editable=False)
    approximate_membership = models.PositiveIntegerField(
        _("approximate membership"), null=True, blank=True
    )
    details_checked_on = models.DateField(_("details last checked on"), null=True, blank=True)
    contact_email = private_contact_address_field(
        help_text=_(
            "Messages from the group's contact form are sent here. Never shown on the site. "
            "Leave empty to use the network's contact address from the site settings."
        ),
    )

    content_panels = Page.content_panels + [
        FieldRowPanel([FieldPanel("kind"), FieldPanel("region")]),
        featured_image_panel(),
        FieldPanel("constituencies"),
        FieldRowPanel([FieldPanel("party_status"), FieldPanel("party_status_changed_on")]),
        FieldPanel("description"),
        FieldPanel("get_involved"),
        FieldPanel("meetings"),
        MultiFieldPanel(
            [
                FieldPanel("website_url"),
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("bluesky_url"),
            ],
            heading=_("Links"),
        ),
        MultiFieldPanel(
            [
                FieldRowPanel(
                    [FieldPanel("postcode_district"), FieldPanel("approximate_membership")]
                ),
                FieldPanel("details_checked_on"),
                FieldPanel("contact_email"),
            ],
            heading=_("Location and contact"),
        ),
    ]

    # The private contact address is deliberately absent.
    search_fields = Page.search_fields + [
        index.SearchField("constituencies", boost=SUMMARY_BOOST),
        index.SearchField("description"),
        index.FilterField("region"),
        index.FilterField("kind"),
    ]

    # Translators see what is translated; the private address and the facts that are the
    # same in every language are copied from the original instead.
    override_translatable_fields = [
        SynchronizedField("contact_email"),
        SynchronizedField("kind"),
        SynchronizedField("region"),
        SynchronizedField("party_status"),
        SynchronizedField("party_status_changed_on"),
        SynchronizedField("postcode_district"),
        SynchronizedField("approximate_membership"),
        SynchronizedField("details_checked_on"),
        SynchronizedField("website_url"),
        SynchronizedField("facebook_url"),
        SynchronizedField("x_url"),
        SynchronizedField("instagram_url"),
        SynchronizedField("bluesky_url"),
    ]

    parent_page_types = ["directory.LocalGroupIndexPage"]
    subpage_types = ["directory.LocalGroupNewsPage", "events.EventPage"]

    class Meta:
        verbose_name = _("local group")
        verbose_name_plural = _("local groups")
        # The location search reads the ids of the groups in a box from the index alone.
        indexes = [
            models.Index(
                fields=["latitude", "longitude"], include=["page_ptr"], name="localgroup_location"
            )
        ]

    def clean(self):
        super().clean()
        if not self.postcode_district.strip():
            self.postcode_district = ""
            self.latitude = self.longitude = None
            return
        try:
            district_code = postcode_district(self.postcode_district)
        except InvalidPostcode:
            raise ValidationError(
                {"postcode_district": _("Enter the first half of a postcode, e.g. E13 or BS10.")}
            ) from None
        district = PostcodeDistrict.objects.filter(outward_code=district_code).first()
        if district is None:
            raise ValidationError(
                {
                    "postcode_district": _(
                        "We have no coordinates for the postcode district %(district)s. Check "
                        "it, or ask an administrator to import the postcode data."
                    )
                    % {"district": district_code}
                }
            )
        self.postcode_district = district_code
        self.latitude, self.longitude = district.latitude, district.longitude
        if not self.region and district.region:
            self.region = district.region

    # get_kind_display() and get_region_display() translate every label of the field's
    # choices on each call (Django hashes them all): a list of 20 cards translated 320.
    @property
    def kind_label(self):
        return self.KIND_LABELS.get(self.kind, self.kind)

    @property
    def region_label(self):
        return REGION_LABELS.get(self.region, self.region)

    @property
    def constituency_list(self):
        return [line.strip() for line in self.constituencies.splitlines() if line.strip()]

    @property
    def links(self):
        links = [
            (_("Website"), self.website_url),
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("Bluesky", self.bluesky_url),
        ]
        return [(name, url) for name, url in links if url]

    @property
    def directory_region(self):
        return self.region

    def permissions_for_user(self, user):
        return RegionalModeratorPermissionTester(user, self)

    def recipient_addresses(self):
        """The group's own private address; until a moderator sets one, the address of
        whoever registered the group through the site; else the network's."""
        if not self.contact_email:
            registrant = (
                GroupRegistration.objects.filter(page__translation_key=self.translation_key)
                .values_list("contact_email", flat=True)
                .first()
            )
            if registrant:
                return [registrant]
        return super().recipient_addresses()

    def news(self, count=3):
        if self.numchild == 0:
            # No sub-page at all, so no news: most groups, and no query.
            return LocalGroupNewsPage.objects.none()
        return (
            public(LocalGroupNewsPage.objects.live())
            .child_of(self)
            .order_by("-date", "-first_published_at")[:count]
        )

    @path("")
    def group(self, request):
        from .views import MessageToGroup

        return MessageToGroup().show(request, self)

    @path("contact/", name="contact")
    def contact(self, request):
        if request.method != "POST":
            return redirect(self.url + "#contact")
        from .views import MessageToGroup

        return MessageToGroup().submit(request, self)

    def get_sitemap_urls(self, request=None):
        # The page only: the contact route answers POSTs.
        return super().get_sitemap_urls(request)


class LocalGroupNewsPage(Page):
    """A short news item of one group, written by its convenor and approved by a moderator."""

    date = models.DateField(_("date"))
    intro = models.TextField(_("introduction"), max_length=500)
    body = RichTextField(_("body"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("intro"),
        FieldPanel("body"),
    ]
    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=SUMMARY_BOOST),
        index.SearchField("body"),
    ]

    parent_page_types = ["directory.LocalGroupPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("local group news")
        verbose_name_plural = _("local group news")

    @property
    def directory_region(self):
        parent = self.get_parent()
        return getattr(parent.specific, "region", "") if parent else ""

    def permissions_for_user(self, user):
        return RegionalModeratorPermissionTester(user, self)


class GroupRegistration(ConsentRecord):
    """Who registered a group, kept apart from the public page. Moderators only."""

    page = models.OneToOneField(
        LocalGroupPage,
        verbose_name=_("registered group's page"),
        on_delete=models.CASCADE,
        related_name="registration",
    )
    contact_name = models.CharField(_("contact's name"), max_length=120)
    contact_email = models.EmailField(_("contact's email address"))
    group_name = models.CharField(_("group name as registered"), max_length=120)

    class Meta:
        verbose_name = _("local group registration")
        verbose_name_plural = _("local group registrations")
        ordering = ["-created_at"]

    def __str__(self):
        return self.group_name


class GroupMessage(ConsentRecord):
    """A visitor's message to a group, relayed to its private address. Moderators only."""

    group = models.ForeignKey(
        LocalGroupPage,
        verbose_name=_("local group"),
        on_delete=models.CASCADE,
        related_name="messages",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"))
    message = models.TextField(_("message"))

    class Meta:
        verbose_name = _("message to a local group")
        verbose_name_plural = _("messages to local groups")
        ordering = ["-created_at"]

    def __str__(self):
        return str(_("Message to {group}")).format(group=self.group.title)


class RegionalApprovalTask(AbstractGroupApprovalTask):
    """Approval by the moderators of one nation or region, for the local groups there.

    A workflow of these tasks (one per region, and one with no region for everything the
    others do not cover) assigned to the directory page sends each group's page, and its
    news, to the moderators of its own region only: the task of another region lets the
    page pass without stopping. Members of the task's groups may also edit, publish and
    unpublish the pages of their region (RegionalModeratorPermissionTester), which is what
    approving needs; they get nothing elsewhere.
    """

    region = models.CharField(
        _("nation or region"),
        max_length=20,
        choices=REGION_CHOICES,
        blank=True,
        help_text=_(
            "The local groups (and their news) of this region come to this task. Leave empty "
            "for the groups of every region that no other task of the workflow covers."
        ),
    )

    admin_form_fields = AbstractGroupApprovalTask.admin_form_fields + ["region"]

    class Meta:
        verbose_name = _("regional approval task")
        verbose_name_plural = _("regional approval tasks")

    @classmethod
    def get_description(cls):
        return _("Moderators of one region approve the local groups of that region")

    def covers(self, page, workflow):
        # A workflow state knows its page as a plain Page: its region is on the specific one.
        page_region = getattr(getattr(page, "specific", page), "directory_region", "")
        if self.region:
            return page_region == self.region
        covered = RegionalApprovalTask.objects.filter(
            workflow_tasks__workflow=workflow, active=True
        ).exclude(region="")
        return not covered.filter(region=page_region).exists()

    def start(self, workflow_state, user=None):
        if self.covers(workflow_state.content_object, workflow_state.workflow):
            return super().start(workflow_state, user=user)
        # Another region's page: passed without a stop and without notifying anyone (the
        # workflow moves straight on to the next task).
        return TaskState.objects.create(
            workflow_state=workflow_state,
            revision=workflow_state.content_object.get_latest_revision(),
            task=self,
            status=TaskState.STATUS_SKIPPED,
            finished_at=timezone.now(),
        )


def regional_moderator_of(user, region):
    """True when the user belongs to a group of an active regional task for this region."""
    if not region or not user.is_active:
        return False
    # Asked for every page of an admin listing: one query per user object (per request).
    if not hasattr(user, "_directory_moderated_regions"):
        user._directory_moderated_regions = set(
            RegionalApprovalTask.objects.filter(active=True, groups__user=user)
            .exclude(region="")
            .values_list("region", flat=True)
        )
    return region in user._directory_moderated_regions


class RegionalModeratorPermissionTester(PagePermissionTester):
    """Wagtail's page permissions, plus a moderator's on the pages of the user's region."""

    REGIONAL_MODERATOR_ACTIONS = {"add", "change", "publish", "lock", "unlock"}

    def __init__(self, user, page):
        super().__init__(user, page)
        if (
            user.is_active
            and not user.is_superuser
            and regional_moderator_of(user, page.directory_region)
        ):
            self.permissions = self.permissions | self.REGIONAL_MODERATOR_ACTIONS

"""Meetings and events: announced on the site, registered for by email, recorded after.

An event's joining link (for an online meeting) is private: it is sent only in the emails
to registrants with a place, and appears in no template, search index, feed, calendar,
sitemap or translation file (it is a SynchronizedField, copied, never exported).

Times are stored in UTC and shown in Europe/London (the TIME_ZONE setting), so a meeting
keeps its wall-clock time across the clock changes.

An event may be organised by a working group or a local group: the organiser is a plain
page reference limited by content-type names, as events never import the group apps.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.functions import Lower
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wagtail import blocks
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.embeds.blocks import EmbedBlock
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail_localize.fields import SynchronizedField

from home.blocks import RICH_TEXT_FEATURES
from home.routing import OneQueryPerLevel
from localisation.locales import default_locale, section_page, section_page_type
from portal.visibility import public
from privacy.consent import ConsentRecord

# The pages that may organise an event, and under which one may be created, named by
# their labels: the group apps are features, which events never import.
GROUP_PAGE_TYPES = ["workinggroups.WorkingGroupPage", "directory.LocalGroupPage"]

EVENTS_PER_PAGE = 12


class SpeakerBlock(blocks.StructBlock):
    name = blocks.CharBlock(label=_("Name"), max_length=120)
    role = blocks.CharBlock(
        label=_("Role or group"),
        max_length=200,
        required=False,
        help_text=_("E.g. 'Convenor, Newham shadow CLP'."),
    )

    class Meta:
        icon = "user"
        label = _("Speaker")


@section_page_type
class EventIndexPage(RoutablePageMixin, OneQueryPerLevel, Page):
    """/events/: upcoming events soonest first, past ones on their own list, and the
    calendar feed (/events/feed.ics, routed by events/urls.py)."""

    intro = models.TextField(_("introduction"), max_length=500, blank=True)

    content_panels = Page.content_panels + [FieldPanel("intro")]
    search_fields = Page.search_fields + [index.SearchField("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["events.EventPage"]

    class Meta:
        verbose_name = _("events index")

    def events(self):
        """Live, public events in this index's language, wherever they sit in the tree
        (under this index or under a group's page)."""
        return public(EventPage.objects.live()).filter(locale_id=self.locale_id)

    def upcoming_events(self):
        return self.events().upcoming()

    def past_events(self):
        return self.events().past()

    @path("")
    def upcoming(self, request):
        from home.pagination import paginate

        return self.render(
            request,
            context_overrides={
                "events": paginate(request, self.upcoming_events(), EVENTS_PER_PAGE),
                "showing_past": False,
            },
        )

    @path("past/", name="past")
    def past(self, request):
        from home.pagination import paginate

        return self.render(
            request,
            context_overrides={
                "events": paginate(request, self.past_events(), EVENTS_PER_PAGE),
                "showing_past": True,
            },
        )

    @property
    def feed_url(self):
        return self.url + "feed.ics"

    @classmethod
    def for_active_locale(cls, request=None):
        return section_page(cls, request)


class EventPageQuerySet(PageQuerySet):
    def upcoming(self, now=None):
        """Events not yet over, soonest first."""
        return self.filter(end__gt=now or timezone.now()).order_by("start", "pk")

    def past(self, now=None):
        """Events that are over, latest first."""
        return self.filter(end__lte=now or timezone.now()).order_by("-start", "-pk")

    def organised_by(self, page):
        """The events a group organises: those naming it, and those under its page."""
        return self.filter(models.Q(organiser_id=page.pk) | models.Q(path__startswith=page.path))


class EventPage(RoutablePageMixin, Page):
    """One meeting: when, where or how, who speaks, the registration form and, after it,
    the recording and the report."""

    ONLINE = "online"
    IN_PERSON = "in-person"
    BOTH = "both"
    ATTENDANCE_CHOICES = [
        (ONLINE, _("Online")),
        (IN_PERSON, _("In person")),
        (BOTH, _("In person and online")),
    ]

    objects = PageManager.from_queryset(EventPageQuerySet)()

    summary = models.CharField(
        _("summary"),
        max_length=300,
        help_text=_("One or two sentences, shown in listings, calendars and search results."),
    )
    start = models.DateTimeField(_("starts at"), db_index=True)
    end = models.DateTimeField(_("ends at"))
    attendance = models.CharField(
        _("how people take part"), max_length=20, choices=ATTENDANCE_CHOICES, default=ONLINE
    )
    venue = models.TextField(
        _("venue"),
        max_length=500,
        blank=True,
        help_text=_("Name and address of the place, for a meeting in person."),
    )
    access_notes = models.TextField(
        _("access"),
        max_length=1000,
        blank=True,
        help_text=_("Step-free access, hearing loop, toilets, parking, captions, BSL..."),
    )
    description = RichTextField(_("description"), features=RICH_TEXT_FEATURES, blank=True)
    speakers = StreamField(
        [("speaker", SpeakerBlock())], verbose_name=_("speakers"), blank=True, use_json_field=True
    )
    organiser = models.ForeignKey(
        "wagtailcore.Page",
        verbose_name=_("organised by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("The working group or local group holding the meeting, if any."),
    )
    capacity = models.PositiveIntegerField(
        _("places"),
        null=True,
        blank=True,
        help_text=_(
            "How many people may register. Once they have, others go on a waiting list. "
            "Leave empty for no limit."
        ),
    )
    registration_open = models.BooleanField(
        _("registration open"),
        default=True,
        help_text=_("Untick to close registration now."),
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes at"),
        null=True,
        blank=True,
        help_text=_("Leave empty to take registrations until the meeting starts."),
    )
    joining_url = models.URLField(
        _("joining link"),
        max_length=500,
        blank=True,
        help_text=_(
            "The Zoom (or other) link for an online meeting. Sent only by email to the "
            "people with a place, never shown on the site."
        ),
    )
    livestream_url = models.URLField(
        _("livestream link"),
        max_length=500,
        blank=True,
        help_text=_("A public stream for those who watch without registering. Shown on the page."),
    )
    cancelled = models.BooleanField(
        _("cancelled"),
        default=False,
        help_text=_("Registrants are emailed when this is published."),
    )
    recording = StreamField(
        [
            (
                "video",
                EmbedBlock(
                    label=_("Video"),
                    icon="media",
                    template="blocks/video_block.html",
                    help_text=_("The address of a YouTube, Vimeo or Facebook video."),
                ),
            )
        ],
        verbose_name=_("recording"),
        blank=True,
        max_num=1,
        use_json_field=True,
    )
    report_url = models.URLField(_("report"), max_length=500, blank=True)
    agenda = RichTextField(_("agenda"), features=RICH_TEXT_FEATURES, blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("start"), FieldPanel("end")]),
                FieldPanel("attendance"),
                FieldPanel("venue"),
                FieldPanel("access_notes"),
                FieldPanel("cancelled"),
            ],
            heading=_("When and where"),
        ),
        FieldPanel("description"),
        FieldPanel("agenda"),
        FieldPanel("speakers"),
        PageChooserPanel("organiser", GROUP_PAGE_TYPES),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("capacity"), FieldPanel("registration_open")]),
                FieldPanel("registration_closes_at"),
                FieldPanel("joining_url"),
                FieldPanel("livestream_url"),
            ],
            heading=_("Registration and links"),
        ),
        MultiFieldPanel(
            [FieldPanel("recording"), FieldPanel("report_url")],
            heading=_("After the meeting"),
        ),
    ]

    # The joining link is deliberately absent: no search may match or reveal it.
    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("description"),
        index.SearchField("agenda"),
        index.SearchField("venue"),
        index.FilterField("start"),
    ]

    # The joining link, the times and the settings are the same in every language: copied
    # from the original, never put in a translation file.
    override_translatable_fields = [
        SynchronizedField("joining_url"),
        SynchronizedField("start"),
        SynchronizedField("end"),
        SynchronizedField("attendance"),
        SynchronizedField("organiser"),
        SynchronizedField("capacity"),
        SynchronizedField("registration_open"),
        SynchronizedField("registration_closes_at"),
        SynchronizedField("livestream_url"),
        SynchronizedField("cancelled"),
        SynchronizedField("recording"),
        SynchronizedField("report_url"),
    ]

    parent_page_types = ["events.EventIndexPage", *GROUP_PAGE_TYPES]
    subpage_types = []
    related_on_serve = ("organiser",)

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")

    def clean(self):
        super().clean()
        if self.start and self.end and self.end <= self.start:
            raise ValidationError({"end": _("The meeting must end after it starts.")})
        if self.registration_closes_at and self.end and self.registration_closes_at > self.end:
            raise ValidationError(
                {"registration_closes_at": _("Registration must close before the meeting ends.")}
            )

    # What the page says about itself.

    @property
    def is_online(self):
        return self.attendance in (self.ONLINE, self.BOTH)

    @property
    def is_in_person(self):
        return self.attendance in (self.IN_PERSON, self.BOTH)

    def has_ended(self, now=None):
        return self.end <= (now or timezone.now())

    @property
    def is_past(self):
        return self.has_ended()

    @property
    def registration_closes(self):
        return self.registration_closes_at or self.start

    def accepts_registrations(self, now=None):
        return (
            self.registration_open
            and not self.cancelled
            and (now or timezone.now()) < self.registration_closes
        )

    @property
    def is_accepting_registrations(self):
        return self.accepts_registrations()

    @property
    def registration_event(self):
        """The event registrations are kept on: the original, for every translation of
        it, so that the places are counted once whatever language people register in."""
        if not hasattr(self, "_registration_event"):
            default_locale_id = default_locale().pk
            if self.locale_id == default_locale_id:
                self._registration_event = self
            else:
                self._registration_event = (
                    EventPage.objects.filter(
                        translation_key=self.translation_key, locale_id=default_locale_id
                    ).first()
                    or self
                )
        return self._registration_event

    def place_counts(self):
        """(registered, places left or None for no limit, waiting) of this event."""
        if not hasattr(self, "_place_counts"):
            counts = EventRegistration.objects.filter(
                event_id=self.registration_event.pk
            ).aggregate(
                registered=models.Count("pk", filter=models.Q(status=EventRegistration.CONFIRMED)),
                waiting=models.Count("pk", filter=models.Q(status=EventRegistration.WAITING)),
            )
            registered, waiting = counts["registered"], counts["waiting"]
            places_left = None if self.capacity is None else max(self.capacity - registered, 0)
            self._place_counts = (registered, places_left, waiting)
        return self._place_counts

    @property
    def registered_count(self):
        return self.place_counts()[0]

    @property
    def places_left(self):
        return self.place_counts()[1]

    @property
    def is_full(self):
        return self.places_left == 0

    # Routes: the page with its form, the form posted, and cancelling a registration.

    @path("")
    def event(self, request):
        from .views import RegisterForEvent

        return RegisterForEvent().show(request, self)

    @path("register/", name="register")
    def register(self, request):
        if request.method != "POST":
            return redirect(self.url + "#register")
        from .views import RegisterForEvent

        return RegisterForEvent().submit(request, self)

    @path("cancel/", name="cancel")
    def cancel(self, request):
        from .views import cancel_registration

        return cancel_registration(request, self)

    def get_sitemap_urls(self, request=None):
        # The page only: the other routes answer forms and links from emails.
        return super().get_sitemap_urls(request)


class EventRegistration(ConsentRecord):
    """Someone who registered for an event: a place, or a place on the waiting list.

    Moderators (and the organising group's convenors) read them; nobody else. Deleted
    EVENT_REGISTRATION_RETENTION_DAYS after the event ends (events/wagtail_hooks.py).
    """

    CONFIRMED = "confirmed"
    WAITING = "waiting"
    STATUS_CHOICES = [(CONFIRMED, _("Has a place")), (WAITING, _("On the waiting list"))]

    event = models.ForeignKey(
        EventPage,
        verbose_name=_("event"),
        on_delete=models.CASCADE,
        related_name="registrations",
    )
    name = models.CharField(_("name"), max_length=120)
    email = models.EmailField(_("email address"))
    postcode_district = models.CharField(_("postcode district"), max_length=8, blank=True)
    access_needs = models.TextField(_("access needs"), max_length=1000, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=STATUS_CHOICES)
    # The language of the emails sent later (reminders, changes, a place freed).
    language = models.CharField(_("language"), max_length=10, default=settings.LANGUAGE_CODE)
    day_reminder_sent_at = models.DateTimeField(_("day-before reminder sent"), null=True)
    hour_reminder_sent_at = models.DateTimeField(_("hour-before reminder sent"), null=True)

    class Meta:
        verbose_name = _("event registration")
        verbose_name_plural = _("event registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                "event", Lower("email"), name="one_registration_per_email_per_event"
            )
        ]

    def __str__(self):
        return self.name

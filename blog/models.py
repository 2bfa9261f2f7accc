from django.db import models
from django.dispatch import receiver
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import Tag, TaggedItemBase
from wagtail.admin.panels import FieldPanel, FieldRowPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import StreamField
from wagtail.models import Page, TranslatableMixin
from wagtail.search import index
from wagtail.signals import page_published

from home.blocks import BodyStreamBlock
from home.pagination import paginate
from home.pictures import (
    CARD_RENDITIONS,
    FEED_RENDITION,
    FeaturedImageMixin,
    featured_image_panel,
    with_listing_pictures,
)
from home.routing import OneQueryPerLevel
from home.search_weights import SUMMARY_BOOST
from localisation.locales import section_page, section_page_type
from portal.cached import CachedUntilSaved
from portal.visibility import public

POSTS_PER_PAGE = 10
RELATED_POSTS = 3
# The feeds' picture, made by the worker with every other size (home/pictures.py).
LISTING_RENDITION = FEED_RENDITION


class Person(TranslatableMixin, models.Model):
    """Someone who writes for the site: a name, a role and an optional photo."""

    name = models.CharField(_("name"), max_length=120)
    role = models.CharField(
        _("role"), max_length=160, blank=True, help_text=_("e.g. 'Convenor, Press working group'")
    )
    photo = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    panels = [FieldPanel("name"), FieldPanel("role"), FieldPanel("photo")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["name"]

    def __str__(self):
        return self.name


class BlogCategory(TranslatableMixin, models.Model):
    name = models.CharField(_("name"), max_length=80)
    slug = models.SlugField(
        _("slug"), max_length=80, help_text=_("The category's address: /blog/category/<slug>/")
    )
    description = models.TextField(_("description"), blank=True, max_length=500)

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("description")]

    class Meta(TranslatableMixin.Meta):
        verbose_name = _("blog category")
        verbose_name_plural = _("blog categories")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["locale", "slug"], name="unique_blog_category_slug_per_locale"
            )
        ]

    def __str__(self):
        return self.name


class BlogPageTag(TaggedItemBase):
    content_object = ParentalKey(
        "blog.BlogPage", on_delete=models.CASCADE, related_name="tagged_items"
    )


def as_listing(posts, picture_sizes=CARD_RENDITIONS):
    """Posts newest first, with what a listing shows fetched in a fixed number of queries."""
    return with_listing_pictures(
        posts.order_by("-date", "-first_published_at", "-pk")
        .select_related("locale")
        .prefetch_related("categories"),
        picture_sizes,
    )


def published_posts(index_page, picture_sizes=CARD_RENDITIONS):
    """Live, public posts under an index, newest first, with what a listing shows."""
    return as_listing(public(BlogPage.objects.live()).child_of(index_page), picture_sizes)


def tagged_published_posts(tag_slug):
    """Live, public posts with a tag, from every news index, newest first."""
    return as_listing(public(BlogPage.objects.live()).filter(tags__slug=tag_slug))


def _categories_by_locale():
    by_locale = {}
    for category in BlogCategory.objects.all():
        by_locale.setdefault(category.locale_id, []).append(category)
    return by_locale


CATEGORIES = CachedUntilSaved("blog-categories", _categories_by_locale, BlogCategory)
# {(news index id, category id, tag id): number of posts}
POST_COUNTS = CachedUntilSaved("post-counts", dict, BlogCategory, Tag, pages=True)
MOST_COUNTS_KEPT = 500


@section_page_type
class BlogIndexPage(RoutablePageMixin, OneQueryPerLevel, Page):
    """The news: every post, the archives by category and tag, and the feeds."""

    intro = models.TextField(_("introduction"), blank=True, max_length=500)

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    subpage_types = ["blog.BlogPage"]

    class Meta:
        verbose_name = _("blog index page")

    def posts(self):
        return published_posts(self)

    def categories(self):
        return BlogCategory.objects.filter(locale=self.locale)

    def category_list(self):
        """The categories in this index's language, as every listing shows them: from the
        shared cache until a category is saved or deleted."""
        return CATEGORIES.get().get(self.locale_id, [])

    def category_by_slug(self, slug):
        return next((category for category in self.category_list() if category.slug == slug), None)

    def count_of(self, posts, category=None, tag=None):
        """How many posts a listing has (a COUNT over every post: 2 ms with 2,000), kept
        until a page, a category or a tag changes."""
        if posts.query.is_empty():  # a filter naming no category or tag
            return 0
        key = (self.pk, category.pk if category else None, tag.pk if tag else None)
        return POST_COUNTS.entry(key, posts.count, most=MOST_COUNTS_KEPT)

    def render_listing(self, request, posts, **context):
        count = self.count_of(posts, context.get("category"), context.get("tag"))
        page_of_posts = paginate(request, posts, POSTS_PER_PAGE, count=count)
        return self.render(
            request,
            context_overrides={
                "posts": page_of_posts,
                "categories": self.category_list(),
                **context,
            },
        )

    @path("")
    def index(self, request):
        posts = self.posts()
        filters = {}
        # The same filters as the archive pages, so that they combine: ?category=…&tag=…
        category_slug = request.GET.get("category", "").strip()
        if category_slug:
            filters["category"] = self.category_by_slug(category_slug)
            posts = (
                posts.filter(categories=filters["category"])
                if filters["category"]
                else posts.none()
            )
        tag_slug = request.GET.get("tag", "").strip()
        if tag_slug:
            filters["tag"] = Tag.objects.filter(slug=tag_slug).first()
            posts = posts.filter(tags=filters["tag"]) if filters["tag"] else posts.none()
        return self.render_listing(request, posts, **filters)

    @path("category/<slug:slug>/")
    def category_archive(self, request, slug):
        category = self.category_by_slug(slug)
        if category is None:
            raise Http404
        return self.render_listing(
            request, self.posts().filter(categories=category), category=category, archive=True
        )

    @path("tag/<slug:slug>/")
    def tag_archive(self, request, slug):
        tag = get_object_or_404(Tag, slug=slug)
        return self.render_listing(request, self.posts().filter(tags=tag), tag=tag, archive=True)

    @path("feed/")
    def rss_feed(self, request):
        from .feeds import BlogRssFeed

        return BlogRssFeed(self)(request)

    @path("feed/atom/")
    def atom_feed(self, request):
        from .feeds import BlogAtomFeed

        return BlogAtomFeed(self)(request)

    @path("category/<slug:slug>/feed/")
    def category_rss_feed(self, request, slug):
        from .feeds import BlogRssFeed

        category = self.category_by_slug(slug)
        if category is None:
            raise Http404
        return BlogRssFeed(self, category)(request)

    @path("category/<slug:slug>/feed/atom/")
    def category_atom_feed(self, request, slug):
        from .feeds import BlogAtomFeed

        category = self.category_by_slug(slug)
        if category is None:
            raise Http404
        return BlogAtomFeed(self, category)(request)

    @classmethod
    def for_active_locale(cls, request=None):
        """The news index in the visitor's language, else the default one (or None)."""
        return section_page(cls, request)


class BlogPage(FeaturedImageMixin, Page):
    """A news post: a report of a meeting, a statement, a campaign update."""

    date = models.DateField(
        _("publication date"),
        null=True,
        blank=True,
        help_text=_("Leave empty to use the day it is first published."),
    )
    intro = models.TextField(
        _("introduction"),
        max_length=500,
        help_text=_("One or two sentences shown in listings, feeds and when shared."),
    )
    authors = ParentalManyToManyField(Person, verbose_name=_("authors"), blank=True)
    by_editorial_group = models.BooleanField(
        _("by the editorial group"),
        default=False,
        help_text=_("Say 'by the editorial group' instead of, or as well as, named authors."),
    )
    categories = ParentalManyToManyField(
        BlogCategory, verbose_name=_("categories"), blank=True, related_name="posts"
    )
    tags = ClusterTaggableManager(through=BlogPageTag, blank=True, verbose_name=_("tags"))
    body = StreamField(BodyStreamBlock(), verbose_name=_("body"), blank=True)

    content_panels = Page.content_panels + [
        FieldPanel("intro"),
        featured_image_panel(),
        FieldPanel("body"),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("date"), FieldPanel("by_editorial_group")]),
                FieldPanel("authors"),
                FieldPanel("categories"),
                FieldPanel("tags"),
            ],
            heading=_("About this post"),
        ),
    ]

    search_fields = Page.search_fields + [
        index.SearchField("intro", boost=SUMMARY_BOOST),
        index.SearchField("body"),
        index.RelatedFields("categories", [index.SearchField("name")]),
        index.FilterField("date"),
    ]

    parent_page_types = ["blog.BlogIndexPage"]
    subpage_types = []

    class Meta:
        verbose_name = _("blog post")
        verbose_name_plural = _("blog posts")
        # Listings show the newest posts first: with this index PostgreSQL reads the first
        # few by date instead of sorting every post under the index (2.5 ms with 2,000).
        indexes = [models.Index(fields=["-date"], name="blog_post_newest_first")]

    @property
    def display_date(self):
        if self.date:
            return self.date
        return self.first_published_at.date() if self.first_published_at else None

    def siblings_in_order(self):
        return (
            public(BlogPage.objects.live())
            .sibling_of(self, inclusive=False)
            .exclude(date__isnull=True)
        )

    def previous_and_next_posts(self):
        """(the post before this one, the post after it), by date, in one query."""
        if not self.date:
            return None, None
        siblings = self.siblings_in_order()
        before = models.Q(date__lt=self.date) | models.Q(date=self.date, pk__lt=self.pk)
        after = models.Q(date__gt=self.date) | models.Q(date=self.date, pk__gt=self.pk)
        # The plain bound beside each OR lets PostgreSQL start its read of the date index at
        # this post's date rather than at one end of the news.
        previous = siblings.filter(before, date__lte=self.date).order_by("-date", "-pk")[:1]
        following = siblings.filter(after, date__gte=self.date).order_by("date", "pk")[:1]
        previous_post = next_post = None
        for post in previous.union(following, all=True):
            if (post.date, post.pk) < (self.date, self.pk):
                previous_post = post
            else:
                next_post = post
        return previous_post, next_post

    @cached_property
    def category_list(self):
        return list(self.categories.all())

    def related_posts(self):
        category_ids = [category.pk for category in self.category_list]
        if not category_ids:
            return []
        # A subquery, not a join and DISTINCT: PostgreSQL then reads the newest posts from
        # the date index and stops at the third in a category (DISTINCT over every column
        # of 2,000 posts took 6 ms).
        in_categories = BlogPage.categories.through.objects.filter(
            blogcategory_id__in=category_ids
        ).values("blogpage_id")
        same_category = self.siblings_in_order().filter(pk__in=in_categories)
        return list(as_listing(same_category)[:RELATED_POSTS])

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["previous_post"], context["next_post"] = self.previous_and_next_posts()
        context["related_posts"] = self.related_posts()
        return context


@receiver(page_published, sender=BlogPage)
def date_post_on_first_publication(sender, instance, revision, **kwargs):
    """A post with no date takes the day it was first published, for listings and feeds."""
    if instance.date is None and instance.first_published_at is not None:
        publication_day = instance.first_published_at.date()
        BlogPage.objects.filter(pk=instance.pk).update(date=publication_day)
        instance.date = publication_day


@receiver(page_published, sender=BlogPage)
def use_categories_in_the_posts_language(sender, instance, revision, **kwargs):
    """A translated post keeps its source's categories (wagtail-localize copies many-to-many
    fields as they are): file it under their translations into its own language, where
    they exist, so that its listing and category links stay in that language."""
    links = BlogPage.categories.through.objects.filter(blogpage_id=instance.pk)
    for link in links.select_related("blogcategory"):
        category = link.blogcategory
        if category.locale_id != instance.locale_id:
            translated = category.get_translation_or_none(instance.locale)
            if translated is not None:
                link.blogcategory = translated
                link.save(update_fields=["blogcategory"])


class WordPressImport(models.Model):
    """What `import_wordpress` made of one thing in a WordPress export.

    Keyed by the WordPress site and the thing's WordPress id, so that running the import
    again updates what it made instead of making it twice. The fingerprint tells whether
    the WordPress side changed; the revision whether an editor changed the page since.
    What was made and then deleted on the portal keeps its record with no target, so
    that the next import does not make it again.
    """

    class Kind(models.TextChoices):
        POST = "post", _("post")
        PAGE = "page", _("page")
        ATTACHMENT = "attachment", _("attachment")
        AUTHOR = "author", _("author")
        REDIRECT = "redirect", _("redirect")

    source = models.CharField(_("WordPress site"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    wp_id = models.CharField(
        _("WordPress id"),
        max_length=255,
        help_text=_("The post's id, the author's login, or the old address of a redirect."),
    )
    fingerprint = models.CharField(_("fingerprint"), max_length=64, blank=True)
    page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revision_id = models.PositiveIntegerField(null=True, blank=True)
    image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "wagtaildocs.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    person = models.ForeignKey(
        Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    redirect = models.ForeignKey(
        "wagtailredirects.Redirect",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    imported_at = models.DateTimeField(_("imported at"), auto_now=True)

    class Meta:
        verbose_name = _("WordPress import record")
        verbose_name_plural = _("WordPress import records")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "kind", "wp_id"], name="unique_wordpress_import_per_source"
            )
        ]

    def __str__(self):
        return f"{self.source} {self.kind} {self.wp_id}"

"""Pictures on pages: the featured image every page type can have, its alt text, and the
rendition sizes the templates ask for.

An editor who adds a picture must say what it shows (alt text) or tick "decorative"
(then the page gives it an empty alt, and screen readers skip it). `clean()` refuses a
picture with neither, unless the image itself carries a description in the library.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.images import get_image_model
from wagtail.images.models import Filter

# The formats every picture is offered in, best first; browsers take the first they know.
FORMATS = "format-{avif,webp,jpeg}"
# Cards in listings: 16:9, about a third of the page wide on a desktop, full width on a phone.
CARD_SPEC = f"fill-{{400x225,640x360}} {FORMATS}"
CARD_SIZES = "(min-width: 64em) 22rem, (min-width: 40em) 45vw, 100vw"
# A featured image at the top of a page and the home page's hero.
FEATURE_SPEC = f"fill-{{480x270,960x540}} {FORMATS}"
FEATURE_SIZES = "(min-width: 64em) 46rem, 100vw"
HERO_SPEC = f"fill-{{480x320,720x480}} {FORMATS}"
HERO_SIZES = "(min-width: 48em) 45vw, 100vw"


def expand(spec):
    """The single renditions a multi-rendition spec stands for (to prefetch or make)."""
    return Filter.expand_spec(spec.split())


CARD_RENDITIONS = expand(CARD_SPEC)
FEATURE_RENDITIONS = expand(FEATURE_SPEC)
HERO_RENDITIONS = expand(HERO_SPEC)
# A picture in a page's body (templates/blocks/figure_block.html) and the feeds' image.
BODY_RENDITION = "width-960"
FEED_RENDITION = "fill-640x360|format-jpeg"
# Every size a template asks for: the worker makes them all for every image
# (home/renditions.py), so that no visitor's request makes one.
ALL_RENDITIONS = list(
    dict.fromkeys(
        [*CARD_RENDITIONS, *FEATURE_RENDITIONS, *HERO_RENDITIONS, BODY_RENDITION, FEED_RENDITION]
    )
)

ALT_HELP = _(
    "What the picture shows, for people who cannot see it, e.g. 'Members with placards "
    "outside the town hall'. Leave empty to use the image's own description."
)
DECORATIVE_HELP = _(
    "Tick only if the picture adds nothing to the words around it: screen readers then skip it."
)
ALT_MISSING = _(
    "Describe the picture for people who cannot see it, or tick 'decorative' if it adds "
    "nothing to the page."
)
ALT_AND_DECORATIVE = _(
    "A decorative picture has no description: remove the description or untick 'decorative'."
)


def alt_text_errors(image, alt_text, decorative, *, alt_field, decorative_field):
    """The validation errors of a picture's alt text, by field ({} when it is fine)."""
    if image is None:
        return {}
    if decorative and alt_text.strip():
        return {decorative_field: ValidationError(ALT_AND_DECORATIVE, code="alt_and_decorative")}
    if not decorative and not alt_text.strip() and not (image.description or "").strip():
        return {alt_field: ValidationError(ALT_MISSING, code="alt_missing")}
    return {}


def alt_text_for(image, alt_text, decorative):
    """The alt attribute to print: empty for decoration, else the editor's words."""
    if image is None or decorative:
        return ""
    return alt_text.strip() or (image.description or "").strip()


def featured_image_panel():
    return MultiFieldPanel(
        [
            FieldPanel("featured_image"),
            FieldPanel("featured_image_alt"),
            FieldPanel("featured_image_decorative"),
        ],
        heading=_("Featured image"),
    )


class FeaturedImageMixin(models.Model):
    """A page's picture: shown at the top of the page, in listings and on share cards."""

    featured_image = models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    featured_image_alt = models.CharField(
        _("featured image description (alt text)"),
        max_length=250,
        blank=True,
        help_text=ALT_HELP,
    )
    featured_image_decorative = models.BooleanField(
        _("the picture is decorative"), default=False, help_text=DECORATIVE_HELP
    )

    # The picture is fetched with the page when it is served (home/routing.py).
    related_on_serve = ("featured_image",)

    class Meta:
        abstract = True

    def clean(self):
        super().clean()
        errors = alt_text_errors(
            self.featured_image,
            self.featured_image_alt,
            self.featured_image_decorative,
            alt_field="featured_image_alt",
            decorative_field="featured_image_decorative",
        )
        if errors:
            raise ValidationError(errors)

    @property
    def image_alt_text(self):
        return alt_text_for(
            self.featured_image, self.featured_image_alt, self.featured_image_decorative
        )

    @property
    def share_image(self):
        """The picture a share card is cut from (see home/sharecards.py)."""
        return self.featured_image


def with_listing_pictures(pages, sizes=CARD_RENDITIONS):
    """`pages` with their featured images (joined) and the renditions of `sizes` (one
    query), whatever the number of pages. A size asked for later and not fetched here is
    made again from the original on every request, so a listing names every size it uses."""
    renditions = get_image_model().get_rendition_model().objects.filter(filter_spec__in=sizes)
    return pages.select_related("featured_image").prefetch_related(
        models.Prefetch(
            "featured_image__renditions", queryset=renditions, to_attr="prefetched_renditions"
        )
    )

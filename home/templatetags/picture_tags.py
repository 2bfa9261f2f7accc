"""`{% responsive_picture image "card" alt=... %}`: one <picture> element per kind of place
on a page, with AVIF, WebP and JPEG sources in two widths, explicit width and height (no
layout shift) and lazy loading unless the picture is at the top of the page.

Only renditions already made are shown (home/renditions.py): a size the worker has not made
yet is left out of the srcset, and a picture with none of its sizes made yet is left out
(the worker is asked for them), rather than making the visitor wait while it is cut."""

from django import template

from wagtail.images.models import Picture

from home.pictures import (
    CARD_RENDITIONS,
    CARD_SIZES,
    FEATURE_RENDITIONS,
    FEATURE_SIZES,
    HERO_RENDITIONS,
    HERO_SIZES,
)
from home.renditions import ask_worker_for_renditions, existing_renditions

register = template.Library()

KINDS = {
    "card": (CARD_RENDITIONS, CARD_SIZES),
    "feature": (FEATURE_RENDITIONS, FEATURE_SIZES),
    "hero": (HERO_RENDITIONS, HERO_SIZES),
}


@register.simple_tag
def responsive_picture(image, kind, alt="", lazy=True, css_class=""):
    if not image:
        return ""
    specs, sizes = KINDS[kind]
    renditions = existing_renditions(image, specs)
    if len(renditions) < len(specs):
        ask_worker_for_renditions(image)
    if not renditions:
        return ""
    attrs = {"alt": alt, "sizes": sizes, "decoding": "async"}
    if lazy:
        attrs["loading"] = "lazy"
    else:
        # The first picture on the page is what the visitor waits for.
        attrs["fetchpriority"] = "high"
    if css_class:
        attrs["class"] = css_class
    return Picture(renditions, attrs).__html__()

"""`{% responsive_picture image "card" alt=... %}`: one <picture> element per kind of place
on a page, with AVIF, WebP and JPEG sources in two widths, explicit width and height (no
layout shift) and lazy loading unless the picture is at the top of the page."""

from django import template

from wagtail.images.models import Filter, Picture
from wagtail.images.shortcuts import get_renditions_or_not_found

from home.pictures import (
    CARD_RENDITIONS,
    CARD_SIZES,
    FEATURE_RENDITIONS,
    FEATURE_SIZES,
    HERO_RENDITIONS,
    HERO_SIZES,
)

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
    renditions = get_renditions_or_not_found(image, [Filter(spec=spec) for spec in specs])
    attrs = {"alt": alt, "sizes": sizes, "decoding": "async"}
    if lazy:
        attrs["loading"] = "lazy"
    else:
        # The first picture on the page is what the visitor waits for.
        attrs["fetchpriority"] = "high"
    if css_class:
        attrs["class"] = css_class
    return Picture(renditions, attrs).__html__()

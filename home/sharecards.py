"""Share cards: the 1200×630 picture social media show when someone shares a page.

When a page is published, the worker (`prepare_page_pictures`, queued on `page_published`)
makes its card: the page's own picture cut to 1200×630 (a Wagtail rendition, so the focal
point is kept) or, for a page without one, a card drawn here with the page's title, its
kind and date in the page's language, and the network's name and colours. The card is
stored in the media storage (under images/, publicly readable on S3) and made again only
when what it shows changes (the title, the picture, the date...). The same task makes the
page's picture renditions, so that the first visitor does not wait for them either.

A visitor's request only reads the stored card (the cache, else one row): a page whose card
is not made yet shares the site's home page card, or none.

The font is Source Sans Pro (Adobe, SIL Open Font License 1.1), from the
`font-source-sans-pro` package in requirements.lock.
"""

import hashlib
import io
import logging

from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.utils import formats, translation
from django.utils.translation import gettext_lazy as _

from wagtail.models import Page, Site
from wagtail.signals import page_published

import font_source_sans_pro
from django_tasks import task
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

logger = logging.getLogger(__name__)

CARD_WIDTH, CARD_HEIGHT = 1200, 630
CARD_FOLDER = "images/share-cards"  # under images/: publicly readable
CARD_RENDITION = f"fill-{CARD_WIDTH}x{CARD_HEIGHT}|format-jpeg|jpegquality-85"
# Bump when the drawing changes, so that every card is made again on its next publication.
DESIGN_VERSION = "1"
# Short: with the local-memory cache (no Redis), the web server's copy is not the one the
# worker updates, and an old card's file is deleted when a new one is made.
CACHE_TIMEOUT = 10 * 60

# The network's colours (static/css/portal.css).
RED = "#a3121f"
RED_DARK = "#7a0d17"
PAPER = "#ffffff"
GOLD = "#ffbf47"

MARGIN = 80
TITLE_TOP = 170
TITLE_BOTTOM = CARD_HEIGHT - 130
LARGEST_TITLE = 84
SMALLEST_TITLE = 30
LINE_SPACING = 1.18

BOLD_FONT = font_source_sans_pro.font_files_ttf["SourceSansProBold"]
SEMIBOLD_FONT = font_source_sans_pro.font_files_ttf["SourceSansProSemibold"]


class ShareCard(models.Model):
    page = models.OneToOneField(
        "wagtailcore.Page", on_delete=models.CASCADE, related_name="share_card"
    )
    file = models.FileField(upload_to=CARD_FOLDER, max_length=255)
    # What the card shows, hashed: a publication that changes none of it makes no new card.
    signature = models.CharField(max_length=64)
    alt_text = models.CharField(max_length=500, blank=True)
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        app_label = "home"
        verbose_name = _("share card")

    def __str__(self):
        return self.file.name

    def as_shown(self):
        return {
            "url": self.file.url,
            "alt": self.alt_text,
            "width": CARD_WIDTH,
            "height": CARD_HEIGHT,
        }


# ---------------------------------------------------------------- drawing


def wrap(text, font, width):
    """`text` in lines no wider than `width`; a word too long for a line is split."""
    lines, line = [], ""
    for word in text.split():
        candidate = f"{line} {word}".strip()
        if font.getlength(candidate) <= width:
            line = candidate
            continue
        if line:
            lines.append(line)
        line = ""
        while font.getlength(word) > width:
            cut = len(word)
            while cut > 1 and font.getlength(word[:cut]) > width:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def fit_title(title, width, height):
    """The largest font (and its lines) at which `title` fits the box; at the smallest
    size, the lines that fit, the last one ending in an ellipsis."""
    for size in range(LARGEST_TITLE, SMALLEST_TITLE - 1, -2):
        font = ImageFont.truetype(BOLD_FONT, size)
        lines = wrap(title, font, width)
        if len(lines) * size * LINE_SPACING <= height:
            return font, lines
    most = max(1, int(height // (size * LINE_SPACING)))
    if len(lines) > most:
        lines = lines[:most]
        last = lines[-1]
        while last and font.getlength(last + "…") > width:
            last = last[:-1].rstrip()
        lines[-1] = last + "…"
    return font, lines


def draw_card(title, kind, date_text, site_name):
    """A 1200×630 PNG: the title large on the network's red, the kind and date above it,
    the network's name below."""
    card = PILImage.new("RGB", (CARD_WIDTH, CARD_HEIGHT), RED)
    draw = ImageDraw.Draw(card)
    # A placard's edge: a darker band at the foot and a gold rule above the title.
    draw.rectangle([0, CARD_HEIGHT - 100, CARD_WIDTH, CARD_HEIGHT], fill=RED_DARK)
    draw.rectangle([MARGIN, 140, MARGIN + 120, 148], fill=GOLD)
    meta_font = ImageFont.truetype(SEMIBOLD_FONT, 36)
    meta = " · ".join(part for part in (kind, date_text) if part)
    meta_lines = wrap(meta.upper(), meta_font, CARD_WIDTH - 2 * MARGIN)[:1]
    if meta_lines:
        draw.text((MARGIN, 80), meta_lines[0], font=meta_font, fill=GOLD)
    font, lines = fit_title(title, CARD_WIDTH - 2 * MARGIN, TITLE_BOTTOM - TITLE_TOP)
    y = TITLE_TOP
    for line in lines:
        draw.text((MARGIN, y), line, font=font, fill=PAPER)
        y += font.size * LINE_SPACING
    name_font = ImageFont.truetype(BOLD_FONT, 40)
    name_lines = wrap(site_name, name_font, CARD_WIDTH - 2 * MARGIN)[:1]
    if name_lines:
        draw.text((MARGIN, CARD_HEIGHT - 75), name_lines[0], font=name_font, fill=PAPER)
    output = io.BytesIO()
    card.save(output, format="PNG")
    return output.getvalue()


def cut_picture(image):
    """The page's own picture as a 1200×630 JPEG (focal point kept), even when the
    original is smaller."""
    rendition = image.get_rendition(CARD_RENDITION)
    with rendition.file.open("rb") as stored:
        data = stored.read()
    if (rendition.width, rendition.height) == (CARD_WIDTH, CARD_HEIGHT):
        return data
    with PILImage.open(io.BytesIO(data)) as picture:
        enlarged = picture.convert("RGB").resize((CARD_WIDTH, CARD_HEIGHT))
        output = io.BytesIO()
        enlarged.save(output, format="JPEG", quality=85)
        return output.getvalue()


# ---------------------------------------------------------------- what a page's card shows


def page_kind(page):
    return str(page._meta.verbose_name).capitalize()


def page_date(page):
    date = getattr(page, "display_date", None)
    return formats.date_format(date, "j F Y") if date else ""


def site_name_for(page):
    site = page.get_site() or Site.objects.filter(is_default_site=True).first()
    return (site.site_name if site else "") or ""


def page_picture(page):
    return getattr(page, "share_image", None)


def picture_alt_text(page):
    for attribute in ("image_alt_text", "hero_image_alt_text"):
        if getattr(page, attribute, ""):
            return getattr(page, attribute)
    return ""


def card_content(page):
    """What the card shows, in the page's own language."""
    with translation.override(page.locale.language_code):
        return {
            "title": page.title,
            "kind": page_kind(page),
            "date": page_date(page),
            "site_name": site_name_for(page),
            "picture": page_picture(page),
        }


def signature_of(content):
    picture = content["picture"]
    picture_part = (
        f"{picture.pk}:{picture.file.name}:{picture.get_focal_point()}" if picture else "-"
    )
    parts = [
        DESIGN_VERSION,
        content["title"],
        content["kind"],
        content["date"],
        content["site_name"],
        picture_part,
    ]
    return hashlib.sha256("\x00".join(map(str, parts)).encode()).hexdigest()


def card_cache_key(page_id):
    return f"share-card:{page_id}"


def shown_card(page_id):
    """The stored card of a page, as the template needs it ({} when none yet). The cache,
    else one row; never made here."""
    key = card_cache_key(page_id)
    shown = cache.get(key)
    if shown is None:
        card = ShareCard.objects.filter(page_id=page_id).first()
        shown = card.as_shown() if card else {}
        cache.set(key, shown, CACHE_TIMEOUT)
    return shown


def make_share_card(page):
    """Make (or keep) the page's card; returns the ShareCard."""
    content = card_content(page)
    signature = signature_of(content)
    existing = ShareCard.objects.filter(page=page).first()
    if existing and existing.signature == signature and existing.file:
        return existing
    picture = content["picture"]
    if picture is not None:
        data, extension = cut_picture(picture), "jpg"
        alt_text = picture_alt_text(page)
    else:
        data = draw_card(content["title"], content["kind"], content["date"], content["site_name"])
        extension = "png"
        alt_text = content["title"]
    name = default_storage.save(
        f"{CARD_FOLDER}/page-{page.pk}-{signature[:12]}.{extension}", ContentFile(data)
    )
    card = existing or ShareCard(page=page)
    old_name = existing.file.name if existing else ""
    card.file.name = name
    card.signature = signature
    card.alt_text = alt_text[:500]
    card.save()
    if old_name and old_name != name:
        default_storage.delete(old_name)
    cache.set(card_cache_key(page.pk), card.as_shown(), CACHE_TIMEOUT)
    return card


def make_renditions(page):
    """Every size of the page's pictures, so that visitors do not wait for them."""
    from .renditions import make_all_renditions

    for image_attribute in ("featured_image", "hero_image"):
        image = getattr(page, image_attribute, None)
        if image is not None:
            make_all_renditions(image)


@task()
def prepare_page_pictures(page_id):
    page = Page.objects.filter(pk=page_id).first()
    if page is None or not page.live:
        return False
    page = page.specific
    make_renditions(page)
    make_share_card(page)
    return True


@receiver(page_published)
def queue_page_pictures(sender, instance, **kwargs):
    prepare_page_pictures.enqueue(instance.pk)


@receiver(post_delete, sender=ShareCard)
def delete_card_file(sender, instance, **kwargs):
    cache.delete(card_cache_key(instance.page_id))
    if instance.file.name:
        try:
            default_storage.delete(instance.file.name)
        except Exception as error:
            logger.warning("Share card file not deleted (%s)", type(error).__name__)

"""The demo's pictures: campaign-style drawings made here with Pillow, in the network's
colours (placards, a meeting table, a map pin, a megaphone...), never photos of people.

Each one goes through the same upload path as an editor's (Wagtail's image form on
portal.uploads.ImageUploadForm: the content checks, the location stripping, the media
storage, S3 when configured), with alt text that says what it shows, and a focal point on
its subject so that every crop keeps it. Idempotent: a picture is drawn only for a page
that has none, and an image already uploaded (found by its title) is used again.
"""

import io
import math

from django.core.files.uploadedfile import SimpleUploadedFile

from wagtail.images import get_image_model
from wagtail.images.forms import get_image_form
from wagtail.models import Collection

import font_source_sans_pro
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFont

from blog.models import BlogPage
from directory.models import LocalGroupPage
from home.models import HomePage
from workinggroups.models import WorkingGroupPage

WIDTH, HEIGHT = 1600, 900
RED = "#a3121f"
RED_DARK = "#7a0d17"
GOLD = "#ffbf47"
PAPER = "#ffffff"
TINT = "#f6f1ee"
INK = "#1b1b1b"
LINE = "#c9c1bc"
BOLD = font_source_sans_pro.font_files_ttf["SourceSansProBold"]


def font_to_fit(text, width, largest, smallest=24):
    for size in range(largest, smallest - 1, -4):
        font = ImageFont.truetype(BOLD, size)
        if font.getlength(text) <= width:
            return font
    return ImageFont.truetype(BOLD, smallest)


def centred_text(draw, box, text, fill, largest):
    left, top, right, bottom = box
    font = font_to_fit(text, right - left - 20, largest)
    x0, y0, x1, y1 = draw.textbbox((0, 0), text, font=font)
    x = left + (right - left - (x1 - x0)) / 2 - x0
    y = top + (bottom - top - (y1 - y0)) / 2 - y0
    draw.text((x, y), text, font=font, fill=fill)


# ---------------------------------------------------------------- the drawings
# Each returns (focal box as (x, y, width, height), alt text).


def placards(draw, label):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=TINT)
    draw.rectangle([0, HEIGHT - 220, WIDTH, HEIGHT], fill=RED_DARK)
    for index, (x, y, w, h, colour, text_colour) in enumerate(
        [
            (140, 250, 360, 260, PAPER, RED),
            (560, 120, 480, 330, RED, PAPER),
            (1100, 230, 360, 260, GOLD, INK),
        ]
    ):
        draw.rectangle([x + w / 2 - 10, y + h, x + w / 2 + 10, HEIGHT - 120], fill=INK)
        draw.rectangle([x, y, x + w, y + h], fill=colour, outline=INK, width=8)
        words = label.upper() if index == 1 else ("SOLIDARITY" if index == 0 else "NO TO THE PURGE")
        centred_text(draw, (x, y, x + w, y + h), words, text_colour, 120 if index == 1 else 64)
    for x in range(60, WIDTH, 150):
        draw.ellipse([x, HEIGHT - 200, x + 110, HEIGHT - 90], fill=RED)
    alt = (
        "Drawing: three placards raised at a rally; the largest, in red, reads "
        f"“{label.upper()}”, the others “Solidarity” and “No to the purge”."
    )
    return (560, 120, 480, 330), alt


def meeting(draw, label):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=TINT)
    cx, cy = WIDTH / 2, HEIGHT / 2
    chairs = 8
    for index in range(chairs):
        angle = 2 * math.pi * index / chairs
        x, y = cx + 390 * math.cos(angle), cy + 300 * math.sin(angle)
        draw.rounded_rectangle([x - 55, y - 55, x + 55, y + 55], radius=18, fill=RED_DARK)
    draw.ellipse([cx - 320, cy - 230, cx + 320, cy + 230], fill=RED, outline=INK, width=8)
    for index in range(chairs):
        angle = 2 * math.pi * (index + 0.5) / chairs
        x, y = cx + 230 * math.cos(angle), cy + 160 * math.sin(angle)
        draw.rectangle([x - 40, y - 28, x + 40, y + 28], fill=PAPER, outline=INK, width=3)
    centred_text(draw, (cx - 220, cy - 60, cx + 220, cy + 60), label.upper(), PAPER, 72)
    alt = (
        f"Drawing: a round red table seen from above, with {chairs} chairs and agenda papers "
        f"set for a meeting, and the words “{label}” in the middle."
    )
    return (int(cx - 320), int(cy - 230), 640, 460), alt


def map_pin(draw, label):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=TINT)
    for x in range(-200, WIDTH, 230):
        draw.line([(x, 0), (x + 300, HEIGHT)], fill=LINE, width=18)
    for y in range(80, HEIGHT, 190):
        draw.line([(0, y), (WIDTH, y - 60)], fill=LINE, width=14)
    draw.arc([-400, 420, 900, 1400], start=270, end=360, fill="#8fb3c9", width=60)
    cx, top = WIDTH / 2, 150
    draw.ellipse([cx - 150, top, cx + 150, top + 300], fill=RED, outline=INK, width=8)
    draw.polygon([(cx - 120, top + 220), (cx + 120, top + 220), (cx, top + 520)], fill=RED)
    draw.ellipse([cx - 60, top + 90, cx + 60, top + 210], fill=PAPER)
    draw.rounded_rectangle(
        [cx - 420, 720, cx + 420, 840], radius=20, fill=PAPER, outline=INK, width=6
    )
    centred_text(draw, (cx - 420, 720, cx + 420, 840), label, INK, 72)
    alt = f"Drawing: a street map with a large red pin and a label reading “{label}”."
    return (int(cx - 420), top, 840, 690), alt


def megaphone(draw, label):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=RED)
    draw.polygon([(360, 360), (760, 190), (760, 710), (360, 540)], fill=PAPER, outline=INK)
    draw.rectangle([240, 360, 360, 540], fill=GOLD, outline=INK, width=6)
    draw.rectangle([420, 540, 480, 700], fill=INK)
    for radius in (120, 220, 320):
        draw.arc(
            [760 - radius, 450 - radius, 760 + radius, 450 + radius], -45, 45, fill=GOLD, width=22
        )
    centred_text(draw, (1080, 300, 1560, 600), label.upper(), PAPER, 110)
    alt = f"Drawing: a white megaphone sending out gold sound waves towards the words “{label}”."
    return (240, 190, 1320, 520), alt


def coffee(draw, label):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=GOLD)
    draw.ellipse([430, 640, 1170, 800], fill=PAPER, outline=INK, width=8)
    draw.rounded_rectangle([560, 360, 1040, 720], radius=60, fill=RED, outline=INK, width=8)
    draw.arc([960, 430, 1160, 630], -90, 90, fill=INK, width=30)
    for x in (660, 800, 940):
        draw.arc([x - 40, 150, x + 40, 330], 100, 260, fill=PAPER, width=16)
    centred_text(draw, (560, 450, 1040, 620), label.upper(), PAPER, 80)
    alt = (
        f"Drawing: a red cup of coffee on a white saucer, steam rising, with “{label}” on the cup."
    )
    return (430, 150, 740, 650), alt


def video_call(draw, label):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=TINT)
    draw.rounded_rectangle([260, 110, 1340, 730], radius=30, fill=INK)
    draw.polygon([(160, 730), (1440, 730), (1540, 820), (60, 820)], fill=RED_DARK)
    colours = [RED, GOLD, "#2a6f97", RED_DARK, "#5b8e3e", GOLD]
    for index, colour in enumerate(colours):
        column, row = index % 3, index // 3
        x, y = 310 + column * 340, 160 + row * 280
        draw.rectangle([x, y, x + 300, y + 250], fill=colour)
        draw.ellipse([x + 110, y + 50, x + 190, y + 130], fill=PAPER)
        draw.pieslice([x + 70, y + 140, x + 230, y + 300], 180, 360, fill=PAPER)
    centred_text(draw, (260, 820, 1340, 900), label, INK, 60)
    alt = (
        "Drawing: a laptop showing an online meeting as six coloured video tiles, each with "
        f"a plain outline of a head and shoulders, above the words “{label}”."
    )
    return (260, 110, 1080, 620), alt


def newspaper(draw, label):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=RED_DARK)
    draw.polygon([(300, 120), (1300, 80), (1340, 820), (260, 780)], fill=PAPER, outline=INK)
    draw.rectangle([360, 160, 1240, 190], fill=INK)
    centred_text(draw, (360, 210, 1240, 400), label.upper(), INK, 120)
    for y in range(440, 740, 40):
        draw.rectangle([360, y, 780, y + 16], fill=LINE)
        draw.rectangle([820, y, 1240, y + 16], fill=LINE)
    alt = f"Drawing: a newspaper whose front-page headline reads “{label}”."
    return (300, 120, 1000, 660), alt


def speech_bubbles(draw, label):
    draw.rectangle([0, 0, WIDTH, HEIGHT], fill=TINT)
    for box, colour, tail in [
        ((140, 120, 820, 500), RED, (300, 500)),
        ((760, 260, 1460, 640), GOLD, (1200, 640)),
        ((420, 520, 1000, 820), PAPER, (520, 820)),
    ]:
        draw.rounded_rectangle(box, radius=80, fill=colour, outline=INK, width=8)
        x, y = tail
        draw.polygon([(x, y - 8), (x + 80, y - 8), (x + 10, y + 70)], fill=colour, outline=INK)
    centred_text(draw, (140, 120, 820, 500), label.upper(), PAPER, 100)
    alt = f"Drawing: three speech bubbles in red, gold and white; the red one reads “{label}”."
    return (140, 120, 1320, 700), alt


def draw_picture(scene, label):
    """A 1600×900 JPEG of `scene` with `label`; returns (bytes, focal box, alt text)."""
    picture = PILImage.new("RGB", (WIDTH, HEIGHT), TINT)
    focal, alt = scene(ImageDraw.Draw(picture), label)
    output = io.BytesIO()
    picture.save(output, format="JPEG", quality=88)
    return output.getvalue(), focal, alt


# ---------------------------------------------------------------- what each page gets

# One image per drawing, shared by the pages it suits (as an editor reuses a picture from
# the library): fewer uploads and renditions.
PLACARDS = ("Demo: rally placards", placards, "Still here")
ONLINE_MEETING = ("Demo: online meeting", video_call, "Open meeting")
MEETING_TABLE = ("Demo: meeting table", meeting, "Shadow CLP")
MEGAPHONE = ("Demo: megaphone", megaphone, "Members decide")
NEWSPAPER = ("Demo: newspaper", newspaper, "Our side of the story")
COFFEE = ("Demo: coffee cup", coffee, "Coffee mornings")
SPEECH_BUBBLES = ("Demo: speech bubbles", speech_bubbles, "Your idea")
MAP_PIN = ("Demo: map pin", map_pin, "Find your local group")

POST_PICTURES = {
    "newham-shadow-clp-open-meeting": ONLINE_MEETING,
    "how-a-shadow-clp-works": MEETING_TABLE,
    "propose-a-working-group": SPEECH_BUBBLES,
    "coffee-mornings-return": COFFEE,
    "statement-on-suspensions": MEGAPHONE,
}
WORKING_GROUP_PICTURES = {
    "press": NEWSPAPER,
    "social-media-and-outreach": SPEECH_BUBBLES,
    "witch-hunt-analysis": NEWSPAPER,
    "racism": PLACARDS,
    "racism-and-antisemitism": PLACARDS,
    "changing-the-party": MEGAPHONE,
    "republicanism": PLACARDS,
    "disabilities": MEETING_TABLE,
    "coffee-mornings": COFFEE,
}
OTHER_PICTURES = [ONLINE_MEETING, PLACARDS, MEETING_TABLE, MEGAPHONE, NEWSPAPER, COFFEE]


class DemoPictureRefused(Exception):
    pass


def upload(title, data, focal, alt):
    """The picture through the editor's upload form (checks, location stripping, storage);
    an image of the same title already uploaded is used again."""
    Image = get_image_model()
    existing = Image.objects.filter(title=title).first()
    if existing is not None:
        return existing
    x, y, width, height = focal
    form = get_image_form(Image)(
        data={
            "title": title,
            "description": alt,
            "collection": Collection.get_first_root_node().pk,
            "tags": "demo",
            "focal_point_x": x + width // 2,
            "focal_point_y": y + height // 2,
            "focal_point_width": width,
            "focal_point_height": height,
        },
        files={
            "file": SimpleUploadedFile(f"{title.lower().replace(' ', '-')}.jpg", data, "image/jpeg")
        },
    )
    if not form.is_valid():
        raise DemoPictureRefused(f"{title}: {form.errors.as_text()}")
    return form.save()


def picture_for(plan):
    title, scene, label = plan
    existing = get_image_model().objects.filter(title=title).first()
    if existing is not None:
        return existing
    data, focal, alt = draw_picture(scene, label)
    return upload(title, data, focal, alt)


def picture_plan(page):
    """((image title, drawing, label), image field, alt field) for a demo page, or None."""
    other = OTHER_PICTURES[len(page.slug) % len(OTHER_PICTURES)]
    if isinstance(page, HomePage):
        return PLACARDS, "hero_image", "hero_image_alt"
    if isinstance(page, BlogPage):
        return POST_PICTURES.get(page.slug, other), "featured_image", "featured_image_alt"
    if isinstance(page, WorkingGroupPage):
        plan = WORKING_GROUP_PICTURES.get(page.slug, other)
        return plan, "featured_image", "featured_image_alt"
    if isinstance(page, LocalGroupPage):
        return MAP_PIN, "featured_image", "featured_image_alt"
    return None


def attach_picture(page):
    """Give a demo page its picture (not saved: the caller publishes it). False when the
    page is of a kind without one, or has one already."""
    plan = picture_plan(page)
    if plan is None:
        return False
    drawing, image_field, alt_field = plan
    if getattr(page, f"{image_field}_id") is not None:
        return False
    image = picture_for(drawing)
    setattr(page, image_field, image)
    setattr(page, alt_field, image.description)
    return True


def ensure_pictures(home, created):
    """A picture for the home page and every live demo post, working group and local group
    that has none (new demo pages get theirs as they are made: demo/publishing.py)."""
    pages = [
        home,
        *BlogPage.objects.filter(locale=home.locale, featured_image=None, live=True),
        *WorkingGroupPage.objects.filter(locale=home.locale, featured_image=None, live=True),
        *LocalGroupPage.objects.filter(locale=home.locale, featured_image=None, live=True),
    ]
    for page in pages:
        if attach_picture(page):
            page.save_revision().publish()
            created.append(f"picture for '{page.title}'")

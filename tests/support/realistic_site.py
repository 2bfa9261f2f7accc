"""A site the size of the network's in a few years, for `make bench` and scale tests.

The demo (`load_demo`: the home page, menu, footer, settings, Welsh pages, the real
site's posts and groups) plus, inserted in bulk (tests/support/bulk_pages.py): 2,000 news
posts with pictures and categories, 20 working groups with pictures, 5,000 local groups
(without photos, as most have none), 50 events with registrations, Welsh translations of
some posts, and standard pages up to 10,000 pages in all. `scale` shrinks every count (a
test builds the same site at 1/100 in seconds).

Pictures are real JPEGs saved to the media storage (S3 when configured). Their renditions
and share cards are left to the worker, as publishing leaves them: `queue_picture_jobs()`
queues the worker's job; `manage.py run_worker --once` runs it.
"""

import datetime
import io
import random

from django.core.files.images import ImageFile
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page

from PIL import Image as PILImage
from PIL import ImageDraw

from blog.models import BlogCategory, BlogIndexPage, BlogPage
from directory.models import LocalGroupIndexPage, LocalGroupPage, PostcodeDistrict
from events.models import EventIndexPage, EventPage, EventRegistration
from home.models import HomePage, StandardPage
from home.sharecards import prepare_page_pictures
from tests.support.bulk_pages import bulk_add_children
from workinggroups.models import Aim, WorkingGroupIndexPage, WorkingGroupPage

POSTS = 2000
WORKING_GROUPS = 20
LOCAL_GROUPS = 5000
EVENTS = 50
REGISTRATIONS_PER_EVENT = 30
WELSH_POSTS = 200
PAGES_IN_ALL = 10_000
# Posts share pictures as a real archive does (the same rally photo on several reports).
PICTURES = 100
PICTURE_SIZE = (1200, 675)
BATCH = 500
PICTURE_FIELDS = [
    (HomePage, "hero_image"),
    (BlogPage, "featured_image"),
    (WorkingGroupPage, "featured_image"),
    (LocalGroupPage, "featured_image"),
]

CATEGORIES = [
    ("press-releases", "Press releases"),
    ("housing", "Housing"),
    ("party-democracy", "Party democracy"),
    ("racism", "Racism"),
    ("disability", "Disability"),
    ("local-groups", "Local groups"),
]
TOWNS = [
    "Bristol", "Stroud", "Newham", "Plymouth", "Liverpool", "Brighton", "Sheffield",
    "Cardiff", "Swansea", "Leeds", "Norwich", "Hastings", "Derby", "Exeter", "Wrexham",
]  # fmt: skip
WORDS = str.split(
    "campaign members meeting branch suspended party policy housing council transport union "
    "strike rally petition letter statement press hearing appeal rules democracy conference "
    "motion vote candidate selection community school hospital rent wages workers organising "
    "leaflet street stall coffee morning online agenda minutes report analysis racism "
    "disability access solidarity justice constituency ward region election newsletter "
    "volunteers the of and to in a for on with we our that is was at by from"
)
WELSH_WORDS = str.split(
    "ymgyrch aelodau cyfarfod cangen plaid polisi tai cyngor undeb rali deiseb llythyr "
    "datganiad democratiaeth cynhadledd cymuned ysgol ysbyty gweithwyr trefnu a y yn i o"
)


def sentence(rng, words, vocabulary=WORDS):
    text = " ".join(rng.choice(vocabulary) for _word in range(words))
    return text[0].upper() + text[1:] + "."


def paragraphs(rng, count, vocabulary=WORDS):
    return "".join(
        "<p>" + " ".join(sentence(rng, rng.randint(8, 20), vocabulary) for _s in range(5)) + "</p>"
        for _p in range(count)
    )


def scaled(count, scale, least=1):
    return max(least, round(count * scale))


def picture_jpeg(rng, number):
    """A small photo-like JPEG (about 60 KB): a sky, a crowd of placards, a caption."""
    width, height = PICTURE_SIZE
    picture = PILImage.new("RGB", (width, height), (rng.randint(90, 200), 150, 210))
    draw = ImageDraw.Draw(picture)
    draw.rectangle([0, height * 2 // 3, width, height], fill=(60, 60, 70))
    for _placard in range(25):
        x, y = rng.randint(0, width - 120), rng.randint(height // 3, height * 2 // 3)
        colour = rng.choice([(163, 18, 31), (255, 191, 71), (255, 255, 255)])
        draw.rectangle([x + 55, y + 80, x + 65, height], fill=(30, 30, 30))
        draw.rectangle([x, y, x + 120, y + 80], fill=colour, outline=(27, 27, 27), width=4)
    draw.text((40, 40), f"Rally {number}", fill=(255, 255, 255))
    noise = PILImage.effect_noise((width, height), 40).convert("RGB")
    picture = PILImage.blend(picture, noise, 0.15)
    output = io.BytesIO()
    picture.save(output, "JPEG", quality=82)
    return output.getvalue()


def make_pictures(rng, count):
    Image = get_image_model()
    root = Collection.get_first_root_node()
    pictures = []
    for number in range(1, count + 1):
        image = Image(
            title=f"Rally photo {number}",
            description=f"Members with placards at rally {number}",
            collection=root,
        )
        image.file = ImageFile(io.BytesIO(picture_jpeg(rng, number)), name=f"rally-{number}.jpg")
        image._set_image_file_metadata()
        image.save()
        pictures.append(image)
    return pictures


def in_batches(parent, pages):
    for start in range(0, len(pages), BATCH):
        bulk_add_children(parent, pages[start : start + BATCH])
    return pages


def add_posts(rng, news, pictures, scale):
    categories = list(BlogCategory.objects.filter(locale=news.locale))
    today = datetime.date.today()
    count = scaled(POSTS, scale)
    posts = in_batches(
        news,
        [
            BlogPage(
                title=f"{rng.choice(TOWNS)}: {sentence(rng, 6)[:-1]}",
                slug=f"news-{number:05d}",
                date=today - datetime.timedelta(days=number // 2),
                intro=sentence(rng, 30),
                body=[("paragraph", paragraphs(rng, 4))],
                featured_image=pictures[number % len(pictures)],
                featured_image_alt=pictures[number % len(pictures)].description,
            )
            for number in range(count)
        ],
    )
    through = BlogPage.categories.through
    through.objects.bulk_create(
        through(blogpage_id=post.pk, blogcategory_id=category.pk)
        for post in posts
        for category in rng.sample(categories, k=min(len(categories), rng.randint(1, 2)))
    )
    return posts


def add_welsh_posts(rng, posts, scale):
    welsh = Locale.objects.filter(language_code="cy").first()
    english_news = posts[0].get_parent() if posts else None
    welsh_news = english_news and english_news.get_translation_or_none(welsh)
    if welsh_news is None:
        return []
    return in_batches(
        welsh_news,
        [
            BlogPage(
                title=f"{rng.choice(TOWNS)}: {sentence(rng, 6, WELSH_WORDS)[:-1]}",
                slug=post.slug,
                date=post.date,
                intro=sentence(rng, 30, WELSH_WORDS),
                body=[("paragraph", paragraphs(rng, 4, WELSH_WORDS))],
                featured_image=post.featured_image,
                featured_image_alt=post.featured_image_alt,
                translation_key=post.translation_key,
            )
            for post in posts[: scaled(WELSH_POSTS, scale)]
        ],
    )


def add_working_groups(rng, index, pictures, scale):
    existing = WorkingGroupPage.objects.child_of(index).count()
    aims = list(Aim.objects.filter(locale=index.locale)) or [None]
    return in_batches(
        index,
        [
            WorkingGroupPage(
                title=f"{rng.choice(['Housing', 'Transport', 'Unions', 'Schools'])} group {n}",
                slug=f"working-group-{n:03d}",
                summary=sentence(rng, 20),
                status="active",
                aim=rng.choice(aims),
                convenor_name="A volunteer convenor",
                contact_email=f"working-group-{n}@example.org",
                featured_image=pictures[n % len(pictures)],
                featured_image_alt=pictures[n % len(pictures)].description,
            )
            for n in range(max(0, scaled(WORKING_GROUPS, scale) - existing))
        ],
    )


def add_local_groups(rng, index, scale):
    districts = list(PostcodeDistrict.objects.all())
    return in_batches(
        index,
        [
            LocalGroupPage(
                title=f"{district.outward_code} {rng.choice(TOWNS)} group {number}",
                slug=f"local-group-{number:05d}",
                kind=rng.choice(["shadow-clp", "shadow-clp", "campaign-network"]),
                constituencies=f"{rng.choice(TOWNS)} {number}",
                region=district.region,
                description=paragraphs(rng, 2),
                postcode_district=district.outward_code,
                # Spread around the district's centre, as groups in one town are.
                latitude=district.latitude + rng.uniform(-0.3, 0.3),
                longitude=district.longitude + rng.uniform(-0.3, 0.3),
                contact_email=f"local-group-{number}@example.org",
            )
            for number in range(scaled(LOCAL_GROUPS, scale))
            for district in [rng.choice(districts)]
        ],
    )


def add_events(rng, index, scale):
    existing = EventPage.objects.descendant_of(index).count()
    now = timezone.now().replace(minute=0, second=0, microsecond=0)
    events = in_batches(
        index,
        [
            EventPage(
                title=f"{rng.choice(TOWNS)} meeting: {sentence(rng, 4)[:-1]}",
                slug=f"meeting-{n:03d}",
                summary=sentence(rng, 15),
                # Half coming, half past, one every four days.
                start=now + datetime.timedelta(days=4 * n - 100, hours=19 - now.hour),
                end=now + datetime.timedelta(days=4 * n - 100, hours=21 - now.hour),
                attendance="online",
                description=paragraphs(rng, 2),
                capacity=REGISTRATIONS_PER_EVENT + 10,
                joining_url=f"https://meet.example.net/j/{n:06d}?pwd=bench",
            )
            for n in range(max(1, scaled(EVENTS, scale) - existing))
        ],
    )
    consented_at = timezone.now()
    EventRegistration.objects.bulk_create(
        EventRegistration(
            event=event,
            name=f"Registrant {event.pk}-{number}",
            email=f"registrant-{event.pk}-{number}@example.net",
            status=EventRegistration.CONFIRMED,
            consent_text="I agree that the network keeps my name and email address.",
            consented_at=consented_at,
        )
        for event in events
        for number in range(REGISTRATIONS_PER_EVENT)
    )
    return events


def add_standard_pages(rng, home, total):
    """Reports and minutes under one page, until the site has `total` pages."""
    missing = total - Page.objects.count() - 1
    if missing <= 0:
        return []
    archive = StandardPage(title="Reports and minutes", slug="reports", intro=sentence(rng, 12))
    bulk_add_children(home, [archive])
    return in_batches(
        archive,
        [
            StandardPage(
                title=f"Minutes: {rng.choice(TOWNS)} {sentence(rng, 4)[:-1]}",
                slug=f"minutes-{number:05d}",
                intro=sentence(rng, 20),
                body=[("paragraph", paragraphs(rng, 3))],
            )
            for number in range(missing)
        ],
    )


def build_realistic_site(scale=1.0, seed=18):
    """Build the site in the current (migrated, empty) database; returns what it counted."""
    rng = random.Random(seed)  # noqa: S311 (fixed, not secret)
    call_command("sync_locales", verbosity=0)
    call_command("load_demo", verbosity=0, stdout=io.StringIO())
    english = Locale.get_default()
    home = HomePage.objects.get(depth=2, locale=english)
    BlogCategory.objects.bulk_create(
        BlogCategory(name=name, slug=slug, locale=english) for slug, name in CATEGORIES
    )
    pictures = make_pictures(rng, scaled(PICTURES, scale, least=3))
    posts = add_posts(rng, BlogIndexPage.objects.get(locale=english), pictures, scale)
    add_welsh_posts(rng, posts, scale)
    add_working_groups(rng, WorkingGroupIndexPage.objects.get(locale=english), pictures, scale)
    add_local_groups(rng, LocalGroupIndexPage.objects.get(locale=english), scale)
    add_events(rng, EventIndexPage.objects.get(locale=english), scale)
    add_standard_pages(rng, home, scaled(PAGES_IN_ALL, scale))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return site_counts()


def queue_picture_jobs(pages=()):
    """Queue the worker's picture job (home/sharecards.py: renditions, share card), as
    publishing does, for one page of each picture (which makes every rendition its pages
    show) and for `pages`. The share cards of the other pages are not made: a page shows its
    own card only, and making 2,000 of them takes the worker many minutes."""
    first_page_of_each_picture = {}
    for model, field in PICTURE_FIELDS:
        for page_id, image_id in (
            model.objects.live().exclude(**{field: None}).values_list("pk", field).order_by("pk")
        ):
            first_page_of_each_picture.setdefault(image_id, page_id)
    page_ids = sorted({*first_page_of_each_picture.values(), *(page.pk for page in pages)})
    for page_id in page_ids:
        prepare_page_pictures.enqueue(page_id)
    return len(page_ids)


def site_counts():
    welsh = Locale.objects.filter(language_code="cy").first()
    return {
        "pages": Page.objects.count(),
        "posts": BlogPage.objects.filter(locale=Locale.get_default()).count(),
        "posts with a picture": BlogPage.objects.filter(featured_image__isnull=False).count(),
        "working groups": WorkingGroupPage.objects.filter(locale=Locale.get_default()).count(),
        "local groups": LocalGroupPage.objects.filter(locale=Locale.get_default()).count(),
        "events": EventPage.objects.filter(locale=Locale.get_default()).count(),
        "registrations": EventRegistration.objects.count(),
        "Welsh pages": Page.objects.filter(locale=welsh).count() if welsh else 0,
        "categories": BlogCategory.objects.count(),
        "pictures": get_image_model().objects.count(),
    }

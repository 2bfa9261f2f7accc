"""Videos in page bodies, without waiting on the video site and without tracking.

When a page is saved (a revision: drafts, submissions and publishing alike) its videos are
queued for the background worker, which asks the video site for the embed (Wagtail's
embed finders, which keep Wagtail's own Embed row), fetches the thumbnail into the media
storage and stores what the page needs in a `VideoEmbed` row. A visitor's request reads
that row (through the cache) and nothing else: it never calls a finder, so it never waits
on the video site, and an unknown or failed video shows as a plain link.

The page shows a click-to-play facade (templates/blocks/video_block.html and
static/js/video-facade.js): the stored thumbnail and a play button; the player (YouTube
through youtube-nocookie.com) is loaded only when the visitor presses it.

A failed look-up is remembered with the time of the next try; the worker retries it
(`retry_video_lookups`, registered as a periodic worker job in home/wagtail_hooks.py),
waiting longer after each failure.
"""

import hashlib
import io
import json
import logging
import re
import urllib.request
from datetime import timedelta
from html import unescape
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import models
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from wagtail.embeds import embeds
from wagtail.embeds.blocks import EmbedBlock, EmbedValue
from wagtail.embeds.finders import get_finders
from wagtail.models import Page, Revision

from django_tasks import task
from PIL import Image as PILImage

logger = logging.getLogger(__name__)

# Where the player may come from, by the host the video site's embed names. YouTube's
# players go through its no-cookie domain; any other host gets no player, only the link.
PLAYER_HOSTS = {
    "www.youtube.com": "www.youtube-nocookie.com",
    "youtube.com": "www.youtube-nocookie.com",
    "www.youtube-nocookie.com": "www.youtube-nocookie.com",
    "youtube-nocookie.com": "www.youtube-nocookie.com",
    "player.vimeo.com": "player.vimeo.com",
    "www.facebook.com": "www.facebook.com",
}
PLAYER_ORIGINS = sorted({f"https://{host}" for host in PLAYER_HOSTS.values()})
IFRAME_SRC = re.compile(r"<iframe\b[^>]*?\bsrc=[\"']([^\"']+)[\"']", re.IGNORECASE)
THUMBNAIL_FOLDER = "images/video-thumbnails"  # under images/: publicly readable
THUMBNAIL_MAX_BYTES = 5 * 1024 * 1024
THUMBNAIL_MAX_WIDTH = 1280
LOOKUP_TIMEOUT = 10
FIRST_RETRY = timedelta(minutes=5)
LONGEST_WAIT = timedelta(days=1)
# A queued look-up lost with a stopped worker is tried again after this.
LOST_TASK_RETRY = timedelta(minutes=10)
# Short: with the local-memory cache (no Redis), the web server's copy is not the one the
# worker updates.
CACHE_TIMEOUT = 10 * 60
UNKNOWN_CACHE_TIMEOUT = 60


def video_cache_key(url):
    return "video-embed:" + hashlib.sha256(url.encode()).hexdigest()


class VideoEmbed(models.Model):
    """What a page shows for one video address, found by the worker."""

    STATUS_PENDING = "pending"
    STATUS_FOUND = "found"
    STATUS_FAILED = "failed"
    STATUS_CHOICES = [
        (STATUS_PENDING, _("Waiting for the look-up")),
        (STATUS_FOUND, _("Found")),
        (STATUS_FAILED, _("Look-up failed")),
    ]

    url = models.URLField(_("video address"), max_length=2000)
    url_hash = models.CharField(max_length=64, unique=True, editable=False)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default=STATUS_PENDING)
    title = models.CharField(max_length=500, blank=True)
    provider_name = models.CharField(max_length=255, blank=True)
    player_url = models.URLField(max_length=2000, blank=True)
    thumbnail = models.FileField(upload_to=THUMBNAIL_FOLDER, max_length=255, blank=True)
    thumbnail_width = models.PositiveIntegerField(null=True, blank=True)
    thumbnail_height = models.PositiveIntegerField(null=True, blank=True)
    failed_attempts = models.PositiveIntegerField(default=0)
    last_error = models.CharField(max_length=300, blank=True)
    retry_after = models.DateTimeField(null=True, blank=True, db_index=True)
    looked_up_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "home"
        verbose_name = _("video embed")

    def __str__(self):
        return self.url

    def save(self, *args, **kwargs):
        self.url_hash = hashlib.sha256(self.url.encode()).hexdigest()
        super().save(*args, **kwargs)

    def as_shown(self):
        """What the template needs, as plain data for the cache."""
        thumbnail_url = ""
        if self.thumbnail:
            try:
                thumbnail_url = self.thumbnail.url
            except Exception:  # a storage that cannot say its URL: show no thumbnail
                thumbnail_url = ""
        return {
            "status": self.status,
            "title": self.title,
            "provider_name": self.provider_name,
            "player_url": self.player_url if self.status == self.STATUS_FOUND else "",
            "thumbnail_url": thumbnail_url,
            "thumbnail_width": self.thumbnail_width,
            "thumbnail_height": self.thumbnail_height,
        }


def stored_video(url):
    """The stored facade data for `url` ({} when not looked up yet). Reads the cache, else
    one row; never the video site."""
    key = video_cache_key(url)
    shown = cache.get(key)
    if shown is None:
        video = VideoEmbed.objects.filter(url_hash=key.split(":", 1)[1]).first()
        shown = video.as_shown() if video else {}
        found = shown.get("status") == VideoEmbed.STATUS_FOUND
        cache.set(key, shown, CACHE_TIMEOUT if found else UNKNOWN_CACHE_TIMEOUT)
    return shown


# ---------------------------------------------------------------- the block


class StoredVideoValue(EmbedValue):
    """An EmbedBlock value whose HTML comes from the stored look-up, never from a finder."""

    @cached_property
    def html(self):
        return render_to_string(
            "blocks/video_block.html", {"value": self, "video": stored_video(self.url)}
        )


def _stored(value):
    return StoredVideoValue(value.url) if isinstance(value, EmbedValue) else value


class VideoBlock(EmbedBlock):
    """The address of a video. Saving checks only that it is an address the embed finders
    know (no request leaves the site); the worker looks it up afterwards."""

    def get_default(self):
        return _stored(super().get_default())

    def to_python(self, value):
        return _stored(super().to_python(value))

    def value_from_form(self, value):
        return _stored(super().value_from_form(value))

    def normalize(self, value):
        return _stored(super().normalize(value))

    def clean(self, value):
        known = isinstance(value, EmbedValue) and value.url
        if known and not any(finder.accept(value.url) for finder in get_finders()):
            raise ValidationError(
                _("This is not the address of a video from YouTube, Vimeo or Facebook.")
            )
        # URLBlock's checks; EmbedBlock's own would ask the video site now.
        return super(EmbedBlock, self).clean(value)


# ---------------------------------------------------------------- the worker


def player_url_from(embed_html):
    """The player's address from the embed HTML, on an allowed host, set to play at once."""
    match = IFRAME_SRC.search(embed_html or "")
    if not match:
        return ""
    parts = urlsplit(unescape(match.group(1)))
    host = PLAYER_HOSTS.get((parts.hostname or "").lower())
    if host is None:
        return ""
    query = [(key, value) for key, value in parse_qsl(parts.query) if key != "autoplay"]
    query.append(("autoplay", "1"))
    return urlunsplit(("https", host, parts.path, urlencode(query), ""))


def fetch_thumbnail(thumbnail_url, name):
    """The video's thumbnail, re-encoded (no metadata) into the media storage:
    (file name, width, height), or None."""
    if not thumbnail_url or urlsplit(thumbnail_url).scheme not in ("http", "https"):
        return None
    request = urllib.request.Request(  # noqa: S310 - http(s) only, checked above
        thumbnail_url, headers={"User-Agent": "campaign-portal"}
    )
    with urllib.request.urlopen(request, timeout=LOOKUP_TIMEOUT) as response:  # noqa: S310
        data = response.read(THUMBNAIL_MAX_BYTES + 1)
    if len(data) > THUMBNAIL_MAX_BYTES:
        raise ValueError("thumbnail too large")
    with PILImage.open(io.BytesIO(data)) as picture:
        if picture.width * picture.height > 40_000_000:
            raise ValueError("thumbnail has too many pixels")
        picture = picture.convert("RGB")
        if picture.width > THUMBNAIL_MAX_WIDTH:
            height = round(picture.height * THUMBNAIL_MAX_WIDTH / picture.width)
            picture = picture.resize((THUMBNAIL_MAX_WIDTH, height))
        output = io.BytesIO()
        picture.save(output, format="JPEG", quality=85, optimize=True)
        width, height = picture.size
    stored_name = default_storage.save(
        f"{THUMBNAIL_FOLDER}/{name}.jpg", ContentFile(output.getvalue())
    )
    return stored_name, width, height


def next_try(failed_attempts):
    wait = FIRST_RETRY * (2 ** min(failed_attempts - 1, 10))
    return timezone.now() + min(wait, LONGEST_WAIT)


def remember(video):
    cache.set(video_cache_key(video.url), video.as_shown(), CACHE_TIMEOUT)


@task()
def look_up_video(url):
    """Ask the video site about `url` (in the worker) and store what the page shows."""
    video = VideoEmbed.objects.filter(url_hash=hashlib.sha256(url.encode()).hexdigest()).first()
    if video is None:
        video = VideoEmbed(url=url)
    try:
        embed = embeds.get_embed(url)
    except Exception as error:
        video.failed_attempts += 1
        video.last_error = f"{type(error).__name__}: {error}"[:300]
        video.retry_after = next_try(video.failed_attempts)
        if video.status != VideoEmbed.STATUS_FOUND:
            video.status = VideoEmbed.STATUS_FAILED
        video.save()
        remember(video)
        logger.warning("Video look-up failed for %s (%s)", url, type(error).__name__)
        return False

    video.title = (embed.title or "")[:500]
    video.provider_name = (embed.provider_name or "")[:255]
    video.player_url = player_url_from(embed.html)
    if not video.thumbnail:
        try:
            thumbnail = fetch_thumbnail(embed.thumbnail_url, video.url_hash or "video")
        except Exception as error:
            # The facade works without a picture; the next look-up tries again.
            logger.warning("Video thumbnail not fetched for %s (%s)", url, type(error).__name__)
            thumbnail = None
        if thumbnail:
            video.thumbnail, video.thumbnail_width, video.thumbnail_height = thumbnail
    video.status = VideoEmbed.STATUS_FOUND
    video.failed_attempts = 0
    video.last_error = ""
    video.retry_after = None
    video.looked_up_at = timezone.now()
    video.save()
    remember(video)
    return True


def video_urls(stream_data):
    """The video addresses in a StreamField's stored JSON (a list of blocks)."""
    if isinstance(stream_data, str):
        try:
            stream_data = json.loads(stream_data)
        except ValueError:
            return []
    urls = []
    for block in stream_data or []:
        if isinstance(block, dict) and block.get("type") == "video" and block.get("value"):
            urls.append(str(block["value"]))
    return urls


def queue_look_ups(urls):
    for url in dict.fromkeys(urls):
        url_hash = hashlib.sha256(url.encode()).hexdigest()
        video, created = VideoEmbed.objects.get_or_create(
            url_hash=url_hash,
            defaults={"url": url, "retry_after": timezone.now() + LOST_TASK_RETRY},
        )
        if created or video.status != VideoEmbed.STATUS_FOUND:
            look_up_video.enqueue(url)


@receiver(post_save, sender=Revision)
def look_up_videos_of_saved_page(sender, instance, created, raw=False, **kwargs):
    if raw or not created or not isinstance(instance.content, dict):
        return
    model = ContentType.objects.get_for_id(instance.content_type_id).model_class()
    if model is None or not issubclass(model, Page):
        return
    queue_look_ups(video_urls(instance.content.get("body")))


def retry_video_lookups():
    """Queue again the look-ups that failed (or were lost) and whose time has come."""
    due = VideoEmbed.objects.exclude(status=VideoEmbed.STATUS_FOUND).filter(
        retry_after__lte=timezone.now()
    )
    count = 0
    for video in due:
        # Pushed back now, so that the next sweep does not queue it twice.
        video.retry_after = next_try(video.failed_attempts + 1)
        video.save(update_fields=["retry_after"])
        look_up_video.enqueue(video.url)
        count += 1
    return count

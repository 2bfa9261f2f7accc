"""Renditions are made by the worker, never by a visitor's request.

When an image is uploaded or changed (a new file, a new focal point), the worker makes every
size the templates ask for (`ALL_RENDITIONS`, home/pictures.py); publishing a page does the
same for its pictures (home/sharecards.py). Templates only look renditions up (the
`renditions` cache, else the database): `{% responsive_picture %}` shows the sizes already
made and leaves out the others, so a page whose pictures the worker has not reached yet
still renders at once; it asks the worker for them (once per image in a while).
"""

import logging
import time

from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_save
from django.dispatch import receiver

from wagtail.images import get_image_model
from wagtail.images.models import Filter, SourceImageIOError

from django_tasks import task

from .pictures import ALL_RENDITIONS

logger = logging.getLogger(__name__)

# A page whose picture lacks renditions asks the worker at most this often per image.
ASK_AGAIN_AFTER = 10 * 60


def make_all_renditions(image):
    """Every size the templates use, those already made kept."""
    try:
        image.get_renditions(*ALL_RENDITIONS)
    except SourceImageIOError:
        logger.warning("Image %s has no file to make renditions from", image.pk)


@task()
def make_image_renditions(image_id):
    image = get_image_model().objects.filter(pk=image_id).first()
    if image is None:
        return False
    make_all_renditions(image)
    return True


# {cache key: when this process may ask again}: a picture whose sizes are missing is on
# every view of its pages, and asking Redis each time cost a round trip per picture.
_asked_here = {}


def ask_worker_for_renditions(image):
    """Queue the image's renditions, unless it was asked for lately (by any process)."""
    key = f"renditions-asked:{image.pk}:{image.file_hash}"
    now = time.monotonic()
    if _asked_here.get(key, 0) > now:
        return
    _asked_here[key] = now + ASK_AGAIN_AFTER
    if cache.add(key, True, ASK_AGAIN_AFTER):
        transaction.on_commit(lambda: make_image_renditions.enqueue(image.pk))


@receiver(post_save, sender=get_image_model())
def queue_renditions_of_saved_image(sender, instance, raw=False, **kwargs):
    if raw or not instance.file:
        return
    image_id = instance.pk
    transaction.on_commit(lambda: make_image_renditions.enqueue(image_id))


# One Filter per size, kept: a new one parses its spec again (Wagtail's image operations,
# through inspect) for every picture of every page.
_filters = {}


def filter_for(spec):
    found = _filters.get(spec)
    if found is None:
        found = _filters[spec] = Filter(spec=spec)
    return found


def existing_renditions(image, specs):
    """{spec: rendition} of the sizes already made (prefetched, cached or in the database);
    nothing is made here."""
    filters = [image.clean_filter_for_svg(filter_for(spec)) for spec in specs]
    Rendition = image.get_rendition_model()
    found = {}
    if image._get_prefetched_renditions() is None:
        # The cache first, here: Wagtail does not mark what it found there, so its caller
        # would write every size back to the cache on every page view.
        keys = {
            Rendition.construct_cache_key(image, f.get_cache_key(image), f.spec): f for f in filters
        }
        for key, rendition in Rendition.cache_backend.get_many(list(keys)).items():
            rendition.image = image
            found[keys[key]] = rendition
    missing = [f for f in filters if f not in found]
    if missing:
        from_database = image.find_existing_renditions(*missing)
        additions = {
            Rendition.construct_cache_key(image, f.get_cache_key(image), f.spec): rendition
            for f, rendition in from_database.items()
            if not getattr(rendition, "_from_cache", False)
        }
        if additions:
            Rendition.cache_backend.set_many(additions)
        found.update(from_database)
    return {f.spec: found[f] for f in filters if f in found}

"""Queue every image's sizes for the worker: once after upgrading a site whose images were
uploaded before the worker made them (home/renditions.py)."""

from django.core.management.base import BaseCommand

from wagtail.images import get_image_model

from home.renditions import make_image_renditions


class Command(BaseCommand):
    help = "Queue the renditions of every image (the worker makes the sizes not made yet)."

    def handle(self, *args, **options):
        count = 0
        for image_id in get_image_model().objects.values_list("pk", flat=True).iterator():
            make_image_renditions.enqueue(image_id)
            count += 1
        self.stdout.write(f"Queued the renditions of {count} images.")

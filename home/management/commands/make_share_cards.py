"""Queue the share card (and picture renditions) of every live page for the worker: once
after upgrading a site whose pages were published before share cards existed."""

from django.core.management.base import BaseCommand

from wagtail.models import Page

from home.sharecards import prepare_page_pictures


class Command(BaseCommand):
    help = "Queue a share card for every live page (the worker makes them)."

    def handle(self, *args, **options):
        count = 0
        for page_id in Page.objects.live().filter(depth__gt=1).values_list("pk", flat=True):
            prepare_page_pictures.enqueue(page_id)
            count += 1
        self.stdout.write(f"Queued the share cards of {count} pages.")

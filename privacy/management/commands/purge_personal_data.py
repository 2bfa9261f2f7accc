"""Delete the personal data the public typed into the site once it is no longer needed.

`run_worker` runs this once a day, so no cron line is needed; run it by hand to see what
would go (`--dry-run`). It prints how many records of each kind, never what they hold.
"""

import logging

from django.conf import settings
from django.core.management.base import BaseCommand

from privacy.retention import purge_personal_data

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = (
        "Delete messages, requests, registrations and contact form entries older than "
        "PERSONAL_DATA_RETENTION_DAYS (except those still waiting for a moderator)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only count what would be deleted; delete nothing.",
        )

    def handle(self, *args, dry_run, **options):
        counts = purge_personal_data(dry_run=dry_run)
        days = settings.PERSONAL_DATA_RETENTION_DAYS
        verb = "Would delete" if dry_run else "Deleted"
        self.stdout.write(f"{verb} personal data received more than {days} days ago:")
        for kind, count in sorted(counts.items()):
            self.stdout.write(f"  {kind}: {count}")
        if not dry_run:
            summary = ", ".join(f"{kind}: {count}" for kind, count in sorted(counts.items()))
            logger.info("Personal data older than %s days deleted (%s)", days, summary)

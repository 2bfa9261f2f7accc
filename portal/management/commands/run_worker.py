"""The portal's one background process: runs queued tasks and publishes what is due.

Scheduled publishing needs no cron line: between tasks, at most once a minute, this
worker runs Wagtail's `publish_scheduled` and the apps' "run_every_minute" hooks (the
events' reminders), and once a day (at start, then every 24 hours)
`purge_personal_data`, which deletes what the public sent once it is older than
PERSONAL_DATA_RETENTION_DAYS. A restarted worker purges again at once: harmless, as a
second run finds nothing more to delete, so no last-run time is stored. Run exactly one
of these beside the web server (`make run` does; README "Run it on a server" shows a
systemd unit).
"""

import logging
import time
from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.utils.crypto import get_random_string

from wagtail import hooks

from django_tasks_db.management.commands.db_worker import Worker

logger = logging.getLogger(__name__)

# Apps register a function without arguments under this hook to have it run by the
# worker once a minute (the events' reminders, home's retry of failed video look-ups); a
# lower app never imports them.
MINUTE_JOBS_HOOK = "run_every_minute"


class Command(BaseCommand):
    help = "Run background tasks (emails, ...) and publish scheduled pages when they are due."

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval",
            type=float,
            default=1.0,
            help="Seconds to wait when there is nothing to do (default: 1).",
        )
        parser.add_argument(
            "--publish-every",
            type=float,
            default=60.0,
            help="Seconds between checks for pages due to go live or expire (default: 60).",
        )
        parser.add_argument(
            "--purge-every",
            type=float,
            default=24 * 60 * 60,
            help="Seconds between deletions of expired personal data (default: one day).",
        )
        parser.add_argument(
            "--once",
            action="store_true",
            help="Publish what is due, purge expired personal data, run every queued task, "
            "then exit.",
        )

    def handle(self, *args, interval, publish_every, purge_every, once, **options):
        self.verbosity = options["verbosity"]
        worker = Worker(
            queue_names=["*"],
            interval=0,
            batch=True,
            backend_name="default",
            startup_delay=False,
            max_tasks=None,
            worker_id=get_random_string(32),
            excluded_queue_names=[],
        )
        if not once:
            # Ctrl+C or SIGTERM lets a running task finish before the worker stops.
            worker.configure_signals()
            # In the journal, and what tells a test (or an operator) it is up.
            logger.info("Background worker started (%s)", worker.worker_id)
        last_publish = last_purge = None
        while worker.running:
            if last_publish is None or time.monotonic() - last_publish >= publish_every:
                self.publish_scheduled()
                self.run_minute_jobs()
                last_publish = time.monotonic()
            if last_purge is None or time.monotonic() - last_purge >= purge_every:
                self.purge_personal_data()
                last_purge = time.monotonic()
            # In batch mode the worker runs every task that is ready, then returns.
            worker.run()
            if once:
                return
            time.sleep(interval)

    def publish_scheduled(self):
        output = StringIO()
        call_command("publish_scheduled", stdout=output)
        report = output.getvalue().strip()
        if report and self.verbosity > 1:
            self.stdout.write(report)

    def run_minute_jobs(self):
        """What the apps register to run once a minute (e.g. queuing due reminders)."""
        for job in hooks.get_hooks(MINUTE_JOBS_HOOK):
            try:
                job()
            except Exception as error:
                # One failing job must not stop the others, nor the emails; it runs again
                # in a minute. The type only, as below.
                logger.error("Minute job %s failed (%s)", job.__name__, type(error).__name__)

    def purge_personal_data(self):
        output = StringIO()
        try:
            call_command("purge_personal_data", stdout=output)
        except Exception as error:
            # Emails and publishing must go on; tomorrow's run tries again. The type only:
            # a database error can quote the values of a row.
            logger.error("Could not delete expired personal data (%s)", type(error).__name__)
            return
        if self.verbosity > 1:
            self.stdout.write(output.getvalue().strip())

"""Answer an erasure request: delete every record held for an email address.

Pages and their revisions are the network's words, not the person's record: those that
mention the address are listed for a moderator to edit, never changed here.
"""

import sys

from django.core.management.base import BaseCommand, CommandError

from privacy.subject_access import erase_personal_data, personal_data_counts


class Command(BaseCommand):
    help = "Delete every record held for EMAIL (all or nothing); list the pages that mention it."

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Do not ask for confirmation.",
        )

    def handle(self, *args, email, interactive, **options):
        held = personal_data_counts(email)
        if not held:
            self.stdout.write("No record is held for this address.")
        else:
            for kind, count in sorted(held.items()):
                self.stdout.write(f"  {kind}: {count}")
            if interactive:
                if not sys.stdin.isatty():
                    raise CommandError("Run it in a terminal to confirm, or add --noinput.")
                if input("Delete these records? Type 'yes' to go on: ").strip() != "yes":
                    raise CommandError("Nothing was deleted.")
        counts, pages = erase_personal_data(email)
        for kind, count in sorted(counts.items()):
            self.stdout.write(f"Deleted {kind}: {count}")
        if pages:
            self.stdout.write("Pages that mention the address (ask a moderator to edit them):")
            for page in pages:
                self.stdout.write(f"  page {page['page_id']} “{page['title']}”")

"""Answer a subject access request: every record held for an email address, as JSON."""

import json

from django.core.management.base import BaseCommand

from privacy.subject_access import export_personal_data


class Command(BaseCommand):
    help = (
        "Print (or write to --output) every record the portal holds for EMAIL, as JSON, with "
        "the pages that mention the address. The export is written to the audit log."
    )

    def add_arguments(self, parser):
        parser.add_argument("email")
        parser.add_argument("--output", help="Write the JSON to this file instead.")

    def handle(self, *args, email, output=None, **options):
        data = json.dumps(export_personal_data(email), indent=2, ensure_ascii=False)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(data + "\n")
            self.stderr.write(f"Written to {output}")
        else:
            self.stdout.write(data)

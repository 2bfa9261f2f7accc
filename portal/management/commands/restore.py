"""`manage.py restore SRC`: put a backup made by `manage.py backup` back, checking every
checksum first and the row counts after."""

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore the database and media objects from a backup folder or s3://BUCKET/PREFIX."

    def add_arguments(self, parser):
        parser.add_argument("source", help="a backup folder, or s3://BUCKET/PREFIX")
        parser.add_argument(
            "--replace",
            action="store_true",
            help="overwrite a database that already holds data (otherwise refused)",
        )

    def handle(self, *args, source, replace, **options):
        try:
            manifest = restore(source, replace=replace, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Restored the backup of {manifest['created']}"))

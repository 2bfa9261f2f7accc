"""`manage.py backup DEST`: the database and every media object, into a new folder or
s3://BUCKET/PREFIX (portal/backup.py says what goes in)."""

from django.core.management.base import BaseCommand, CommandError

from portal.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database and the media objects into a new folder or s3://BUCKET/PREFIX."

    def add_arguments(self, parser):
        parser.add_argument("destination", help="an empty folder, or s3://BUCKET/PREFIX")

    def handle(self, *args, destination, **options):
        try:
            manifest = backup(destination, log=self.stdout.write)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            self.style.SUCCESS(f"Backup written to {destination} ({manifest['created']})")
        )

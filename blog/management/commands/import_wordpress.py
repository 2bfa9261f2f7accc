"""manage.py import_wordpress FILE.xml [--media-dir DIR] [--draft] [--dry-run]"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from blog.wordpress.importer import ImportRefused, WordPressImporter
from blog.wordpress.wxr import WXRError, parse_file


class Command(BaseCommand):
    help = (
        "Import a WordPress export (Tools → Export, WXR): posts become news posts, pages "
        "standard pages, attachments images and documents, and every old address a "
        "permanent redirect. Safe to run again: it updates what changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", help="The WordPress export (.xml)")
        parser.add_argument(
            "--media-dir",
            help="The WordPress site's wp-content/uploads folder, copied here",
        )
        parser.add_argument(
            "--draft",
            action="store_true",
            help="Leave the imported pages as drafts submitted for moderation",
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Report what would be done, write nothing"
        )

    def handle(self, *args, file, media_dir=None, draft=False, dry_run=False, **options):
        if media_dir:
            from pathlib import Path

            if not Path(media_dir).is_dir():
                raise CommandError(
                    _("The media folder %(path)s does not exist.") % {"path": media_dir}
                )
        try:
            export = parse_file(file)
            report = WordPressImporter(
                export, media_dir=media_dir, draft=draft, dry_run=dry_run
            ).run()
        except (WXRError, ImportRefused) as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.text())
        return None

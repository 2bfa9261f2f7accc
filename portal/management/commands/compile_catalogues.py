"""Compile the interface translations (locale/*/LC_MESSAGES/django.po) into the .mo files
Django reads, in Python (polib, which wagtail-localize already needs): unlike Django's
compilemessages, no GNU gettext is needed on the machine. Fuzzy and untranslated entries
are left out, so the site shows English for them.
"""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

import polib


def catalogues():
    for locale_path in settings.LOCALE_PATHS:
        yield from sorted(Path(locale_path).glob("*/LC_MESSAGES/*.po"))


class Command(BaseCommand):
    help = "Compile the .po catalogues in LOCALE_PATHS into .mo files (no gettext needed)."

    def handle(self, *args, **options):
        for po_path in catalogues():
            catalogue = polib.pofile(str(po_path))
            catalogue.save_as_mofile(str(po_path.with_suffix(".mo")))
            self.stdout.write(
                f"{po_path}: {len(catalogue.translated_entries())} translated, "
                f"{len(catalogue.untranslated_entries())} untranslated, "
                f"{len(catalogue.fuzzy_entries())} fuzzy"
            )

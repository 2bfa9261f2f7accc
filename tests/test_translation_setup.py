"""How translation is set up: the Welsh interface catalogue, the languages and their locales,
and machine translation, which is off unless a service is configured."""

import io
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.test import TestCase, override_settings
from django.utils import translation

from wagtail.models import Locale
from wagtail_localize.machine_translators import get_machine_translator

import polib

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "cy" / "LC_MESSAGES" / "django.po"


def test_the_welsh_catalogue_has_no_untranslated_or_fuzzy_entry():
    catalogue = polib.pofile(str(CATALOGUE))
    assert [entry.msgid for entry in catalogue.untranslated_entries()] == []
    assert [entry.msgid for entry in catalogue.fuzzy_entries()] == []
    assert len(catalogue.translated_entries()) > 250


def test_the_compiled_catalogue_is_up_to_date_with_the_po_file():
    """The .mo Django reads is committed: `make messages` recompiles it after a change."""
    written = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in polib.pofile(str(CATALOGUE)).translated_entries()
    }
    compiled = {
        (entry.msgctxt, entry.msgid): entry.msgstr or entry.msgstr_plural
        for entry in polib.mofile(str(CATALOGUE.with_suffix(".mo")))
        if entry.msgid
    }
    assert compiled == written


def test_placeholders_survive_translation():
    with translation.override("cy"):
        assert (
            translation.gettext("Page %(number)s of %(total)s")
            % {
                "number": 2,
                "total": 5,
            }
            == "Tudalen 2 o 5"
        )
        assert translation.gettext("Skip to main content") == "Neidio i’r prif gynnwys"


def test_machine_translation_is_off_by_default():
    assert not hasattr(settings, "WAGTAILLOCALIZE_MACHINE_TRANSLATOR")
    assert get_machine_translator() is None


def settings_in_a_fresh_process(**variables):
    """The machine translator the settings configure from these environment variables."""
    environment = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DEEPL_API_KEY", "LIBRETRANSLATE_URL", "LIBRETRANSLATE_API_KEY"}
    }
    environment.update(variables, DJANGO_SETTINGS_MODULE="portal.settings.test")
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "from django.conf import settings; "
            "print(getattr(settings, 'WAGTAILLOCALIZE_MACHINE_TRANSLATOR', None))",
        ],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deepl_or_libretranslate_is_configured_by_a_variable_and_not_both():
    deepl = settings_in_a_fresh_process(DEEPL_API_KEY="key-from-deepl:fx")
    assert "DeepLTranslator" in deepl.stdout
    assert "key-from-deepl:fx" in deepl.stdout
    libre = settings_in_a_fresh_process(LIBRETRANSLATE_URL="https://translate.example.org")
    assert "LibreTranslator" in libre.stdout
    both = settings_in_a_fresh_process(
        DEEPL_API_KEY="k", LIBRETRANSLATE_URL="https://translate.example.org"
    )
    assert both.returncode != 0
    assert "Set DEEPL_API_KEY or LIBRETRANSLATE_URL, not both." in both.stderr


class SyncLocalesTests(TestCase):
    def test_every_language_in_the_settings_gets_a_locale_once(self):
        languages = [*settings.WAGTAIL_CONTENT_LANGUAGES, ("fr", "Français")]
        with override_settings(WAGTAIL_CONTENT_LANGUAGES=languages, LANGUAGES=languages):
            output = io.StringIO()
            call_command("sync_locales", stdout=output)
            self.assertIn("Created locales: fr", output.getvalue())
            output = io.StringIO()
            call_command("sync_locales", stdout=output)
            self.assertIn("nothing changed", output.getvalue())
        self.assertEqual(
            sorted(Locale.objects.values_list("language_code", flat=True)), ["cy", "en", "fr"]
        )

    def test_a_language_removed_from_the_settings_keeps_its_locale(self):
        Locale.objects.create(language_code="ga")
        output = io.StringIO()
        call_command("sync_locales", stdout=output)
        self.assertIn("Locale ga is no longer in the settings", output.getvalue())
        self.assertTrue(Locale.objects.filter(language_code="ga").exists())

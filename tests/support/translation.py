"""A demo site with a translator and a moderator, and the steps of translating a page
through wagtail-localize's editor as a translator does."""

import io
from urllib.parse import urlencode

from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from wagtail.models import Locale
from wagtail_localize.models import StringSegment, Translation

from moderation.roles import MODERATORS, TRANSLATORS
from tests.support.factories import make_member


class DemoSiteTestCase(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("load_demo", stdout=io.StringIO())
        cls.welsh = Locale.objects.get(language_code="cy")
        cls.translator = make_member(TRANSLATORS, username="cyfieithydd")
        cls.moderator = make_member(MODERATORS, username="cymedrolwr")

    def start_translation(self, page):
        self.client.force_login(self.translator)
        response = self.client.post(
            reverse("wagtail_localize:submit_page_translation", args=[page.pk]),
            {"locales": [self.welsh.pk]},
        )
        self.assertEqual(response.status_code, 302)
        return Translation.objects.get(source__object_id=page.translation_key)

    def translate_every_string(self, translation, welsh_strings):
        segments = StringSegment.objects.filter(source=translation.source)
        for segment in segments.select_related("string", "context"):
            english_text = segment.string.data
            # Slugs stay English (as in the demo): the address differs only by /cy/.
            untranslated = english_text if segment.context.path == "slug" else None
            welsh_text = welsh_strings.get(english_text, untranslated or f"[cy] {english_text}")
            response = self.client.put(
                reverse(
                    "wagtail_localize:edit_string_translation",
                    args=[translation.pk, segment.pk],
                ),
                urlencode({"value": welsh_text}),
                content_type="application/x-www-form-urlencoded",
            )
            self.assertIn(response.status_code, (200, 201), english_text)

"""The footer text and the main menu go through the moderators like pages: what a
Translator or an Editor writes, in any language, is not live until a Moderator approves it.
Everything through the real admin views (wagtail-localize's and Wagtail's snippet editor)."""

from urllib.parse import urlencode

from django.urls import reverse

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data
from wagtail_localize.models import StringSegment, Translation

from home.models import FooterText, MainMenu
from moderation.roles import EDITORS
from tests.support.factories import make_member
from tests.support.html import soup_of
from tests.support.translation import DemoSiteTestCase

DEMO_WELSH_FOOTER = "Cyhoeddir gan wirfoddolwyr"


class SnippetModerationTestCase(DemoSiteTestCase):
    def footer_on(self, path):
        self.client.logout()
        return soup_of(self.client.get(path)).find("footer").get_text(" ", strip=True)

    def menu_on(self, path):
        self.client.logout()
        menu = soup_of(self.client.get(path)).find("nav", class_="main-nav")
        return [a.get_text(strip=True) for a in menu.find_all("a")]

    def workflow_state(self, snippet):
        return WorkflowState.objects.get(
            base_content_type__model=snippet._meta.model_name,
            object_id=str(snippet.pk),
            status=WorkflowState.STATUS_IN_PROGRESS,
        )

    def approve(self, snippet):
        state = self.workflow_state(snippet)
        self.client.force_login(self.moderator)
        response = self.client.post(
            reverse(
                snippet.snippet_viewset.get_url_name("workflow_action"),
                args=[snippet.pk, "approve", state.current_task_state.pk],
            ),
            {"comment": ""},
        )
        self.assertEqual(response.status_code, 302)
        state.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_APPROVED)

    def translate_footer(self, translation, welsh_text):
        (segment,) = StringSegment.objects.filter(source=translation.source)
        response = self.client.put(
            reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk]),
            urlencode({"value": welsh_text}),
            content_type="application/x-www-form-urlencoded",
        )
        self.assertIn(response.status_code, (200, 201))


class FooterTranslationTests(SnippetModerationTestCase):
    def test_a_translators_footer_waits_for_a_moderator_first_time_and_after(self):
        english_footer = FooterText.objects.get(locale__language_code="en")
        # Start as a site whose footer has no Welsh yet (the demo makes one).
        FooterText.objects.filter(locale=self.welsh).delete()
        english_text = self.footer_on("/")
        self.assertIn("Published by volunteers", english_text)

        self.client.force_login(self.translator)
        response = self.client.post(
            reverse(
                "wagtail_localize:submit_snippet_translation",
                args=["home", "footertext", english_footer.pk],
            ),
            {"locales": [self.welsh.pk]},
        )
        self.assertEqual(response.status_code, 302)
        welsh_footer = english_footer.get_translation(self.welsh)
        self.assertFalse(welsh_footer.live)
        translation = Translation.objects.get(
            source__object_id=english_footer.translation_key, target_locale=self.welsh
        )
        self.translate_footer(translation, 'Troedyn cyntaf: <a id="a1">polisi preifatrwydd</a>.')

        edit_url = AdminURLFinder(self.translator).get_edit_url(welsh_footer)
        editor = self.client.get(edit_url)
        props = soup_of(editor).find(class_="js-translation-editor")["data-props"]
        self.assertIn('"canPublish": false', props)
        self.assertContains(editor, "Submit to Moderator approval")
        # wagtail-localize's own publish is refused to a translator.
        refused = self.client.post(edit_url, {"action": "publish"}, follow=True)
        self.assertContains(refused, "Sorry, you do not have permission to access this area.")
        welsh_footer.refresh_from_db()
        self.assertFalse(welsh_footer.live)

        submit = reverse("portal_submit_translation", args=[translation.pk])
        self.assertRedirects(self.client.post(submit), edit_url, fetch_redirect_response=False)
        state = self.workflow_state(welsh_footer)
        self.assertEqual(state.workflow.name, "Moderator approval")
        self.assertEqual(state.requested_by, self.translator)
        # Waiting: Welsh visitors keep the live (English) footer.
        self.assertNotIn("Troedyn cyntaf", self.footer_on("/cy/"))
        self.assertIn("Published by volunteers", self.footer_on("/cy/"))

        self.approve(welsh_footer)
        self.assertIn("Troedyn cyntaf: polisi preifatrwydd", self.footer_on("/cy/"))
        self.assertEqual(self.footer_on("/"), english_text)

        # A change to the live Welsh footer waits too, and the live text stays meanwhile.
        self.client.force_login(self.translator)
        self.translate_footer(translation, 'Ail droedyn: <a id="a1">polisi preifatrwydd</a>.')
        self.client.post(submit)
        welsh_footer.refresh_from_db()
        self.assertTrue(welsh_footer.live)
        self.assertTrue(welsh_footer.has_unpublished_changes)
        self.assertIn("Troedyn cyntaf: polisi preifatrwydd", self.footer_on("/cy/"))
        self.assertNotIn("Ail droedyn", self.footer_on("/cy/"))

        self.approve(welsh_footer)
        self.assertIn("Ail droedyn: polisi preifatrwydd", self.footer_on("/cy/"))

    def test_a_footer_a_moderator_unpublishes_leaves_the_site(self):
        welsh_footer = FooterText.objects.get(locale=self.welsh)
        self.assertIn(DEMO_WELSH_FOOTER, self.footer_on("/cy/"))
        self.client.force_login(self.moderator)
        response = self.client.post(
            reverse(welsh_footer.snippet_viewset.get_url_name("unpublish"), args=[welsh_footer.pk])
        )
        self.assertEqual(response.status_code, 302)
        # Its row is still there, not live: Welsh visitors get the English footer.
        self.assertTrue(FooterText.objects.filter(pk=welsh_footer.pk, live=False).exists())
        self.assertNotIn(DEMO_WELSH_FOOTER, self.footer_on("/cy/"))
        self.assertIn("Published by volunteers", self.footer_on("/cy/"))


class MenuModerationTests(SnippetModerationTestCase):
    def menu_form_data(self, menu, first_link_text, action):
        items = list(menu.items.all())
        return nested_form_data(
            {
                "title": menu.title,
                "items": inline_formset(
                    [
                        {
                            "id": item.pk,
                            "link_page": item.link_page_id or "",
                            "link_url": item.link_url,
                            "link_text": first_link_text if index == 0 else item.link_text,
                            "ORDER": index,
                        }
                        for index, item in enumerate(items)
                    ],
                    initial=len(items),
                ),
                action: "1",
            }
        )

    def test_an_editors_english_menu_change_waits_for_a_moderator(self):
        menu = MainMenu.objects.get(locale__language_code="en")
        before = self.menu_on("/")
        self.assertEqual(before[0], "About us")
        editor = make_member(EDITORS, username="golygydd")
        self.client.force_login(editor)
        edit_url = AdminURLFinder(editor).get_edit_url(menu)
        form = self.client.get(edit_url)
        self.assertContains(form, "Submit to Moderator approval")
        self.assertNotContains(form, "action-publish")

        response = self.client.post(
            edit_url, self.menu_form_data(menu, "Who we are", "action-submit")
        )
        self.assertEqual(response.status_code, 302)
        self.assertEqual(self.workflow_state(menu).requested_by, editor)
        self.assertEqual(self.menu_on("/"), before)
        # The moderators' dashboard lists it, linking to its editor.
        self.client.force_login(self.moderator)
        queue = soup_of(self.client.get(reverse("wagtailadmin_home"))).select_one(
            "[id^=moderation-queue]"
        )
        self.assertIsNotNone(queue.find("a", href=edit_url, string=str(menu)))

        self.approve(menu)
        self.assertEqual(self.menu_on("/"), ["Who we are", *before[1:]])

    def test_a_translator_cannot_publish_the_welsh_menu(self):
        welsh_menu = MainMenu.objects.get(locale=self.welsh)
        before = self.menu_on("/cy/")
        self.client.force_login(self.translator)
        edit_url = AdminURLFinder(self.translator).get_edit_url(welsh_menu)
        form = self.client.get(edit_url)
        self.assertContains(form, "Submit to Moderator approval")
        self.assertNotContains(form, "action-publish")
        self.assertFalse(self.translator.has_perm("home.publish_mainmenu"))

        # Asking to publish anyway saves a draft at most: the site does not change.
        self.client.post(edit_url, self.menu_form_data(welsh_menu, "Fandaliaeth", "action-publish"))
        self.assertEqual(self.menu_on("/cy/"), before)
        self.assertFalse(WorkflowState.objects.filter(object_id=str(welsh_menu.pk)).exists())
        welsh_menu.refresh_from_db()
        self.assertTrue(welsh_menu.live)
        self.assertNotIn("Fandaliaeth", [item.link_text for item in welsh_menu.items.all()])

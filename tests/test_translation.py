"""A translator translates a page with wagtail-localize, a moderator approves it, and a
visitor reads it under /cy/ with everything around it in Welsh; and what the visitor sees
of languages: the switcher, lang, hreflang, the fallback notice, sitemaps, search, feeds."""

import io
import re

from django.contrib.auth.models import Permission, User
from django.test import RequestFactory
from django.urls import reverse

from wagtail.admin.admin_url_finder import AdminURLFinder
from wagtail.models import Locale, Page, WorkflowState
from wagtail_localize.models import StringTranslation, Translation

import polib

from blog.models import BlogPage
from home.models import ContactPage, StandardPage
from localisation.models import GlossaryTerm
from localisation.translation import language_versions
from tests.support.html import soup_of
from tests.support.translation import DemoSiteTestCase
from workinggroups.models import Aim


def english(slug):
    return Page.objects.get(slug=slug, locale__language_code="en").specific


class TranslationThroughModerationTests(DemoSiteTestCase):
    """Done when: a translator translates a page, a moderator approves it, a visitor reads
    it at /cy/ — all through the real admin views."""

    WELSH = {
        "Join us": "Ymunwch â ni",
        "£5 a year unwaged, £10 a year waged.": "£5 y flwyddyn heb gyflog, £10 gyda chyflog.",
    }

    def menu_links(self, path):
        menu = soup_of(self.client.get(path)).find("nav", class_="main-nav")
        return [(a.get_text(strip=True), a["href"]) for a in menu.find_all("a")]

    def test_a_translator_translates_a_moderator_approves_a_visitor_reads(self):
        join = english("join")
        translation = self.start_translation(join)
        welsh_join = join.get_translation(self.welsh)
        # Sending a page for translation makes a draft, never a live page.
        self.assertFalse(welsh_join.live)
        self.assertEqual(self.client.get("/cy/join/").context["page"].pk, join.pk)
        # Meanwhile the Welsh menu links to the English page under /cy/, in Welsh around it.
        self.assertIn(("Join us", "/cy/join/"), self.menu_links("/cy/"))

        self.translate_every_string(translation, self.WELSH)
        editor = self.client.get(reverse("wagtailadmin_pages:edit", args=[welsh_join.pk]))
        self.assertEqual(editor.status_code, 200)
        props = soup_of(editor).find(class_="js-translation-editor")["data-props"]
        self.assertIn('"canPublish": false', props)
        self.assertContains(editor, "Submit to Moderator approval")

        # A translator cannot publish from wagtail-localize's editor.
        refused = self.client.post(
            reverse("wagtailadmin_pages:edit", args=[welsh_join.pk]),
            {"action": "publish"},
            follow=True,
        )
        self.assertContains(refused, "Sorry, you do not have permission to access this area.")
        welsh_join.refresh_from_db()
        self.assertFalse(welsh_join.live)

        response = self.client.post(reverse("portal_submit_translation", args=[translation.pk]))
        self.assertRedirects(
            response,
            reverse("wagtailadmin_pages:edit", args=[welsh_join.pk]),
            fetch_redirect_response=False,
        )
        state = WorkflowState.objects.get(
            base_content_type__model="page", object_id=str(welsh_join.pk)
        )
        self.assertEqual(state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertEqual(state.workflow.name, "Moderator approval")
        self.assertEqual(state.requested_by, self.translator)
        welsh_join.refresh_from_db()
        self.assertFalse(welsh_join.live)
        self.assertEqual(self.client.get("/cy/join/").context["page"].pk, join.pk)

        # Submitting again while it waits is refused with a message, nothing changes.
        again = self.client.post(
            reverse("portal_submit_translation", args=[translation.pk]), follow=True
        )
        self.assertContains(again, "already waiting for a moderator")
        self.assertEqual(WorkflowState.objects.filter(object_id=str(welsh_join.pk)).count(), 1)

        self.client.force_login(self.moderator)
        task_state = state.current_task_state
        response = self.client.post(
            reverse(
                "wagtailadmin_pages:workflow_action",
                args=[welsh_join.pk, "approve", task_state.pk],
            ),
            {"comment": ""},
        )
        self.assertEqual(response.status_code, 302)
        state.refresh_from_db()
        self.assertEqual(state.status, WorkflowState.STATUS_APPROVED)
        welsh_join.refresh_from_db()
        self.assertTrue(welsh_join.live)

        self.client.logout()
        page = soup_of(self.client.get("/cy/join/"))
        self.assertEqual(page.html["lang"], "cy")
        self.assertEqual(page.h1.get_text(strip=True), "Ymunwch â ni")
        self.assertIn("£5 y flwyddyn heb gyflog", page.get_text())
        self.assertIsNone(page.find(class_="language-notice"))
        # Everything around it is Welsh: interface strings, menu and footer.
        self.assertEqual(
            page.find(class_="skip-link").get_text(strip=True), "Neidio i’r prif gynnwys"
        )
        self.assertIn(("Amdanom ni", "/cy/about/"), self.menu_links("/cy/join/"))
        self.assertIn(("Ymunwch â ni", "/cy/join/"), self.menu_links("/cy/join/"))
        self.assertIn("Cyhoeddir gan wirfoddolwyr", page.find("footer").get_text())
        # The English page is untouched.
        self.assertEqual(soup_of(self.client.get("/join/")).h1.get_text(strip=True), "Join us")

        # A change to the live translation waits for a moderator too: visitors keep the
        # published Welsh meanwhile.
        self.client.force_login(self.translator)
        self.translate_every_string(translation, {**self.WELSH, "Join us": "Ymaelodwch"})
        self.client.post(reverse("portal_submit_translation", args=[translation.pk]))
        welsh_join.refresh_from_db()
        self.assertTrue(welsh_join.live)
        self.assertTrue(welsh_join.workflow_in_progress)
        self.client.logout()
        self.assertEqual(
            soup_of(self.client.get("/cy/join/")).h1.get_text(strip=True), "Ymunwch â ni"
        )
        self.assertEqual(welsh_join.get_latest_revision_as_object().title, "Ymaelodwch")

    def test_a_translator_cannot_send_someone_elses_translation_without_edit_rights(self):
        join = english("join")
        translation = self.start_translation(join)
        # Someone who may use the admin but has no permission on pages.
        outsider = User.objects.create_user("outsider", password="outsider")
        outsider.user_permissions.add(Permission.objects.get(codename="access_admin"))
        self.client.force_login(outsider)
        response = self.client.post(
            reverse("portal_submit_translation", args=[translation.pk]), follow=True
        )
        self.assertContains(response, "Sorry, you do not have permission to access this area.")
        welsh_join = join.get_translation(self.welsh)
        self.assertFalse(WorkflowState.objects.filter(object_id=str(welsh_join.pk)).exists())

    def test_the_glossary_is_shown_beside_the_text_with_the_agreed_welsh(self):
        about = english("about")
        # The demo's Welsh about page is a wagtail-localize translation.
        welsh_about = about.get_translation(self.welsh)
        self.client.force_login(self.translator)
        editor = soup_of(self.client.get(reverse("wagtailadmin_pages:edit", args=[welsh_about.pk])))
        glossary = editor.find("details", class_="portal-glossary")
        rows = {
            row.find_all("td")[0].get_text(strip=True): row.find_all("td")[1].get_text(strip=True)
            for row in glossary.find("tbody").find_all("tr")
        }
        self.assertEqual(rows["shadow CLP"], "CLP cysgodol")
        self.assertEqual(rows["witch-hunt"], "helfa wrachod")
        self.assertEqual(rows["convenor"], "cynullydd")
        self.assertEqual(rows["working group"], "gweithgor")  # "Working groups" in the text
        # Only the terms in this text.
        self.assertNotIn("coffee morning", rows)

    def test_po_file_export_and_import_round_trip(self):
        post = english("statement-on-suspensions")
        post.featured_image_alt = "Members around a table with coffee cups"
        post.save_revision().publish()
        translation = self.start_translation(post)

        download = self.client.get(
            reverse("wagtail_localize:download_pofile", args=[translation.pk])
        )
        self.assertEqual(download.status_code, 200)
        catalogue = polib.pofile(download.content.decode())
        msgids = {entry.msgid for entry in catalogue}
        # The picture's description is translated with the page.
        self.assertIn("Members around a table with coffee cups", msgids)
        self.assertIn(post.title, msgids)

        for entry in catalogue:
            entry.msgstr = {
                post.title: "Datganiad ar yr ataliadau diweddaraf",
                "Members around a table with coffee cups": "Aelodau o gwmpas bwrdd gyda choffi",
            }.get(entry.msgid, f"[cy] {entry.msgid}")
        edit_url = reverse("wagtailadmin_pages:edit", args=[post.get_translation(self.welsh).pk])
        upload = self.client.post(
            reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
            {"file": io.BytesIO(str(catalogue).encode()), "next": edit_url},
            follow=True,
        )
        self.assertContains(upload, "Successfully imported translations from PO File.")
        self.assertTrue(
            StringTranslation.objects.filter(
                locale=self.welsh, data="Aelodau o gwmpas bwrdd gyda choffi"
            ).exists()
        )
        # Exported again, the file carries the imported translations.
        again = polib.pofile(
            self.client.get(
                reverse("wagtail_localize:download_pofile", args=[translation.pk])
            ).content.decode()
        )
        self.assertEqual(
            {e.msgid: e.msgstr for e in again}[post.title],
            "Datganiad ar yr ataliadau diweddaraf",
        )

        # Submitted and approved, the Welsh post shows the Welsh alt text.
        self.client.post(reverse("portal_submit_translation", args=[translation.pk]))
        welsh_post = post.get_translation(self.welsh)
        state = WorkflowState.objects.get(object_id=str(welsh_post.pk))
        task_state = state.current_task_state.specific
        task_state.task.specific.on_action(task_state, self.moderator, "approve")
        welsh_post = BlogPage.objects.get(pk=welsh_post.pk)
        self.assertTrue(welsh_post.live)
        self.assertEqual(welsh_post.featured_image_alt, "Aelodau o gwmpas bwrdd gyda choffi")
        self.assertEqual(welsh_post.title, "Datganiad ar yr ataliadau diweddaraf")
        page = soup_of(self.client.get(welsh_post.url))
        self.assertEqual(page.h1.get_text(strip=True), "Datganiad ar yr ataliadau diweddaraf")

    def test_a_po_file_for_another_translation_is_refused(self):
        translation = self.start_translation(english("join"))
        other = self.start_translation(english("privacy"))
        catalogue = polib.pofile(
            self.client.get(
                reverse("wagtail_localize:download_pofile", args=[other.pk])
            ).content.decode()
        )
        response = self.client.post(
            reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
            {"file": io.BytesIO(str(catalogue).encode()), "next": "/admin/"},
            follow=True,
        )
        self.assertContains(response, "Cannot import PO file that was created for a different")


class VisitorLanguageTests(DemoSiteTestCase):
    def get(self, path):
        response = self.client.get(path)
        self.assertEqual(response.status_code, 200, path)
        return soup_of(response)

    def alternates(self, page):
        return {
            link["hreflang"]: link["href"]
            for link in page.find_all("link", rel="alternate")
            if link.get("hreflang")
        }

    def switcher(self, page):
        nav = page.find("nav", class_="language-switcher")
        if nav is None:
            return []
        return [(a.get_text(strip=True), a["href"], a.get("lang")) for a in nav.find_all("a")]

    def test_a_translated_page_lists_both_languages(self):
        page = self.get("/cy/about/")
        self.assertEqual(page.html["lang"], "cy")
        self.assertEqual(page.h1.get_text(strip=True), "Amdanom ni")
        self.assertEqual(
            self.switcher(page),
            [("English", "/about/", "en"), ("Cymraeg", "/cy/about/", "cy")],
        )
        current = page.find("nav", class_="language-switcher").find(attrs={"aria-current": True})
        self.assertEqual(current.get_text(strip=True), "Cymraeg")
        self.assertEqual(
            self.alternates(page),
            {
                "en": "http://testserver/about/",
                "cy": "http://testserver/cy/about/",
                "x-default": "http://testserver/about/",
            },
        )
        self.assertEqual(self.alternates(self.get("/about/")), self.alternates(page))

    def test_an_untranslated_page_falls_back_to_english_with_a_notice_in_welsh(self):
        page = self.get("/cy/privacy/")
        self.assertEqual(page.h1.get_text(strip=True), "Privacy policy")
        self.assertEqual(page.html["lang"], "en")
        notice = page.find(class_="language-notice")
        self.assertEqual(notice["lang"], "cy")
        self.assertEqual(
            notice.get_text(strip=True),
            "Nid yw’r dudalen hon wedi’i chyfieithu i’r Gymraeg eto, felly fe’i dangosir yn "
            "Saesneg.",
        )
        # The page exists only in English: that is all the switcher and hreflang offer.
        self.assertEqual(self.switcher(page), [("English", "/privacy/", "en")])
        self.assertEqual(set(self.alternates(page)), {"en", "x-default"})
        # The header and footer around it stay Welsh, and say so.
        self.assertEqual(page.find("header")["lang"], "cy")
        self.assertEqual(page.find("footer")["lang"], "cy")
        self.assertIsNone(self.get("/privacy/").find(class_="language-notice"))

    def test_a_translation_published_shows_in_the_switcher_at_once(self):
        # One language only: no switcher.
        self.assertEqual(self.switcher(self.get("/privacy/")), [])
        welsh = english("privacy").copy_for_translation(Locale.objects.get(language_code="cy"))
        welsh.title = "Polisi preifatrwydd"
        welsh.save_revision().publish()
        self.assertEqual(
            self.switcher(self.get("/privacy/")),
            [("English", "/privacy/", "en"), ("Cymraeg", "/cy/privacy/", "cy")],
        )
        welsh.refresh_from_db()
        welsh.unpublish()
        self.assertEqual(self.switcher(self.get("/privacy/")), [])

    def test_an_untranslated_page_under_a_translated_parent_is_no_dead_link(self):
        # /cy/working-groups/ is Welsh, the racism group is not translated.
        page = self.get("/cy/working-groups/racism/")
        self.assertEqual(page.h1.get_text(strip=True), "Racism")
        self.assertIsNotNone(page.find(class_="language-notice"))
        # Routable sub-pages keep working too.
        self.assertEqual(
            self.get("/cy/working-groups/propose/").h1.get_text(strip=True), "Cynnig gweithgor"
        )
        missing = self.client.get("/cy/no-such-page/")
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(soup_of(missing).html["lang"], "cy")
        self.assertEqual(self.alternates(soup_of(missing)), {})
        self.assertEqual(self.switcher(soup_of(missing)), [])

    def test_forms_on_untranslated_pages_post_back_in_welsh(self):
        # The contact page, the racism group and the Stroud group exist only in English: a
        # Welsh visitor's message is answered under /cy/, in Welsh.
        for path, action in [
            ("/cy/contact/", "/cy/contact/"),
            ("/cy/working-groups/racism/", "/cy/working-groups/racism/join/"),
            ("/cy/groups/stroud/", "/cy/groups/stroud/contact/"),
        ]:
            self.assertEqual(self.get(path).find("form", method="post")["action"], action)
        contact_page = ContactPage.objects.get(locale__language_code="en")
        consent = contact_page.form_fields.get(field_type="checkbox").clean_name
        thanked = self.client.post(
            "/cy/contact/",
            {
                "your_name": "Sam Example",
                "your_email_address": "sam@example.net",
                "your_message": "Oes grŵp yng Nghaerdydd?",
                consent: "on",
            },
        )
        self.assertEqual(thanked.status_code, 200)
        self.assertEqual(soup_of(thanked).h1.get_text(strip=True), "Diolch")

    def test_every_switcher_link_and_alternate_answers(self):
        for path in ["/", "/cy/", "/cy/about/", "/cy/privacy/", "/cy/blog/", "/search/?q=CLP"]:
            page = self.get(path)
            for _name, href, _lang in self.switcher(page):
                self.assertEqual(self.client.get(href).status_code, 200, (path, href))
            for href in self.alternates(page).values():
                self.assertEqual(self.client.get(href).status_code, 200, (path, href))

    def test_translated_snippets_are_shown_under_cy(self):
        news = self.get("/cy/blog/")
        self.assertEqual(news.h1.get_text(strip=True), "Newyddion")
        category_nav = news.find("nav", class_="category-nav")
        categories = [a.get_text(strip=True) for a in category_nav.find_all("a")]
        self.assertIn("Ymgyrchoedd", categories)
        post = self.get("/cy/blog/coffee-mornings-return/")
        self.assertIn("Ymgyrchoedd", post.get_text())
        self.assertNotIn("Campaigns", post.find("main").get_text())
        group = self.get("/cy/working-groups/press/")
        self.assertIn("Nod: Ymladd y carthiad", group.get_text())
        home = self.get("/cy/")
        self.assertIn("Cyhoeddir gan wirfoddolwyr", home.find("footer").get_text())
        self.assertEqual(
            [a.get_text(strip=True) for a in home.find("nav", class_="main-nav").find_all("a")][:3],
            ["Amdanom ni", "Newyddion", "Gweithgorau"],
        )

    def test_search_finds_pages_in_the_visitors_language(self):
        welsh_results = self.get("/cy/search/?q=coffi")
        titles = [a.get_text(strip=True) for a in welsh_results.select("main li h3 a")]
        self.assertIn("Y boreau coffi yn ôl", titles)
        self.assertEqual(welsh_results.h1.get_text(strip=True), "Chwilio")
        english_results = self.get("/search/?q=coffi")
        self.assertNotIn("Y boreau coffi yn ôl", english_results.get_text())
        self.assertNotIn("Coffee mornings return", self.get("/cy/search/?q=coffee").get_text())

    def test_the_welsh_news_feed_lists_welsh_posts(self):
        feed = self.client.get("/cy/blog/feed/").content.decode()
        self.assertIn("<language>cy</language>", feed)
        self.assertIn("<title>Y boreau coffi yn ôl</title>", feed)
        self.assertNotIn("Coffee mornings return", feed)

    def test_one_sitemap_per_language_and_all_in_sitemap_xml(self):
        welsh = self.client.get("/sitemap-cy.xml").content.decode()
        english_map = self.client.get("/sitemap-en.xml").content.decode()
        everything = self.client.get("/sitemap.xml").content.decode()
        self.assertIn("<loc>http://localhost/cy/about/</loc>", welsh)
        self.assertNotIn("<loc>http://localhost/about/</loc>", welsh)
        self.assertIn("<loc>http://localhost/about/</loc>", english_map)
        self.assertNotIn("/cy/", english_map)
        # Untranslated pages are in the English sitemap only.
        self.assertNotIn("/cy/privacy/", welsh)
        for loc in re.findall(r"<loc>([^<]+)</loc>", welsh + english_map):
            self.assertIn(f"<loc>{loc}</loc>", everything)

    def test_the_languages_of_a_page_cost_one_query(self):
        page = english("about")
        request = RequestFactory().get("/about/")
        # What base.html has looked up already: the site's root paths (for every link) and
        # the page's locale (for <html lang>).
        page.get_url(request)
        page.locale  # noqa: B018
        with self.assertNumQueries(1):
            versions = language_versions(request, page)
        self.assertEqual([v["code"] for v in versions["versions"]], ["en", "cy"])


class GlossaryPermissionTests(DemoSiteTestCase):
    def test_translators_read_the_glossary_and_moderators_keep_it(self):
        listing = reverse("wagtailsnippets_localisation_glossaryterm:list")
        adding = reverse("wagtailsnippets_localisation_glossaryterm:add")
        self.client.force_login(self.translator)
        self.assertContains(self.client.get(listing), "witch-hunt")
        refused = self.client.post(adding, {"term": "Left", "meaning": ""}, follow=True)
        self.assertContains(refused, "Sorry, you do not have permission to access this area.")
        self.assertFalse(GlossaryTerm.objects.filter(term="Left").exists())

        self.client.force_login(self.moderator)
        response = self.client.post(
            adding,
            {
                "term": "rule change",
                "meaning": "A change to the party's rule book.",
                "translations-TOTAL_FORMS": "1",
                "translations-INITIAL_FORMS": "0",
                "translations-MIN_NUM_FORMS": "0",
                "translations-MAX_NUM_FORMS": "1000",
                "translations-0-language_code": "cy",
                "translations-0-translation": "newid i'r rheolau",
                "translations-0-note": "",
                "translations-0-ORDER": "1",
                "translations-0-id": "",
                "translations-0-DELETE": "",
            },
        )
        self.assertEqual(response.status_code, 302)
        term = GlossaryTerm.objects.get(term="rule change")
        self.assertEqual(term.translations.get().translation, "newid i'r rheolau")


class SnippetTranslationTests(DemoSiteTestCase):
    def test_a_translator_may_edit_the_welsh_page_but_not_the_english_original(self):
        english = StandardPage.objects.get(slug="privacy", locale__language_code="en")
        translation = self.start_translation(english)
        welsh = english.get_translation(self.welsh)
        self.client.force_login(self.translator)
        editing_welsh = self.client.get(reverse("wagtailadmin_pages:edit", args=[welsh.pk]))
        self.assertEqual(editing_welsh.status_code, 200)

        revisions_before = english.revisions.count()
        for method in (self.client.get, self.client.post):
            refused = method(
                reverse("wagtailadmin_pages:edit", args=[english.pk]),
                {"title": "Vandalised", "slug": "privacy", "action": "submit"},
                follow=True,
            )
            self.assertContains(refused, "not the original")
        english.refresh_from_db()
        self.assertEqual(english.title, "Privacy policy")
        self.assertEqual(english.revisions.count(), revisions_before)
        self.assertTrue(translation.enabled)

    def test_a_translator_translates_an_aim_but_cannot_change_the_original(self):
        aim = Aim.objects.get(name="Changing the party", locale__language_code="en")
        self.client.force_login(self.translator)
        response = self.client.post(
            reverse(
                "wagtail_localize:submit_snippet_translation",
                args=["workinggroups", "aim", aim.pk],
            ),
            {"locales": [self.welsh.pk]},
        )
        self.assertEqual(response.status_code, 302)
        welsh_aim = aim.get_translation(self.welsh)
        translation = Translation.objects.get(
            source__object_id=aim.translation_key, target_locale=self.welsh
        )
        welsh = {"Changing the party": "Newid y blaid"}
        self.translate_every_string(translation, welsh)
        edit_url = AdminURLFinder(self.translator).get_edit_url(welsh_aim)
        editor = self.client.get(edit_url)
        self.assertContains(editor, "Newid y blaid")
        self.client.post(edit_url, {"action": "publish"})
        welsh_aim.refresh_from_db()
        self.assertEqual(welsh_aim.name, "Newid y blaid")

        # The English original is not theirs to change: snippets go live when saved.
        refused = self.client.post(
            AdminURLFinder(self.translator).get_edit_url(aim),
            {"name": "Vandalised", "description": "", "sort_order": "2"},
            follow=True,
        )
        self.assertContains(refused, "not the original")
        aim.refresh_from_db()
        self.assertEqual(aim.name, "Changing the party")

"""The directory of local groups: postcodes and distances, search and filters, map data,
the contact relay and registration forms, and the private address nobody sees."""

import json
import logging
from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command
from django.test import TestCase

from wagtail.models import Locale, PageViewRestriction, WorkflowState
from wagtail.test.utils import WagtailPageTestCase

import pytest

from demo.directory import DEMO_POSTCODES
from directory.models import (
    GroupMessage,
    GroupRegistration,
    LocalGroupIndexPage,
    LocalGroupNewsPage,
    LocalGroupPage,
    PostcodeDistrict,
)
from directory.postcodes import InvalidPostcode, distance_miles, postcode_district
from events.models import EventPage
from home.models import HomePage
from moderation.models import PublicSubmission
from privacy.spam import RATE_LIMIT_POSTS
from tests.support.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    make_site_home,
)
from tests.support.html import soup_of, texts
from tests.support.network import unreachable_mail_server

PRIVATE_ADDRESS = "stroud-convenor-private@example.org"


# Postcodes and distances: pure logic.


@pytest.mark.parametrize(
    ("typed", "district"),
    [
        ("E13 9AA", "E13"),
        ("e13 9aa", "E13"),
        ("E139AA", "E13"),
        ("  e13   9aa ", "E13"),
        ("e13", "E13"),
        ("BS10", "BS10"),
        ("bs10 5ab", "BS10"),
        ("Bs 10", "BS10"),
        ("SW1A 1AA", "SW1A"),
        ("sw1a", "SW1A"),
        ("GL5 1AB", "GL5"),
        ("M1 1AE", "M1"),
        ("m11ae", "M1"),
    ],
)
def test_full_postcodes_and_districts_give_the_district(typed, district):
    assert postcode_district(typed) == district


@pytest.mark.parametrize(
    "typed", ["", "   ", "E", "13", "BS", "E13 9A", "E13 9AAA", "EEE1", "London", "E13-9AA", None]
)
def test_malformed_postcodes_are_refused(typed):
    with pytest.raises(InvalidPostcode):
        postcode_district(typed)


def test_distance_between_bristol_and_london_is_the_known_one():
    # BS1 (51.4545, -2.5879) to E1 (51.5170, -0.0600), worked by hand: Δlat = 0.0625°,
    # Δlon = 2.5279° × cos(51.486°) = 2.5279 × 0.6228 = 1.5744°, so 1.5756° of arc;
    # one degree is 2π × 3958.8 / 360 = 69.09 miles, so 108.9 miles.
    assert distance_miles(51.4545, -2.5879, 51.5170, -0.0600) == pytest.approx(108.9, abs=0.3)
    # Plymouth PL1 to Sheffield S1: 4.1543° − 1.4710° = 2.6833° × cos(51.875°) = 1.6564°,
    # with 3.0094° of latitude: 3.4351° of arc, 237.3 miles.
    assert distance_miles(50.3706, -4.1543, 53.3800, -1.4710) == pytest.approx(237.3, abs=0.5)
    assert distance_miles(51.0, -1.0, 51.0, -1.0) == 0


# Postcode data.


@pytest.mark.django_db
def test_import_postcodes_is_idempotent_and_reports_counts(tmp_path):
    output = StringIO()
    call_command("import_postcodes", str(DEMO_POSTCODES), stdout=output)
    total = PostcodeDistrict.objects.count()
    assert total == 27
    assert (
        output.getvalue().strip()
        == f"{total} postcode districts read: {total} added, 0 updated, 0 unchanged."
    )
    e13 = PostcodeDistrict.objects.get(outward_code="E13")
    assert (e13.latitude, e13.longitude, e13.region) == (51.526, 0.025, "london")
    assert PostcodeDistrict.objects.get(outward_code="CF10").region == "wales"

    output = StringIO()
    call_command("import_postcodes", str(DEMO_POSTCODES), stdout=output)
    assert (
        output.getvalue().strip()
        == f"{total} postcode districts read: 0 added, 0 updated, {total} unchanged."
    )
    assert PostcodeDistrict.objects.count() == total


@pytest.mark.django_db
def test_import_reads_the_ons_postcode_directory(tmp_path):
    onspd = tmp_path / "ONSPD.csv"
    onspd.write_text(
        "pcd,pcd2,pcds,dointr,doterm,rgn,lat,long\n"
        "GL5 1AA,GL5  1AA,GL5 1AA,198001,,E12000009,51.74,-2.22\n"
        "GL5 1AB,GL5  1AB,GL5 1AB,198001,,E12000009,51.76,-2.24\n"
        "GL5 9ZZ,GL5  9ZZ,GL5 9ZZ,198001,200112,E12000009,55.00,-2.00\n"
        "GL5 4XX,GL5  4XX,GL5 4XX,198001,,E12000009,99.999999,0.000000\n"
        "CF101AA,CF10 1AA,CF10 1AA,198001,,W99999999,51.48,-3.18\n"
    )
    PostcodeDistrict.objects.create(outward_code="GL5", latitude=50.0, longitude=-1.0)
    output = StringIO()
    call_command("import_postcodes", str(onspd), stdout=output)
    assert "2 postcode districts read: 1 added, 1 updated, 0 unchanged." in output.getvalue()
    gl5 = PostcodeDistrict.objects.get(outward_code="GL5")
    # The average of the two live postcodes; the ended one and the one with no place are out.
    assert (gl5.latitude, gl5.longitude, gl5.region) == (51.75, -2.23, "south-west")
    assert PostcodeDistrict.objects.get(outward_code="CF10").region == "wales"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("district,latitude,longitude\nE1,51.5,-0.06\nNOPE!,51.5,-0.1\n", "Line 3"),
        ("district,latitude,longitude\nE1,51.5,-0.06\nE2,fifty,-0.1\n", "Line 3"),
        ("district,latitude,longitude\nE1,-0.06,51.5\n", "not in the UK"),
        ("district,latitude,longitude,region\nE1,51.5,-0.06,Atlantis\n", "unknown region"),
        ("name,x,y\nE1,51.5,-0.06\n", "The file has no"),
        ("district,latitude,longitude\n", "no postcode with a location"),
    ],
)
def test_a_malformed_file_changes_nothing(tmp_path, content, message):
    PostcodeDistrict.objects.create(outward_code="E1", latitude=51.517, longitude=-0.06)
    broken = tmp_path / "broken.csv"
    broken.write_text(content)
    with pytest.raises(CommandError, match=message):
        call_command("import_postcodes", str(broken), stdout=StringIO())
    assert list(PostcodeDistrict.objects.values_list("outward_code", "latitude")) == [
        ("E1", 51.517)
    ]


def test_a_missing_file_is_a_clear_error():
    with pytest.raises(CommandError, match="Cannot read /no/such/file.csv"):
        call_command("import_postcodes", "/no/such/file.csv", stdout=StringIO())


# The page tree.


class DirectoryPageRulesTests(WagtailPageTestCase):
    def test_where_directory_pages_go(self):
        self.assertAllowedParentPageTypes(LocalGroupIndexPage, {HomePage})
        self.assertAllowedSubpageTypes(LocalGroupIndexPage, {LocalGroupPage})
        self.assertAllowedParentPageTypes(LocalGroupPage, {LocalGroupIndexPage})
        self.assertAllowedSubpageTypes(LocalGroupPage, {LocalGroupNewsPage, EventPage})
        self.assertAllowedSubpageTypes(LocalGroupNewsPage, set())


# The directory as visitors see it.


class DirectoryTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("import_postcodes", str(DEMO_POSTCODES), stdout=StringIO())
        cls.home = make_site_home()
        cls.index = LocalGroupIndexPageFactory(parent=cls.home)
        group = LocalGroupPageFactory
        cls.stroud = group(
            parent=cls.index,
            title="Stroud shadow CLP",
            slug="stroud",
            postcode_district="gl5 1ab",
            constituencies="Stroud",
            description="<p>Coffee mornings in the five valleys.</p>",
            meetings="<p>First Saturday of the month.</p>",
            contact_email=PRIVATE_ADDRESS,
            website_url="https://stroud.example.org/",
        )
        cls.bristol = group(
            parent=cls.index,
            title="Bristol North West shadow CLP",
            slug="bristol-north-west",
            postcode_district="BS10",
            constituencies="Bristol North West",
        )
        cls.newham = group(
            parent=cls.index,
            title="Newham shadow CLP",
            slug="newham",
            postcode_district="E13",
            constituencies="West Ham and Beckton\nEast Ham",
        )
        cls.alliance = group(
            parent=cls.index,
            title="South West left alliance",
            slug="south-west-left-alliance",
            kind="regional-alliance",
            postcode_district="BS1",
            constituencies="Bristol Central",
        )
        cls.plymouth = group(
            parent=cls.index,
            title="Plymouth left network",
            slug="plymouth",
            kind="campaign-network",
            postcode_district="PL1",
            constituencies="Plymouth Moor View",
        )
        cls.nowhere = group(
            parent=cls.index, title="Online network", slug="online", kind="other", region="wales"
        )
        cls.draft = group(
            parent=cls.index, title="Secret draft group", slug="secret-draft", live=False
        )

    def list_titles(self, path, status=200):
        response = self.client.get(path)
        self.assertEqual(response.status_code, status, path)
        return texts(soup_of(response), ".local-group-card .group-card__title")

    def test_the_page_knows_its_district_coordinates_and_region(self):
        self.stroud.refresh_from_db()
        self.assertEqual(self.stroud.postcode_district, "GL5")
        self.assertEqual((self.stroud.latitude, self.stroud.longitude), (51.7381, -2.221))
        self.assertEqual(self.stroud.region, "south-west")

    def test_every_live_group_is_listed_by_name(self):
        self.assertEqual(
            self.list_titles("/groups/"),
            [
                "Bristol North West shadow CLP",
                "Newham shadow CLP",
                "Online network",
                "Plymouth left network",
                "South West left alliance",
                "Stroud shadow CLP",
            ],
        )

    def test_text_search_covers_name_constituency_and_description(self):
        self.assertEqual(self.list_titles("/groups/?q=newham"), ["Newham shadow CLP"])
        self.assertEqual(self.list_titles("/groups/?q=east+ham"), ["Newham shadow CLP"])
        self.assertEqual(self.list_titles("/groups/?q=five+valleys"), ["Stroud shadow CLP"])
        self.assertEqual(self.list_titles("/groups/?q=secret"), [])

    def test_filters_by_region_and_kind_combine(self):
        self.assertEqual(
            self.list_titles("/groups/?region=south-west&kind=shadow-clp"),
            ["Bristol North West shadow CLP", "Stroud shadow CLP"],
        )
        self.assertEqual(self.list_titles("/groups/?region=wales"), ["Online network"])

    def heading_and_map_names(self, query=""):
        heading = soup_of(self.client.get(f"/groups/{query}")).find(id="results-heading")
        features = json.loads(self.client.get(f"/groups/map.geojson{query}").content)["features"]
        return heading.get_text(strip=True), [f["properties"]["name"] for f in features]

    def test_the_counts_and_the_map_follow_publishing_at_once(self):
        # The number of groups and the unfiltered map are kept in the cache until a page
        # changes: first filled, then a group published, then one unpublished.
        before = self.heading_and_map_names()
        self.assertEqual(before[0], "6 groups")
        self.assertEqual(self.heading_and_map_names("?region=wales")[0], "1 group")
        self.draft.postcode_district = "PL1"
        self.draft.clean()
        self.draft.save_revision().publish()
        heading, names = self.heading_and_map_names()
        self.assertEqual(heading, "7 groups")
        self.assertIn("Secret draft group", names)
        self.assertEqual(len(names), len(before[1]) + 1)
        self.stroud.unpublish()
        heading, names = self.heading_and_map_names()
        self.assertEqual(heading, "6 groups")
        self.assertNotIn("Stroud shadow CLP", names)
        # The draft took its region from its district (PL1); Stroud is gone.
        query = "?region=south-west&kind=shadow-clp"
        self.assertEqual(self.heading_and_map_names(query)[0], "2 groups")
        self.assertEqual(
            self.list_titles("/groups/" + query),
            ["Bristol North West shadow CLP", "Secret draft group"],
        )

    def test_a_directory_behind_a_password_keeps_its_map_to_itself(self):
        self.assertEqual(self.client.get("/groups/map.geojson").status_code, 200)
        PageViewRestriction.objects.create(
            page=self.index, restriction_type=PageViewRestriction.PASSWORD, password="secret"
        )
        self.assertEqual(self.client.get("/groups/map.geojson").status_code, 404)

    def test_a_visitor_who_comes_back_is_told_the_map_has_not_changed(self):
        first = self.client.get("/groups/map.geojson")
        etag = first["ETag"]
        again = self.client.get("/groups/map.geojson", HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(again.status_code, 304)
        self.assertEqual(again.content, b"")
        self.newham.title = "Newham and Stratford shadow CLP"
        self.newham.save_revision().publish()
        changed = self.client.get("/groups/map.geojson", HTTP_IF_NONE_MATCH=etag)
        self.assertEqual(changed.status_code, 200)
        self.assertNotEqual(changed["ETag"], etag)
        self.assertIn("Newham and Stratford shadow CLP", changed.content.decode())

    def test_postcode_orders_by_distance_and_shows_it(self):
        response = self.client.get("/groups/?postcode=bs10+5aa&radius=250")
        soup = soup_of(response)
        self.assertEqual(
            texts(soup, ".group-card__title"),
            [
                "Bristol North West shadow CLP",
                "South West left alliance",
                "Stroud shadow CLP",
                "Plymouth left network",
                "Newham shadow CLP",
            ],
        )
        # From BS10 (51.506, -2.61), worked as in the test above: BS1 is 0.0515° north and
        # 0.0221° × 0.622 west, 3.7 miles; GL5 16.0 miles north and 16.7 east, 23.1 miles;
        # PL1 78.4 south and 67.0 west, 103.3 miles; E13 113.3 miles.
        self.assertEqual(
            texts(soup, ".local-group-card__distance"),
            [
                "under 1 mile away",
                "4 miles away",
                "23 miles away",
                "103 miles away",
                "113 miles away",
            ],
        )
        self.assertEqual(
            soup.find(id="results-heading").get_text(strip=True),
            "5 groups within 250 miles of BS10, nearest first",
        )
        # The group with no location cannot be placed, so a search by distance leaves it out.
        self.assertNotIn("Online network", soup.main.get_text())

    def test_the_radius_defaults_to_25_miles_and_limits_the_list(self):
        self.assertEqual(
            self.list_titles("/groups/?postcode=BS10"),
            ["Bristol North West shadow CLP", "South West left alliance", "Stroud shadow CLP"],
        )
        self.assertEqual(
            self.list_titles("/groups/?postcode=BS10&radius=10"),
            ["Bristol North West shadow CLP", "South West left alliance"],
        )
        self.assertEqual(
            self.list_titles("/groups/?postcode=E1&radius=100&kind=shadow-clp"),
            ["Newham shadow CLP", "Stroud shadow CLP"],
        )

    def test_an_unknown_or_malformed_postcode_gets_a_message_and_other_filters_apply(self):
        for postcode, message in [
            ("ZZ99 9ZZ", "We do not know where the postcode district ZZ99 is"),
            ("not a postcode", "“not a postcode” is not a postcode."),
        ]:
            with self.subTest(postcode=postcode):
                response = self.client.get("/groups/", {"postcode": postcode, "kind": "shadow-clp"})
                self.assertEqual(response.status_code, 200)
                soup = soup_of(response)
                self.assertIn(message, soup.find(role="alert").get_text(" ", strip=True))
                self.assertEqual(
                    texts(soup, ".group-card__title"),
                    [
                        "Bristol North West shadow CLP",
                        "Newham shadow CLP",
                        "Stroud shadow CLP",
                    ],
                )
                # What was typed stays in the box.
                self.assertEqual(soup.find("input", attrs={"name": "postcode"})["value"], postcode)

    def test_bad_parameters_get_a_400_with_a_message_never_a_500(self):
        for query, message in [
            ("radius=7", "Within: Choose a distance from the list."),
            ("radius=lots&postcode=BS10", "Within: Choose a distance from the list."),
            ("region=atlantis", "There is no such nation or region."),
            ("kind=party", "There is no such kind of group."),
        ]:
            with self.subTest(query=query):
                response = self.client.get(f"/groups/?{query}")
                self.assertEqual(response.status_code, 400)
                self.assertIn(message, soup_of(response).find(role="alert").get_text())
        self.assertEqual(self.client.get("/groups/?page=99").status_code, 404)
        self.assertEqual(self.client.get("/groups/?page=first").status_code, 200)
        self.assertEqual(self.client.get("/groups/map.geojson?region=atlantis").status_code, 400)

    def test_results_are_paginated_and_each_page_keeps_the_filters(self):
        from directory import views

        original = views.GROUPS_PER_PAGE
        views.GROUPS_PER_PAGE = 2
        try:
            soup = soup_of(self.client.get("/groups/?kind=shadow-clp&postcode=E1&radius=250"))
            next_link = soup.find("a", rel="next")["href"]
            self.assertEqual(next_link, "?kind=shadow-clp&postcode=E1&radius=250&page=2")
            self.assertEqual(
                self.list_titles("/groups/" + next_link), ["Bristol North West shadow CLP"]
            )
        finally:
            views.GROUPS_PER_PAGE = original

    def test_map_data_is_a_geojson_feature_collection_of_located_live_groups(self):
        response = self.client.get("/groups/map.geojson")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], "application/geo+json")
        data = json.loads(response.content)
        self.assertEqual(data["type"], "FeatureCollection")
        by_name = {feature["properties"]["name"]: feature for feature in data["features"]}
        # Live groups with a location only: not the draft, not the one with no district.
        self.assertEqual(
            set(by_name),
            {
                "Bristol North West shadow CLP",
                "Newham shadow CLP",
                "Plymouth left network",
                "South West left alliance",
                "Stroud shadow CLP",
            },
        )
        stroud = by_name["Stroud shadow CLP"]
        self.assertEqual(stroud["type"], "Feature")
        # GeoJSON puts longitude first.
        self.assertEqual(stroud["geometry"], {"type": "Point", "coordinates": [-2.221, 51.7381]})
        self.assertEqual(
            stroud["properties"],
            {
                "name": "Stroud shadow CLP",
                "url": "/groups/stroud/",
                "kind": "Shadow CLP",
                "district": "GL5",
            },
        )
        # The map shows what the list shows.
        filtered = json.loads(
            self.client.get("/groups/map.geojson?postcode=BS10&radius=10").content
        )
        self.assertEqual(
            [feature["properties"]["name"] for feature in filtered["features"]],
            ["Bristol North West shadow CLP", "South West left alliance"],
        )
        self.assertEqual(filtered["features"][1]["properties"]["distance_miles"], 3.7)

    def test_the_list_links_the_map_data_with_its_filters(self):
        soup = soup_of(self.client.get("/groups/?postcode=BS10&radius=50"))
        self.assertEqual(
            soup.find(id="group-map")["data-geojson-url"],
            "/groups/map.geojson?postcode=BS10&radius=50",
        )

    def test_group_page_shows_the_group_and_a_contact_form(self):
        soup = soup_of(self.client.get("/groups/stroud/"))
        self.assertEqual(soup.h1.get_text(strip=True), "Stroud shadow CLP")
        body = soup.main.get_text(" ", strip=True)
        for expected in [
            "Shadow CLP · South West · Postcode district GL5",
            "Coffee mornings in the five valleys.",
            "First Saturday of the month.",
            "Not known",
        ]:
            self.assertIn(expected, body)
        self.assertEqual(soup.find("a", string="Website")["href"], "https://stroud.example.org/")
        form = soup.find("form", action="/groups/stroud/contact/")
        self.assertEqual(
            texts(form, "label")[:3],
            ["Your name (required)", "Your email address (required)", "Your message (required)"],
        )

    def test_home_page_has_a_postcode_box_that_opens_the_directory(self):
        soup = soup_of(self.client.get("/"))
        form = soup.find("form", action="/groups/")
        self.assertEqual(form["method"], "get")
        self.assertEqual(form.find("input", id="find-group-postcode")["name"], "postcode")
        self.assertEqual(
            form.find("label", attrs={"for": "find-group-postcode"}).get_text(), "Your postcode"
        )

    def test_the_private_address_is_in_no_response(self):
        news = BlogIndexPageFactory(parent=self.home)
        BlogPageFactory(parent=news, title="Stroud coffee morning")
        paths = [
            "/",
            "/groups/",
            "/groups/?q=stroud",
            "/groups/?postcode=GL5",
            "/groups/stroud/",
            "/groups/register/",
            "/groups/map.geojson",
            "/search/?q=stroud",
            "/sitemap.xml",
            "/blog/feed/",
            "/blog/feed/atom/",
        ]
        for path in paths:
            with self.subTest(path=path):
                response = self.client.get(path)
                self.assertEqual(response.status_code, 200)
                self.assertNotIn(PRIVATE_ADDRESS, response.content.decode())
                self.assertNotIn("convenor-private", response.content.decode())
        # Searching for the address finds nothing (the pages echo only the query itself):
        # it is in no index.
        self.assertEqual(self.list_titles("/groups/?q=" + PRIVATE_ADDRESS), [])
        search = soup_of(self.client.get("/search/?q=" + PRIVATE_ADDRESS))
        self.assertNotIn("Stroud shadow CLP", search.main.get_text())
        self.assertIn(
            "<loc>http://localhost/groups/stroud/</loc>",
            self.client.get("/sitemap.xml").content.decode(),
        )

    def test_directory_pages_have_one_h1_no_inline_code_and_no_other_site(self):
        for path in ["/groups/", "/groups/?postcode=BS10", "/groups/stroud/", "/groups/register/"]:
            with self.subTest(path=path):
                soup = soup_of(self.client.get(path))
                self.assertEqual(soup.body.find("a")["href"], "#main-content")
                self.assertEqual(len(soup.find_all("h1")), 1)
                self.assertEqual([s for s in soup.find_all("script") if not s.get("src")], [])
                self.assertEqual(soup.find_all("style") + soup.find_all(style=True), [])
                for element in soup.find_all(["script", "link", "img"]):
                    address = element.get("src") or element.get("href") or ""
                    if element.name != "link" or "stylesheet" in element.get("rel", []):
                        self.assertTrue(address.startswith("/"), address)

    def test_the_welsh_directory_lists_the_welsh_groups(self):
        welsh = Locale.objects.get(language_code="cy")
        self.home.copy_for_translation(welsh).save_revision().publish()
        welsh_index = self.index.copy_for_translation(welsh)
        welsh_index.title = "Grwpiau lleol"
        welsh_index.save_revision().publish()
        welsh_stroud = self.stroud.copy_for_translation(welsh)
        welsh_stroud.save_revision().publish()
        soup = soup_of(self.client.get("/cy/groups/"))
        self.assertEqual(soup.h1.get_text(strip=True), "Grwpiau lleol")
        self.assertEqual(texts(soup, ".group-card__title"), ["Stroud shadow CLP"])
        self.assertEqual(soup.select_one(".group-card__title a")["href"], "/cy/groups/stroud/")
        data = json.loads(self.client.get("/cy/groups/map.geojson").content)
        self.assertEqual([f["properties"]["url"] for f in data["features"]], ["/cy/groups/stroud/"])
        # The private address is copied to the translation, never offered for translating.
        welsh_stroud.refresh_from_db()
        self.assertEqual(welsh_stroud.contact_email, PRIVATE_ADDRESS)


# Writing to a group.


class ContactRelayTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("import_postcodes", str(DEMO_POSTCODES), stdout=StringIO())
        home = make_site_home()
        index = LocalGroupIndexPageFactory(parent=home)
        cls.group = LocalGroupPageFactory(
            parent=index, title="Stroud shadow CLP", slug="stroud", contact_email=PRIVATE_ADDRESS
        )

    def send(self, **changes):
        data = {
            "name": "Sam Visitor",
            "email": "sam@example.net",
            "message": "Is there a meeting this month?",
            "consent": "on",
            "website": "",
            **changes,
        }
        return self.client.post(
            "/groups/stroud/contact/", {k: v for k, v in data.items() if v is not None}
        )

    def test_a_message_is_relayed_to_the_private_address_and_kept_for_moderators(self):
        response = self.send()
        self.assertEqual(response.status_code, 200)
        self.assertIn(
            "Your message has been passed to Stroud shadow CLP", response.content.decode()
        )
        self.assertNotIn(PRIVATE_ADDRESS, response.content.decode())
        to_group, confirmation = mail.outbox
        self.assertEqual(to_group.to, [PRIVATE_ADDRESS])
        self.assertEqual(to_group.reply_to, ["sam@example.net"])
        self.assertIn("Is there a meeting this month?", to_group.body)
        self.assertEqual(confirmation.to, ["sam@example.net"])
        self.assertNotIn("Is there a meeting", confirmation.body)
        self.assertNotIn(PRIVATE_ADDRESS, confirmation.body)
        message = GroupMessage.objects.get()
        self.assertEqual((message.group_id, message.name), (self.group.pk, "Sam Visitor"))
        self.assertTrue(message.consent_text.startswith("I agree that the network keeps"))

    def test_a_bad_message_keeps_what_was_typed(self):
        response = self.send(email="not an address", consent=None)
        soup = soup_of(response)
        errors = texts(soup, ".error-summary li")
        self.assertEqual(len(errors), 2)
        self.assertIn("Enter a valid email address.", errors[0])
        self.assertEqual(
            soup.find("textarea", attrs={"name": "message"}).get_text(strip=True),
            "Is there a meeting this month?",
        )
        self.assertEqual(mail.outbox, [])
        self.assertFalse(GroupMessage.objects.exists())

    def test_the_honeypot_keeps_and_sends_nothing(self):
        response = self.send(website="http://spam.example.com")
        self.assertIn("Thank you", response.content.decode())
        self.assertEqual(mail.outbox, [])
        self.assertFalse(GroupMessage.objects.exists())

    def test_a_dead_mail_server_loses_nothing_and_logs_no_address(self):
        with unreachable_mail_server(), self.assertLogs("privacy.mail", logging.ERROR) as logs:
            response = self.send()
        self.assertEqual(response.status_code, 200)
        self.assertTrue(GroupMessage.objects.filter(email="sam@example.net").exists())
        self.assertNotIn("@", "\n".join(logs.output))

    def test_too_many_messages_from_one_address_are_held_back_with_the_text_kept(self):
        for _number in range(RATE_LIMIT_POSTS):
            self.assertEqual(self.send(email="not an address").status_code, 200)
        response = self.send()
        self.assertEqual(response.status_code, 429)
        soup = soup_of(response)
        self.assertIn("Please try again later", soup.find(role="alert").get_text())
        self.assertEqual(
            soup.find("textarea", attrs={"name": "message"}).get_text(strip=True),
            "Is there a meeting this month?",
        )
        self.assertFalse(GroupMessage.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_a_get_goes_back_to_the_form(self):
        response = self.client.get("/groups/stroud/contact/")
        self.assertRedirects(response, "/groups/stroud/#contact", fetch_redirect_response=False)


# Registering a group.


class RegistrationTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("import_postcodes", str(DEMO_POSTCODES), stdout=StringIO())
        home = make_site_home()
        cls.index = LocalGroupIndexPageFactory(parent=home)
        LocalGroupPageFactory(parent=cls.index, title="Newham shadow CLP", slug="newham")

    def register(self, **changes):
        data = {
            "contact_name": "Robin Convenor",
            "contact_email": "robin@example.net",
            "title": "Sheffield left network",
            "kind": "campaign-network",
            "constituencies": "Sheffield Central\nSheffield Hallam",
            "region": "",
            "postcode_district": "s1 2hh",
            "description": "We meet in the city centre.\n\n<b>Everyone</b> welcome.",
            "get_involved": "",
            "meetings": "Second Tuesday.",
            "party_status": "suspended",
            "party_status_changed_on": "2025-03-01",
            "website_url": "sheffield.example.org",
            "facebook_url": "",
            "x_url": "",
            "instagram_url": "",
            "bluesky_url": "",
            "approximate_membership": "40",
            "consent": "on",
            "website": "",
            **changes,
        }
        return self.client.post(
            "/groups/register/", {k: v for k, v in data.items() if v is not None}
        )

    def test_a_registration_waits_for_a_moderator_with_its_contact_kept_apart(self):
        response = self.register()
        self.assertEqual(response.status_code, 200)
        self.assertIn("Thank you for registering your group", response.content.decode())
        page = LocalGroupPage.objects.get(title="Sheffield left network")
        self.assertFalse(page.live)
        self.assertEqual((page.postcode_district, page.region), ("S1", "yorkshire"))
        self.assertEqual((page.latitude, page.longitude), (53.38, -1.471))
        self.assertEqual(page.website_url, "https://sheffield.example.org")
        self.assertEqual(page.constituency_list, ["Sheffield Central", "Sheffield Hallam"])
        # What the visitor typed stays text.
        self.assertIn("&lt;b&gt;Everyone&lt;/b&gt; welcome.", page.description)
        self.assertEqual(page.current_workflow_state.status, WorkflowState.STATUS_IN_PROGRESS)
        self.assertTrue(PublicSubmission.objects.filter(page=page).exists())
        registration = GroupRegistration.objects.get(page=page)
        self.assertEqual(
            (registration.contact_name, registration.contact_email),
            ("Robin Convenor", "robin@example.net"),
        )
        self.assertIn(
            "robin@example.net", [address for message in mail.outbox for address in message.to]
        )
        # Nothing public until a moderator approves.
        self.assertEqual(self.client.get("/groups/sheffield-left-network/").status_code, 404)
        self.assertNotIn("Sheffield", self.client.get("/groups/").content.decode())
        self.assertNotIn("Sheffield", self.client.get("/groups/map.geojson").content.decode())

        page.current_workflow_task_state.approve(user=None)
        page.refresh_from_db()
        self.assertTrue(page.live)
        group_page = self.client.get("/groups/sheffield-left-network/").content.decode()
        self.assertIn("Sheffield left network", group_page)
        self.assertNotIn("robin@example.net", group_page)
        self.assertNotIn("Robin Convenor", group_page)
        listed = soup_of(self.client.get("/groups/?postcode=S1"))
        self.assertEqual(texts(listed, ".group-card__title"), ["Sheffield left network"])

    def test_the_registrants_address_stays_out_of_the_page_and_its_revisions(self):
        self.register()
        page = LocalGroupPage.objects.get(title="Sheffield left network")
        # Editors and translators open the page and its revisions: the address is not there.
        self.assertEqual(page.contact_email, "")
        for revision in page.revisions.all():
            self.assertNotIn("robin@example.net", json.dumps(revision.content))
        # Approved, the group's messages reach the registrant until a moderator sets the
        # page's own address.
        page.current_workflow_task_state.approve(user=None)
        mail.outbox.clear()
        self.client.post(
            "/groups/sheffield-left-network/contact/",
            {"name": "Ali", "email": "ali@example.net", "message": "When?", "consent": "on"},
        )
        self.assertIn(["robin@example.net"], [message.to for message in mail.outbox])

    def test_the_answer_never_tells_whether_a_group_waits_for_approval(self):
        first = self.register()
        again = self.register(contact_email="someone-else@example.net")
        main = [soup_of(r).find("main").get_text(" ", strip=True) for r in (first, again)]
        self.assertEqual(main[0], main[1])
        self.assertEqual(GroupRegistration.objects.count(), 2)

    def test_bad_registrations_keep_what_was_typed(self):
        for changes, error in [
            ({"postcode_district": "ZZ99"}, "We do not know the postcode district ZZ99."),
            ({"postcode_district": "nowhere"}, "Enter the first half of a postcode"),
            ({"title": "NEWHAM shadow CLP"}, "There is already a group called"),
            ({"consent": None}, "Please tick this box to agree"),
        ]:
            with self.subTest(changes=changes):
                response = self.register(**changes)
                soup = soup_of(response)
                self.assertIn(error, soup.find(class_="error-summary").get_text())
                self.assertEqual(
                    soup.find("textarea", attrs={"name": "description"}).get_text(strip=True),
                    "We meet in the city centre.\n\n<b>Everyone</b> welcome.".strip(),
                )
        self.assertFalse(GroupRegistration.objects.exists())
        self.assertEqual(LocalGroupPage.objects.count(), 1)

    def test_the_honeypot_creates_nothing(self):
        self.register(website="http://spam.example.com")
        self.assertFalse(LocalGroupPage.objects.filter(title="Sheffield left network").exists())

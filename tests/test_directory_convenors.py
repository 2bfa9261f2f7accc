"""A group's convenor looks after their own page: proven through the real admin views.

A moderator gives the access from the group's page in the admin; the convenor, logged in,
may edit that page and add news under it (both wait for a moderator), and nothing else.
"""

from io import StringIO

from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from wagtail.models import WorkflowState
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

import pytest

from demo.directory import DEMO_POSTCODES
from directory.models import LocalGroupNewsPage, LocalGroupPage
from tests.support.factories import (
    LocalGroupIndexPageFactory,
    LocalGroupPageFactory,
    make_member,
    make_site_home,
)

pytestmark = pytest.mark.django_db

CONVENOR_EMAIL = "stroud.convenor@example.net"


@pytest.fixture
def site():
    call_command("import_postcodes", str(DEMO_POSTCODES), stdout=StringIO())
    home = make_site_home()
    index = LocalGroupIndexPageFactory(parent=home)
    stroud = LocalGroupPageFactory(
        parent=index, title="Stroud shadow CLP", slug="stroud", postcode_district="GL5"
    )
    newham = LocalGroupPageFactory(
        parent=index, title="Newham shadow CLP", slug="newham", postcode_district="E13"
    )
    for page in (stroud, newham):
        page.save_revision().publish()
    return {"index": index, "stroud": stroud, "newham": newham}


def group_form_data(page, **changes):
    data = {
        "title": page.title,
        "slug": page.slug,
        "kind": page.kind,
        "constituencies": page.constituencies,
        "region": page.region,
        "party_status": page.party_status,
        "party_status_changed_on": "",
        "description": rich_text(page.description),
        "get_involved": rich_text(""),
        "meetings": rich_text(""),
        "website_url": "",
        "facebook_url": "",
        "x_url": "",
        "instagram_url": "",
        "bluesky_url": "",
        "postcode_district": page.postcode_district,
        "approximate_membership": "",
        "details_checked_on": "",
        "contact_email": page.contact_email,
        "comments": inline_formset([]),
        **changes,
    }
    return nested_form_data(data)


def news_form_data(**changes):
    return nested_form_data(
        {
            "title": "Coffee morning on Saturday",
            "slug": "coffee-morning",
            "date": "2026-12-05",
            "intro": "Members meet for coffee.",
            "body": rich_text("<p>All welcome.</p>"),
            "comments": inline_formset([]),
            **changes,
        }
    )


def give_access_as_moderator(client, page, email=CONVENOR_EMAIL):
    client.force_login(make_member("Moderators", username="moderator"))
    url = reverse("directory_convenor_access", args=[page.pk])
    # The button on the group page's header in the admin leads there.
    edit_page = client.get(reverse("wagtailadmin_pages:edit", args=[page.pk])).content.decode()
    assert url in edit_page
    response = client.post(url, {"email": email})
    assert response.status_code == 302
    client.logout()
    return User.objects.get(email=email)


def test_a_convenor_edits_only_their_group_and_never_publishes(client, site):
    stroud, newham = site["stroud"], site["newham"]
    convenor = give_access_as_moderator(client, stroud)
    # The new account has no password: the convenor is emailed a link to choose one.
    assert not convenor.has_usable_password()
    (invitation,) = mail.outbox
    assert invitation.to == [CONVENOR_EMAIL]
    assert "/admin/password_reset/confirm/" in invitation.body
    convenor.set_password("convenor-password")
    convenor.save()
    assert client.login(username=convenor.username, password="convenor-password")

    # Their own group: the edit form opens and an edit goes to the moderators.
    edit_url = reverse("wagtailadmin_pages:edit", args=[stroud.pk])
    assert client.get(edit_url).status_code == 200
    client.post(
        edit_url,
        group_form_data(stroud, title="Stroud and valleys shadow CLP", **{"action-submit": "1"}),
    )
    stroud.refresh_from_db()
    assert stroud.get_latest_revision().content["title"] == "Stroud and valleys shadow CLP"
    assert stroud.title == "Stroud shadow CLP"  # the live page is unchanged
    assert stroud.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # Publishing is not theirs to do.
    client.post(
        edit_url, group_form_data(stroud, title="Published by convenor", **{"action-publish": "1"})
    )
    stroud.refresh_from_db()
    assert stroud.title == "Stroud shadow CLP"

    # News under their group: created as a draft waiting for approval.
    add_news_url = reverse(
        "wagtailadmin_pages:add", args=["directory", "localgroupnewspage", stroud.pk]
    )
    client.post(add_news_url, news_form_data(**{"action-submit": "1"}))
    news = LocalGroupNewsPage.objects.child_of(stroud).get()
    assert not news.live
    assert news.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS

    # Another group: no edit form, no change, no news.
    other_edit_url = reverse("wagtailadmin_pages:edit", args=[newham.pk])
    assert client.get(other_edit_url).status_code != 200
    client.post(other_edit_url, group_form_data(newham, title="Taken over"))
    assert LocalGroupPage.objects.get(pk=newham.pk).get_latest_revision().content["title"] == (
        "Newham shadow CLP"
    )
    client.post(
        reverse("wagtailadmin_pages:add", args=["directory", "localgroupnewspage", newham.pk]),
        news_form_data(slug="intruder"),
    )
    assert not LocalGroupNewsPage.objects.child_of(newham).exists()
    # Nor the directory itself.
    client.post(
        reverse("wagtailadmin_pages:edit", args=[site["index"].pk]),
        nested_form_data(
            {
                "title": "Hijacked",
                "slug": "groups",
                "intro": "",
                "register_intro": rich_text(""),
                "comments": inline_formset([]),
            }
        ),
    )
    assert site["index"].get_latest_revision() is None or (
        site["index"].get_latest_revision().content["title"] != "Hijacked"
    )


def test_access_can_be_taken_away_and_only_moderators_give_it(client, site):
    stroud = site["stroud"]
    convenor = give_access_as_moderator(client, stroud)
    url = reverse("directory_convenor_access", args=[stroud.pk])

    client.force_login(make_member("Editors", username="editor"))
    # The admin answers a refusal by sending the editor back to the dashboard.
    assert client.get(url)["Location"] == "/admin/"
    client.post(url, {"email": "someone@example.net"})
    assert not User.objects.filter(email="someone@example.net").exists()

    client.force_login(User.objects.get(username="moderator"))
    assert CONVENOR_EMAIL in client.get(url).content.decode()
    client.post(url, {"revoke": convenor.pk})
    client.force_login(convenor)
    assert client.get(reverse("wagtailadmin_pages:edit", args=[stroud.pk])).status_code != 200

"""Regression tests for the kinds of flaw Wagtail's security advisories have reported,
tried against this portal's own configuration through the real views.

Each test plays the outsider or the under-privileged member: private documents through
every URL that could serve or list them; previews, revisions and history of a page the
member may not edit; copy-for-translation of such a page; another form's submissions;
markup stored in rich text, text blocks and image fields; very long search queries and
image filter specs.
"""

import io
import json

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from wagtail.contrib.forms.models import FormSubmission
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.images.tests.utils import get_test_image_file
from wagtail.models import Collection, GroupPagePermission, Page
from wagtail.test.utils.form_data import nested_form_data, streamfield

import pytest
from PIL import Image as PILImage

from home.models import ContactPage, StandardPage
from tests.support import media_files
from tests.support.factories import StandardPageFactory, make_member, make_site_home

pytestmark = pytest.mark.django_db

SECRET = "Plans for the March action, not to be shared"


def member_of(name, page_permissions=(), username="limited"):
    """A member who may use the admin with page permissions on the given pages only."""
    from django.contrib.auth.models import User

    group = Group.objects.create(name=name)
    group.permissions.add(Permission.objects.get(codename="access_admin"))
    for page, codenames in page_permissions:
        for codename in codenames:
            GroupPagePermission.objects.create(
                group=group, page=page, permission=Permission.objects.get(codename=codename)
            )
    user = User.objects.create_user(username, email=f"{username}@example.org", password="x")
    user.groups.add(group)
    client = Client()
    client.force_login(user)
    return user, client


def refused(response):
    return response.status_code in (302, 403, 404)


@pytest.fixture
def site():
    home = make_site_home()
    own = StandardPageFactory(parent=home, title="Our group", slug="our-group")
    other = StandardPageFactory(parent=home, title="Steering committee", slug="steering")
    # A draft with a secret in it, in two revisions.
    other.intro = "First draft"
    first = other.save_revision()
    other.intro = SECRET
    second = other.save_revision()
    return {"home": home, "own": own, "other": other, "revisions": (first, second)}


# Private documents ----------------------------------------------------------------------


def test_a_members_only_document_is_reachable_through_no_public_url(site, media_on_s3):
    Document = get_document_model()
    document = Document(
        title="Steering minutes", collection=Collection.objects.get(name="Members only")
    )
    document.file.save("steering-minutes.pdf", ContentFile(media_files.PDF), save=True)
    outsider = Client()

    served = outsider.get(document.url)
    assert served.status_code == 302
    assert served["Location"].startswith(reverse("wagtailcore_login"))
    assert "X-Amz-Signature" not in served["Location"]
    # The admin's chooser, listing and search send an outsider to the sign-in page.
    for address in (
        reverse("wagtaildocs_chooser:choose"),
        reverse("wagtaildocs_chooser:choose_results") + "?q=Steering",
        reverse("wagtaildocs:index") + "?q=Steering",
        reverse("wagtaildocs:edit", args=[document.pk]),
    ):
        response = outsider.get(address)
        assert response.status_code == 302, address
        assert "Steering minutes" not in response.content.decode()
    # Not in the sitemap, the site search, nor an API (there is none).
    for address in ("/sitemap.xml", "/sitemap-en.xml", "/search/?q=Steering+minutes"):
        body = outsider.get(address).content.decode()
        assert "steering-minutes" not in body, address
        assert document.url not in body, address
    assert outsider.get("/api/v2/documents/").status_code == 404
    assert outsider.get(f"/api/v2/documents/{document.pk}/").status_code == 404


# Previews, revisions and history ----------------------------------------------------------


def test_no_preview_revision_or_history_of_a_page_the_member_may_not_edit(site):
    other = site["other"]
    first, second = site["revisions"]
    _user, member = member_of("Our group editors", [(site["own"], ["change_page"])])
    addresses = [
        reverse("wagtailadmin_pages:edit", args=[other.pk]),
        reverse("wagtailadmin_pages:preview_on_edit", args=[other.pk]),
        reverse("wagtailadmin_pages:view_draft", args=[other.pk]),
        reverse("wagtailadmin_pages:revisions_index", args=[other.pk]),
        reverse("wagtailadmin_pages:revisions_view", args=[other.pk, second.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[other.pk, first.pk, second.pk]),
        reverse("wagtailadmin_pages:revisions_compare", args=[other.pk, "live", "latest"]),
        reverse("wagtailadmin_pages:history", args=[other.pk]),
        reverse("wagtailadmin_pages:history_results", args=[other.pk]),
        reverse("wagtailadmin_pages:workflow_history", args=[other.pk]),
    ]
    for address in addresses:
        response = member.get(address)
        assert refused(response), (address, response.status_code)
        assert SECRET not in response.content.decode(), address
    # A preview posted with the page's id gives nothing either.
    response = member.post(
        reverse("wagtailadmin_pages:preview_on_edit", args=[other.pk]), {"title": "x"}
    )
    assert refused(response)
    # The member's own page opens: the refusals above are about permission, not a fault.
    assert (
        member.get(reverse("wagtailadmin_pages:history", args=[site["own"].pk])).status_code == 200
    )


def test_copy_for_translation_does_not_open_a_page_the_member_may_not_edit(site):
    user, member = member_of("Our group translators", [(site["own"], ["change_page"])])
    user.groups.first().permissions.add(Permission.objects.get(codename="submit_translation"))
    address = reverse("wagtail_localize:submit_page_translation", args=[site["other"].pk])
    response = member.get(address)
    assert refused(response)
    assert SECRET not in response.content.decode()
    welsh = site["home"].locale.__class__.objects.get(language_code="cy")
    response = member.post(address, {"locales": [welsh.pk]})
    assert refused(response)
    assert not Page.objects.filter(
        translation_key=site["other"].translation_key, locale=welsh
    ).exists()
    # Their own page they may translate.
    assert (
        member.get(
            reverse("wagtail_localize:submit_page_translation", args=[site["own"].pk])
        ).status_code
        == 200
    )


# Form submissions -----------------------------------------------------------------------


def test_one_form_s_moderator_cannot_reach_another_form_s_submissions(site):
    home = site["home"]
    forms = []
    for slug, sender in (("contact-press", "Press Person"), ("contact-legal", "Legal Person")):
        page = ContactPage(title=f"Contact {slug}", slug=slug)
        home.add_child(instance=page)
        page.form_fields.create(label="Your name", field_type="singleline", required=True)
        page.save_revision().publish()
        FormSubmission.objects.create(page=page, form_data={"your_name": sender})
        forms.append(page)
    press, legal = forms
    # Edit rights on the press form only, as a group's convenor has on their own page.
    _user, member = member_of(
        "Press form", [(press, ["change_page", "publish_page"])], username="press-editor"
    )
    listing = member.get(reverse("wagtailforms:index")).content.decode()
    assert "Contact contact-legal" not in listing
    for address in (
        reverse("wagtailforms:list_submissions", args=[legal.pk]),
        reverse("wagtailforms:list_submissions", args=[legal.pk]) + "?export=csv",
        reverse("wagtailforms:delete_submissions", args=[legal.pk])
        + f"?selected-submissions={FormSubmission.objects.get(page=legal).pk}",
    ):
        response = member.get(address)
        assert refused(response), address
        assert "Legal Person" not in response.content.decode()
    assert FormSubmission.objects.filter(page=legal).exists()
    # A moderator reads them: the refusals are about permission.
    moderator = Client()
    moderator.force_login(make_member("Moderators", username="mo"))
    legal_submissions = reverse("wagtailforms:list_submissions", args=[legal.pk])
    assert "Legal Person" in moderator.get(legal_submissions).content.decode()


# Stored markup ----------------------------------------------------------------------------


def test_markup_typed_into_rich_text_text_blocks_and_image_fields_is_shown_as_text(site):
    home = site["home"]
    image = get_image_model().objects.create(
        title='<img src=x onerror="alert(1)">Rally', file=get_test_image_file("rally.png")
    )
    editor = Client()
    editor.force_login(make_member("Moderators", username="mo"))
    script = "<script>alert('stored')</script>"
    contentstate = {
        "blocks": [
            {
                "key": "a",
                "type": "unstyled",
                "text": f"Hello {script}",
                "depth": 0,
                "inlineStyleRanges": [],
                "entityRanges": [{"offset": 0, "length": 5, "key": 0}],
            },
        ],
        "entityMap": {
            "0": {"type": "LINK", "mutability": "MUTABLE", "data": {"url": "javascript:alert(1)"}}
        },
    }
    data = nested_form_data(
        {
            "title": "Markup test",
            "slug": "markup-test",
            "intro": script,
            "body": streamfield(
                [
                    ("paragraph", json.dumps(contentstate)),
                    ("heading", {"heading_text": f"Heading {script}", "size": "h2"}),
                    ("quote", {"text": f"Quote {script}", "speaker": script, "speaker_role": ""}),
                    (
                        "image",
                        {
                            "image": {"image": image.pk, "alt_text": script, "decorative": ""},
                            "caption": f"Caption {script}",
                        },
                    ),
                ]
            ),
            "comments": {
                "TOTAL_FORMS": 0,
                "INITIAL_FORMS": 0,
                "MIN_NUM_FORMS": 0,
                "MAX_NUM_FORMS": 1000,
            },
            "action-publish": "action-publish",
        }
    )
    response = editor.post(
        reverse("wagtailadmin_pages:add", args=["home", "standardpage", home.pk]), data
    )
    assert response.status_code == 302, (
        response.context["form"].errors.as_data(),
        [str(e) for e in response.context["form"].formsets.values() if e.errors],
    )
    page = StandardPage.objects.get(slug="markup-test")
    html = Client().get(page.url).content.decode()
    assert "<script>alert" not in html
    assert "javascript:alert" not in html
    assert 'onerror="alert(1)"' not in html
    assert (
        "&lt;script&gt;alert(&#x27;stored&#x27;)&lt;/script&gt;" in html or "&lt;script&gt;" in html
    )
    # The admin's listing and search show the image title as text too.
    listing = editor.get(reverse("wagtailimages:index") + "?q=Rally").content.decode()
    assert '<img src=x onerror="alert(1)">' not in listing


# Bounds -----------------------------------------------------------------------------------


def test_very_long_search_queries_are_cut_not_run_whole(site):
    long_query = "meeting " * 5_000
    response = Client().get("/search/", {"q": long_query})
    assert response.status_code == 200
    assert 0 < len(response.context["search_query"]) <= 200
    editor = Client()
    editor.force_login(make_member("Editors", username="ed"))
    # The admin's searches took the query whole: the page search failed with a
    # RecursionError (500) on a query of a few thousand words.
    for address in (
        reverse("wagtailadmin_pages:search"),
        reverse("wagtailadmin_choose_page_search"),
        reverse("wagtailimages:index"),
        reverse("wagtaildocs:index"),
    ):
        assert editor.get(address, {"q": long_query}).status_code == 200, address


def test_image_filter_specs_cannot_be_chosen_from_outside(site, media_on_s3):
    image = get_image_model().objects.create(title="Rally", file=get_test_image_file("rally.png"))
    # Wagtail's dynamic image serve view (any filter spec in the URL) is not routed here.
    for spec in ("width-100000", "fill-99999x99999", "max-1x1|" * 200):
        assert Client().get(f"/images/abc/{image.pk}/{spec}/").status_code == 404
    # In the admin's preview (filter specs in the URL) a huge size is never made: Wagtail
    # does not enlarge, and a malformed spec is refused.
    admin = Client()
    admin.force_login(make_member("superuser", username="admin"))
    huge = admin.get(reverse("wagtailimages:preview", args=[image.pk, "width-100000"]))
    assert huge.status_code == 200
    assert huge["Content-Type"].startswith("image/")
    content = b"".join(huge.streaming_content) if huge.streaming else huge.content
    assert PILImage.open(io.BytesIO(content)).width <= image.width
    for spec in ("width-abc", "fill-99999x99999-c999999", "nonsense-1"):
        response = admin.get(reverse("wagtailimages:preview", args=[image.pk, spec]))
        assert response.status_code in (200, 400), spec

"""Images and documents in the S3 bucket, uploaded through the real admin.

What an editor uploads lands in the bucket (without its location data), pages link to it
directly, deleting it empties the bucket, and a members-only document is handed out only
to members, through a URL that works for minutes.
"""

import io
import json
import re
import subprocess
import sys
from datetime import timedelta

from django.conf import settings as django_settings
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse

from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, UploadedFile

import botocore.auth
import pytest
import wagtail_factories
from botocore.compat import get_current_datetime
from PIL import ExifTags
from PIL import Image as PILImage

from portal.storage import public_read_policy
from tests.support import media_files
from tests.support.admin_uploads import fetch, logged_in, page_text, upload_document, upload_image
from tests.support.environment import clean_environment
from tests.support.factories import (
    BlogIndexPageFactory,
    BlogPageFactory,
    make_member,
    make_site_home,
)
from tests.support.paths import PROJECT_DIR

pytestmark = pytest.mark.django_db

Image = get_image_model()
Document = get_document_model()


def keys(s3, prefix=""):
    listing = s3.client().list_objects_v2(Bucket=s3.bucket, Prefix=prefix)
    return {item["Key"] for item in listing.get("Contents", [])}


def stored_bytes(s3, key):
    return s3.client().get_object(Bucket=s3.bucket, Key=key)["Body"].read()


def test_the_bucket_policy_opens_images_only(media_on_s3):
    call_command("configure_bucket")
    policy = json.loads(media_on_s3.client().get_bucket_policy(Bucket=media_on_s3.bucket)["Policy"])
    expected = public_read_policy(media_on_s3.bucket)["Statement"][0]
    assert policy["Statement"][0]["Resource"] == expected["Resource"]
    assert policy["Statement"][0]["Principal"] == "*"
    client = media_on_s3.client()
    client.put_object(Bucket=media_on_s3.bucket, Key="images/open.txt", Body=b"open")
    client.put_object(Bucket=media_on_s3.bucket, Key="documents/closed.txt", Body=b"closed")
    base = f"{media_on_s3.endpoint_url}/{media_on_s3.bucket}"
    assert fetch(f"{base}/images/open.txt") == (200, b"open")
    assert fetch(f"{base}/documents/closed.txt")[0] == 403


def test_a_photo_uploaded_by_an_editor_is_stored_without_its_location(
    client, media_on_s3, django_capture_on_commit_callbacks
):
    """Upload, bucket, GPS gone, orientation kept, rendition stored and public, deletion."""
    home = make_site_home()
    blog = BlogIndexPageFactory(parent=home)
    editor = logged_in(client, "Editors")
    photo = media_files.photo_with_location()

    # The multiple uploader is what the admin's "Add images" opens (drag and drop).
    response = editor.post(
        reverse("wagtailimages:add_multiple"),
        {
            "title": "Coffee morning",
            "files[]": ContentFile(photo, name="coffee.jpg"),
            "collection": Collection.get_first_root_node().pk,
        },
    )
    assert response.json()["success"] is True
    image = Image.objects.get(title="Coffee morning")

    stored = stored_bytes(media_on_s3, image.file.name)
    exif = PILImage.open(io.BytesIO(stored)).getexif()
    assert ExifTags.IFD.GPSInfo not in exif
    assert not exif.get_ifd(ExifTags.IFD.GPSInfo)
    assert exif[media_files.ORIENTATION] == media_files.ROTATED_90
    assert b"GPS" not in stored

    # The original is public at the URL the storage gives, without a signature.
    assert fetch(image.file.url) == (200, stored)

    # A page published with it: the worker makes the rendition (tasks run at once in the
    # tests), stored in the bucket, and public; the page shows it.
    post = BlogPageFactory(parent=blog, featured_image=image, featured_image_alt="Tea and cake")
    post.save_revision().publish()
    response = client.get(post.url)
    assert response.status_code == 200
    rendition = image.renditions.get(filter_spec="fill-960x540|format-jpeg")
    rendition_keys = {item.file.name for item in image.renditions.all()}
    assert rendition_keys <= keys(media_on_s3, "images/")
    assert rendition.url in page_text(response)
    status, body = fetch(rendition.url)
    assert status == 200
    assert PILImage.open(io.BytesIO(body)).format == "JPEG"

    # A moderator deletes it: the original and every rendition leave the bucket.
    objects = {image.file.name, *rendition_keys}
    client.force_login(make_member("Moderators"))
    # Wagtail deletes the files once the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtailimages:delete", args=[image.pk]))
    assert response.status_code == 302
    assert not Image.objects.filter(pk=image.pk).exists()
    assert not objects & keys(media_on_s3)


@pytest.mark.parametrize(
    ("name", "content", "settings_override", "message"),
    [
        (
            "logo.svg",
            media_files.SVG,
            {},
            "Not a supported image format. Supported formats: GIF, JPG, JPEG, PNG, WEBP.",
        ),
        (
            "photo.jpg",
            media_files.png_image(),
            {},
            "Not a valid .jpeg image. The extension does not match the file format (png)",
        ),
        (
            "photo.jpg",
            media_files.WINDOWS_PROGRAM,
            {},
            "Upload a valid image. The file you uploaded was either not an image or a "
            "corrupted image.",
        ),
        (
            "big.jpg",
            media_files.photo_with_location(extra_bytes=3000),
            {"WAGTAILIMAGES_MAX_UPLOAD_SIZE": 2048},
            "This file is too big (3.7\xa0KB). Maximum filesize 2.0\xa0KB.",
        ),
        (
            "huge.png",
            media_files.pixel_bomb(side=8000),
            {},
            "This file has too many pixels (64000000). Maximum pixels 50000000.",
        ),
        (
            "bomb.png",
            media_files.pixel_bomb(),
            {},
            "This file has too many pixels (unknown number). Maximum pixels 50000000.",
        ),
    ],
    ids=["svg", "disguised-png", "program", "too-big", "too-many-pixels", "pixel-bomb"],
)
def test_a_refused_image_says_why_and_leaves_nothing(
    client, media_on_s3, name, content, settings_override, message
):
    editor = logged_in(client, "Editors")
    before = keys(media_on_s3)
    with override_settings(**settings_override):
        response = upload_image(editor, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert message in page_text(response)
    assert not Image.objects.exists()
    assert keys(media_on_s3) == before


def test_a_photo_kept_as_an_unfinished_upload_is_stored_without_its_location(client, media_on_s3):
    # Without a collection, the multiple uploader keeps the file as an "uploaded file"
    # and asks for the missing details: that copy too must have no location.
    editor = logged_in(client, "Editors")
    response = editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": ContentFile(media_files.photo_with_location(), name="coffee.jpg")},
    )
    assert response.json()["success"] is True
    assert not Image.objects.exists()
    upload = UploadedFile.objects.get()
    stored = stored_bytes(media_on_s3, upload.file.name)
    exif = PILImage.open(io.BytesIO(stored)).getexif()
    assert ExifTags.IFD.GPSInfo not in exif
    assert exif[media_files.ORIENTATION] == media_files.ROTATED_90


def test_the_multiple_uploader_refuses_svg_too(client, media_on_s3):
    editor = logged_in(client, "Editors")
    response = editor.post(
        reverse("wagtailimages:add_multiple"),
        {"files[]": ContentFile(media_files.SVG, name="logo.svg")},
    )
    assert response.json() == {
        "success": False,
        "error_message": "Not a supported image format. Supported formats: GIF, JPG, JPEG, "
        "PNG, WEBP.",
    }
    assert not Image.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("minutes.pdf", media_files.PDF),
        ("leaflet.docx", media_files.docx()),
        ("agenda.odt", media_files.odt()),
        ("members.csv", b"name,branch\nAlex,Stroud\n"),
        ("notes.txt", "Minutes – café meeting\n".encode()),
    ],
)
def test_documents_of_the_allowed_kinds_are_stored(client, media_on_s3, name, content):
    editor = logged_in(client, "Editors")
    response = upload_document(editor, name, content)
    assert response.status_code == 302
    document = Document.objects.get()
    assert stored_bytes(media_on_s3, document.file.name) == content


def not_a_real(extension):
    return (
        f"This file is not a real .{extension} document: its content is of another kind. "
        "Allowed: PDF, Word, Excel, PowerPoint, OpenDocument, plain text and CSV."
    )


@pytest.mark.parametrize(
    ("name", "content", "settings_override", "message"),
    [
        (
            "minutes.pdf",
            media_files.WINDOWS_PROGRAM,
            {},
            not_a_real("pdf"),
        ),
        (
            "leaflet.docx",
            media_files.zip_file({"payload.exe": "MZ"}),
            {},
            not_a_real("docx"),
        ),
        ("notes.txt", media_files.png_image(), {}, not_a_real("txt")),
        (
            "page.html",
            b"<script>alert(1)</script>",
            {},
            "File extension \u201chtml\u201d is not allowed. Allowed extensions are: csv, docx, "
            "odp, ods, odt, pdf, pptx, rtf, txt, xlsx.",
        ),
        (
            "report.pdf",
            media_files.PDF + b"%" * 3000,
            {"WAGTAILDOCS_MAX_UPLOAD_SIZE": 2048},
            "This file is too big (3.1\xa0KB). Maximum filesize 2.0\xa0KB.",
        ),
    ],
    ids=["program-as-pdf", "zip-as-docx", "image-as-text", "html", "too-big"],
)
def test_a_refused_document_says_why_and_leaves_nothing(
    client, media_on_s3, name, content, settings_override, message
):
    editor = logged_in(client, "Editors")
    before = keys(media_on_s3)
    with override_settings(**settings_override):
        response = upload_document(editor, name, content)
    assert response.status_code == 200
    assert response.context["form"].errors == {"file": [message]}
    assert message in page_text(response)
    assert not Document.objects.exists()
    assert keys(media_on_s3) == before


@pytest.fixture
def members_only():
    """The collection a migration creates, private to logged-in users."""
    collection = Collection.objects.get(name="Members only")
    assert [r.restriction_type for r in collection.get_view_restrictions()] == ["login"]
    return collection


def test_a_members_only_document_is_handed_out_by_signed_url_to_members_only(
    client, media_on_s3, members_only
):
    moderator = logged_in(client, "Moderators")
    assert upload_document(moderator, "minutes.pdf", media_files.PDF, members_only).status_code
    document = Document.objects.get()
    object_url = f"{media_on_s3.endpoint_url}/{media_on_s3.bucket}/{document.file.name}"
    # The object itself is not public.
    assert fetch(object_url)[0] == 403

    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailcore_login"))
    assert "X-Amz-Signature" not in response["Location"]

    client.force_login(make_member("Editors", username="member"))
    response = client.get(document.url)
    assert response.status_code == 302
    signed = response["Location"]
    assert signed.startswith(object_url + "?")
    assert "X-Amz-Signature=" in signed
    assert "private" in response["Cache-Control"]
    assert fetch(signed) == (200, media_files.PDF)

    tampered = re.sub(
        r"X-Amz-Signature=(\w)", lambda m: "X-Amz-Signature=" + "0f"[m[1] == "0"], signed
    )
    assert fetch(tampered)[0] == 403


def test_a_signed_url_stops_working_when_its_lifetime_is_over(
    client, media_on_s3, members_only, monkeypatch
):
    moderator = logged_in(client, "Moderators")
    upload_document(moderator, "minutes.pdf", media_files.PDF, members_only)
    document = Document.objects.get()
    # The link is signed as if ten minutes ago, with the default five-minute lifetime, so
    # SeaweedFS (checking the signature's own date) sees it expired: no waiting.
    signed_at = get_current_datetime() - timedelta(minutes=10)
    with monkeypatch.context() as clock:
        clock.setattr(botocore.auth, "get_current_datetime", lambda: signed_at)
        signed = client.get(document.url)["Location"]
    assert django_settings.MEDIA_SIGNED_URL_LIFETIME == 300
    status, body = fetch(signed)
    assert status == 403
    assert b"expired" in body


def test_a_public_document_moved_into_members_only_is_no_longer_handed_out(
    client, media_on_s3, members_only
):
    moderator = make_member("Moderators")
    client.force_login(moderator)
    upload_document(client, "leaflet.pdf", media_files.PDF)
    document = Document.objects.get()

    # A public document: anyone gets the signed redirect (documents/ is never public).
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302
    assert fetch(response["Location"]) == (200, media_files.PDF)

    client.force_login(moderator)
    response = client.post(
        reverse("wagtaildocs:edit", args=[document.pk]),
        {"title": "Leaflet", "collection": members_only.pk},
    )
    assert response.status_code == 302
    client.logout()
    response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("wagtailcore_login"))


REFUSED_SETTINGS = {
    "direct-links": 'WAGTAILDOCS_SERVE_METHOD = "direct"\n',
    "signed-custom-domain": 'STORAGES["default"]["OPTIONS"]["querystring_auth"] = True\n',
}


@pytest.mark.parametrize(
    ("case", "message"),
    [
        ("direct-links", "WAGTAILDOCS_SERVE_METHOD = 'direct' links documents straight"),
        ("signed-custom-domain", "private files would be served without a signature"),
        ("lifetime", "MEDIA_SIGNED_URL_LIFETIME must be between 1 and 604800 seconds"),
        ("accepted", None),
    ],
)
def test_settings_that_would_serve_private_files_unsigned_stop_the_start(tmp_path, case, message):
    (tmp_path / "site_settings.py").write_text(
        "from portal.settings.production import *\n" + REFUSED_SETTINGS.get(case, "")
    )
    env = clean_environment(
        DJANGO_SETTINGS_MODULE="site_settings",
        PYTHONPATH=f"{tmp_path}:{PROJECT_DIR}",
        SECRET_KEY="x" * 60,
        ALLOWED_HOSTS="portal.example.org",
        AWS_STORAGE_BUCKET_NAME="portal-media",
        AWS_S3_CUSTOM_DOMAIN="media.example.org",
        MEDIA_SIGNED_URL_LIFETIME="0" if case == "lifetime" else "",
    )
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    if message is None:
        assert result.returncode == 0, result.stderr
    else:
        assert result.returncode != 0
        assert "ImproperlyConfigured" in result.stderr
        assert message in result.stderr


def test_the_s3_client_fails_fast_and_signs_with_sigv4(media_on_s3):
    config = storages["default"].client_config
    assert (config.connect_timeout, config.read_timeout) == (2, 2)
    assert config.retries["total_max_attempts"] == 2
    assert config.signature_version == "s3v4"


def test_behind_a_cdn_images_use_its_domain_and_documents_stay_signed_on_s3(client, media_on_s3):
    behind_cdn = media_on_s3.storage_settings()
    behind_cdn["OPTIONS"]["custom_domain"] = "media.campaign.example.org"
    with override_settings(STORAGES={**django_settings.STORAGES, "default": behind_cdn}):
        image = wagtail_factories.ImageFactory()
        document = wagtail_factories.DocumentFactory()
        assert image.file.url == f"https://media.campaign.example.org/{image.file.name}"
        response = client.get(document.url)
    assert response.status_code == 302
    assert response["Location"].startswith(f"{media_on_s3.endpoint_url}/{media_on_s3.bucket}/")
    assert "X-Amz-Signature=" in response["Location"]
    assert fetch(response["Location"])[0] == 200


def test_a_deleted_document_leaves_the_bucket(
    client, media_on_s3, django_capture_on_commit_callbacks
):
    client.force_login(make_member("Moderators"))
    upload_document(client, "minutes.pdf", media_files.PDF)
    document = Document.objects.get()
    assert document.file.name in keys(media_on_s3, "documents/")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("wagtaildocs:delete", args=[document.pk]))
    assert response.status_code == 302
    assert not Document.objects.exists()
    assert document.file.name not in keys(media_on_s3)

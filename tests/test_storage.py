"""Media go to a real S3 server (SeaweedFS) through Django's default storage."""

import urllib.request

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

import pytest
from storages.backends.s3 import S3Storage

from portal.storage import MediaStorage, s3_storage_options

CONTENT = b"Minutes of the Newham shadow CLP, March meeting.\n"


def test_a_stored_file_is_in_the_bucket_and_served_from_its_public_url(media_on_s3):
    # Images are the public part of the bucket (portal/storage.py); documents are not.
    name = default_storage.save("original_images/minutes.txt", ContentFile(CONTENT))
    try:
        stored = media_on_s3.client().get_object(Bucket=media_on_s3.bucket, Key=name)
        assert stored["Body"].read() == CONTENT

        url = default_storage.url(name)
        assert url == f"{media_on_s3.endpoint_url}/{media_on_s3.bucket}/{name}"
        assert "Signature" not in url
        with urllib.request.urlopen(url, timeout=5) as response:
            assert response.read() == CONTENT
    finally:
        default_storage.delete(name)
    assert not default_storage.exists(name)


def test_saving_twice_under_one_name_keeps_both_files(media_on_s3):
    first = default_storage.save("images/meeting.txt", ContentFile(b"first"))
    second = default_storage.save("images/meeting.txt", ContentFile(b"second"))
    try:
        assert first != second
        assert default_storage.open(first).read() == b"first"
        assert default_storage.open(second).read() == b"second"
    finally:
        default_storage.delete(first)
        default_storage.delete(second)


# Keys with what botocore must quote: spaces, accents, reserved and percent characters.
AWKWARD_KEYS = [
    "images/meeting.fill-400x225.format-avif.avif",
    "images/café mañana+rally%20notes~v2!*()'.jpg",
    "original_images/a#b?c&d=e;f,g.png",
    "images/中文 ✊.webp",
]


@pytest.mark.parametrize("location", ["", "media"])
@pytest.mark.parametrize("endpoint_url", ["http://127.0.0.1:8333", ""])
def test_public_urls_are_the_ones_django_storages_would_give(endpoint_url, location):
    # MediaStorage writes unsigned URLs itself (botocore takes half a millisecond each).
    options = {
        **s3_storage_options(
            bucket_name="portal-media",
            endpoint_url=endpoint_url,
            access_key="access",
            secret_key="secret",
            region_name="eu-west-2",
            custom_domain="",
        ),
        "location": location,
    }
    ours, theirs = MediaStorage(**options), S3Storage(**options)
    for key in AWKWARD_KEYS:
        assert ours.url(key) == theirs.url(key)
    # Signed URLs still come from botocore.
    signed = MediaStorage(**{**options, "querystring_auth": True}).url(AWKWARD_KEYS[0])
    assert "X-Amz-Signature=" in signed


def test_a_file_with_an_awkward_name_is_served_from_the_url_pages_link_to(media_on_s3):
    name = default_storage.save(AWKWARD_KEYS[1], ContentFile(CONTENT))
    try:
        with urllib.request.urlopen(default_storage.url(name), timeout=5) as response:
            assert response.read() == CONTENT
    finally:
        default_storage.delete(name)

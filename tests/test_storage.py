"""Media go to a real S3 server (SeaweedFS) through Django's default storage."""

import urllib.request

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

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

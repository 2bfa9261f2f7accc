"""Members-only documents do not depend on the bucket's configuration alone.

Tried as an outsider would: guess a document's key and GET it without a signature, on
SeaweedFS buckets configured right and configured wrong (an anonymous identity in s3.json,
a bucket policy that opens documents/).
"""

import json
import logging
import re
import subprocess
import sys

from django.core.exceptions import ImproperlyConfigured
from django.core.files.storage import storages
from django.test import override_settings

from wagtail.documents import get_document_model
from wagtail.models import Collection

import pytest

from portal.seaweedfs import SeaweedFS
from portal.storage import PRIVACY_PROBE_KEY, check_documents_are_private, public_read_policy
from tests.support import media_files
from tests.support.admin_uploads import fetch, logged_in, upload_document
from tests.support.environment import clean_environment
from tests.support.network import closed_port
from tests.support.paths import PROJECT_DIR

Document = get_document_model()
pytestmark = pytest.mark.django_db


class AnonymousReadSeaweedFS(SeaweedFS):
    """SeaweedFS as an operator might set it up by mistake: anyone may read the bucket."""

    def write_s3_config(self):
        path = super().write_s3_config()
        config = json.loads(path.read_text())
        config["identities"].append({"name": "anonymous", "actions": [f"Read:{self.bucket}"]})
        path.write_text(json.dumps(config))
        return path


@pytest.fixture(scope="module")
def open_bucket(tmp_path_factory):
    server = AnonymousReadSeaweedFS(tmp_path_factory.mktemp("open-seaweedfs")).start()
    yield server
    server.stop()


def members_only_upload(client, name="minutes.pdf"):
    moderator = client if "_auth_user_id" in client.session else logged_in(client, "Moderators")
    upload_document(moderator, name, media_files.PDF, Collection.objects.get(name="Members only"))
    return Document.objects.latest("pk")


def test_a_document_key_cannot_be_guessed_from_its_name(client, media_on_s3):
    first = members_only_upload(client, "minutes.pdf")
    second = members_only_upload(client, "minutes.pdf")
    for document in (first, second):
        assert re.fullmatch(r"documents/[\w-]{16}/minutes\w*\.pdf", document.file.name)
    assert first.file.name.split("/")[1] != second.file.name.split("/")[1]
    # The guess that used to work finds nothing; the document still downloads for members.
    guessed = f"{media_on_s3.endpoint_url}/{media_on_s3.bucket}/documents/minutes.pdf"
    assert fetch(guessed)[0] in (403, 404)
    response = client.get(first.url)
    assert response.status_code == 302
    assert fetch(response["Location"]) == (200, media_files.PDF)


def test_on_a_private_bucket_the_check_passes_and_healthz_says_so(client, media_on_s3):
    assert check_documents_are_private() is True
    assert fetch(f"{media_on_s3.endpoint_url}/{media_on_s3.bucket}/{PRIVACY_PROBE_KEY}")[0] == 403
    assert client.get("/healthz").json()["checks"]["document_privacy"] == "ok"


def open_storage(server):
    return storages.create_storage(server.storage_settings())


def test_an_anonymous_identity_in_s3_json_is_caught(client, settings, open_bucket):
    storage = open_storage(open_bucket)
    # The mistake is real: a document's key is readable without any signature.
    storage.save("documents/anything/minutes.pdf", open(media_files.__file__, "rb"))  # noqa: SIM115
    assert fetch(storage.url("documents/anything/minutes.pdf"))[0] == 200
    with pytest.raises(ImproperlyConfigured, match="serves documents to anyone"):
        check_documents_are_private(storage)
    with override_settings(
        STORAGES={**settings.STORAGES, "default": open_bucket.storage_settings()}
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["document_privacy"] == "failing"


def test_a_bucket_policy_that_opens_documents_is_caught(client, media_on_s3):
    s3 = media_on_s3.client()
    policy = public_read_policy(media_on_s3.bucket)
    policy["Statement"][0]["Resource"].append(f"arn:aws:s3:::{media_on_s3.bucket}/documents/*")
    s3.put_bucket_policy(Bucket=media_on_s3.bucket, Policy=json.dumps(policy))
    try:
        with pytest.raises(ImproperlyConfigured, match="Block Public Access"):
            check_documents_are_private()
        assert client.get("/healthz").status_code == 503
    finally:
        s3.put_bucket_policy(
            Bucket=media_on_s3.bucket, Policy=json.dumps(public_read_policy(media_on_s3.bucket))
        )


def start_web_server(server_environment, static_root):
    """What gunicorn does first: import portal.wsgi with production settings."""
    return subprocess.run(
        [sys.executable, "-c", "import portal.wsgi"],
        cwd=PROJECT_DIR,
        env=clean_environment(
            DJANGO_SETTINGS_MODULE="portal.settings.production",
            SECRET_KEY="start-up-test-key",
            ALLOWED_HOSTS="portal.example",
            STATIC_ROOT=str(static_root),
            **server_environment,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_the_web_server_refuses_to_start_on_a_bucket_that_serves_documents(
    open_bucket, production_static_root
):
    result = start_web_server(open_bucket.environment(), production_static_root)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "serves documents to anyone" in result.stderr


def test_the_web_server_starts_on_a_private_bucket(media_on_s3, production_static_root):
    result = start_web_server(media_on_s3.environment(), production_static_root)
    assert result.returncode == 0, result.stderr


def test_an_unreachable_bucket_does_not_stop_the_start_but_is_logged(
    media_on_s3, production_static_root, caplog
):
    environment = {
        **media_on_s3.environment(),
        "AWS_S3_ENDPOINT_URL": f"http://127.0.0.1:{closed_port()}",
    }
    result = start_web_server(environment, production_static_root)
    assert result.returncode == 0, result.stderr
    assert "Could not check that documents are private" in result.stderr
    unreachable = {
        **media_on_s3.storage_settings(),
        "OPTIONS": {
            **media_on_s3.storage_settings()["OPTIONS"],
            "endpoint_url": f"http://127.0.0.1:{closed_port()}",
        },
    }
    with caplog.at_level(logging.WARNING, logger="portal.storage"):
        assert check_documents_are_private(storages.create_storage(unreachable)) is None
    assert "did not answer" in caplog.text

"""How the portal talks to S3 (AWS, SeaweedFS or any other S3 service).

Layout of the bucket:
- `original_images/` and `images/` (Wagtail's uploads and renditions) are public: a bucket
  policy (`public_read_policy`, applied by `manage.py configure_bucket`) lets anyone read
  them, so pages link to them directly, or through the CDN of AWS_S3_CUSTOM_DOMAIN.
- everything else, `documents/` above all, is readable only with the credentials or a
  signed URL. Every document download goes through Wagtail's serve view, which checks the
  collection's privacy, then redirects to a URL signed for a few minutes
  (`signed_url`). So a document never becomes public by being moved between collections,
  or by a privacy setting added to a collection later: nothing to move in the bucket.
"""

import json
import logging
import secrets
import urllib.error
import urllib.parse
import urllib.request

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from django.utils.module_loading import import_string

from botocore.config import Config
from botocore.exceptions import BotoCoreError, ClientError
from storages.backends.s3 import S3Storage
from storages.utils import clean_name

logger = logging.getLogger(__name__)

PUBLIC_PREFIXES = ("original_images/", "images/")
DOCUMENTS_PREFIX = "documents/"
# An object the privacy check writes once and then tries to read without a signature.
PRIVACY_PROBE_KEY = f"{DOCUMENTS_PREFIX}privacy-probe.txt"
# SigV4 presigned URLs live at most seven days.
LONGEST_SIGNED_URL_LIFETIME = 7 * 24 * 60 * 60


def s3_storage_options(
    *, bucket_name, endpoint_url, access_key, secret_key, region_name, custom_domain
):
    """Options for MediaStorage that fail fast and behave alike on every S3."""
    return {
        "bucket_name": bucket_name,
        "endpoint_url": endpoint_url or None,
        "access_key": access_key or None,
        "secret_key": secret_key or None,
        "region_name": region_name or None,
        "custom_domain": custom_domain or None,
        # Path-style URLs work on every S3 service; virtual hosts need DNS per bucket.
        "addressing_style": "path" if endpoint_url else None,
        # Without it, us-east-1 presigns with SigV2, which newer services refuse.
        "signature_version": "s3v4",
        "file_overwrite": False,
        # Public media come from the bucket's public URLs (a bucket policy grants the
        # read; ACLs are ignored by some S3 services), never streamed through Django.
        # Documents get signed URLs from `signed_url`, not from these options.
        "querystring_auth": False,
        "default_acl": None,
    }


# botocore waits 60 s per attempt by default: a hung S3 would hang every page.
FAIL_FAST = Config(
    connect_timeout=2,
    read_timeout=2,
    retries={"total_max_attempts": 2, "mode": "standard"},
)


def is_unreachable(error):
    """Did S3 fail to answer (down, hung, overloaded), rather than say no?"""
    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode") or 0
        return status >= 500
    return isinstance(error, BotoCoreError)


class UnguessableDocumentNames:
    """Every uploaded document gets a random folder: `documents/<random>/<its name>`.

    Wagtail would store `documents/<original name>`, which anyone can guess from the
    document's title; should the bucket ever be readable without a signature (a policy or
    an anonymous identity added by mistake), a guessed key would then serve a members-only
    file. With 96 random bits in every key there is nothing to guess. Only new uploads
    are named so (FileField calls generate_filename); existing keys stay valid.
    """

    def generate_filename(self, filename):
        name = super().generate_filename(filename)
        if name.startswith(DOCUMENTS_PREFIX):
            name = f"{DOCUMENTS_PREFIX}{secrets.token_urlsafe(12)}/{name[len(DOCUMENTS_PREFIX) :]}"
        return name


class LocalMediaStorage(UnguessableDocumentNames, FileSystemStorage):
    """The media folder on disk (no S3 configured), with the same document names."""


class MediaStorage(UnguessableDocumentNames, S3Storage):
    """S3Storage that reports an unreachable S3 as an OSError, as a local disk would.

    Wagtail renders a missing image (not an error page) when opening the original fails
    with an OSError, and upload forms catch it; botocore's own exceptions would escape both.
    """

    def __init__(self, **settings):
        super().__init__(**settings)
        # Set here, not in OPTIONS: Wagtail deletes files in a background task whose
        # arguments (the storage's options) must be JSON, which a Config object is not.
        # `merge` keeps the SigV4 signing and addressing style S3Storage put in its config.
        self.client_config = self.client_config.merge(FAIL_FAST)

    def _open(self, name, mode="rb"):
        try:
            return super()._open(name, mode)
        except (BotoCoreError, ClientError) as error:
            if is_unreachable(error):
                raise OSError(f"media storage unreachable: {error}") from error
            raise

    def url(self, name, parameters=None, expire=None, http_method=None):
        # Without a custom domain, django-storages asks botocore for every URL, through its
        # whole request-signing pipeline (about half a millisecond): with two dozen picture
        # sizes on a page, that was half the page's time. An unsigned URL is the bucket's
        # address followed by the key, quoted as botocore quotes it, so the address is asked
        # of botocore once and the key appended here.
        if self.custom_domain or self.querystring_auth or parameters or http_method:
            return super().url(name, parameters, expire, http_method)
        base = self._unsigned_base_url()
        if base is None:
            return super().url(name, parameters, expire, http_method)
        return base + quote_key(self._normalize_name(clean_name(name)))

    def _unsigned_base_url(self):
        if not hasattr(self, "_base_url"):
            probe = self._normalize_name(clean_name("url-probe"))
            probe_url = super().url("url-probe")
            quoted = quote_key(probe)
            self._base_url = (
                probe_url[: -len(quoted)]
                if probe_url.endswith(quoted) and "?" not in probe_url
                else None
            )
        return self._base_url

    def _save(self, name, content):
        try:
            return super()._save(name, content)
        except (BotoCoreError, ClientError) as error:
            if is_unreachable(error):
                raise OSError(f"media storage unreachable: {error}") from error
            raise


def quote_key(key):
    """An S3 key as botocore writes it in a URL's path (botocore.utils.percent_encode)."""
    return urllib.parse.quote(key.encode("utf-8"), safe="/~")


def uses_s3(storage=None):
    return isinstance(storage or default_storage, S3Storage)


def signed_url(name, storage=None):
    """A URL that reads one object for MEDIA_SIGNED_URL_LIFETIME seconds.

    Signed by the S3 client against the S3 endpoint itself: django-storages would return
    an unsigned URL when a custom domain (CDN) is set.
    """
    storage = storage or default_storage
    return storage.bucket.meta.client.generate_presigned_url(
        "get_object",
        Params={"Bucket": storage.bucket_name, "Key": storage._normalize_name(name)},
        ExpiresIn=settings.MEDIA_SIGNED_URL_LIFETIME,
    )


def public_read_policy(bucket_name):
    """The bucket policy that makes images (and only images) readable by anyone."""
    return {
        "Version": "2012-10-17",
        "Statement": [
            {
                "Sid": "PublicReadImages",
                "Effect": "Allow",
                "Principal": "*",
                "Action": ["s3:GetObject"],
                "Resource": [f"arn:aws:s3:::{bucket_name}/{prefix}*" for prefix in PUBLIC_PREFIXES],
            }
        ],
    }


def apply_public_read_policy(client, bucket_name):
    client.put_bucket_policy(Bucket=bucket_name, Policy=json.dumps(public_read_policy(bucket_name)))


def check_media_settings(django_settings):
    """Refuse, at start-up, settings under which a private document could be read unsigned."""
    lifetime = django_settings.MEDIA_SIGNED_URL_LIFETIME
    if not 1 <= lifetime <= LONGEST_SIGNED_URL_LIFETIME:
        raise ImproperlyConfigured(
            f"MEDIA_SIGNED_URL_LIFETIME must be between 1 and {LONGEST_SIGNED_URL_LIFETIME} "
            f"seconds (it is {lifetime})."
        )
    storage = django_settings.STORAGES["default"]
    if not issubclass(import_string(storage["BACKEND"]), S3Storage):
        return
    options = storage.get("OPTIONS", {})
    if getattr(django_settings, "WAGTAILDOCS_SERVE_METHOD", None) == "direct":
        raise ImproperlyConfigured(
            "WAGTAILDOCS_SERVE_METHOD = 'direct' links documents straight to the bucket, "
            "past the privacy check of members-only collections: remove the setting."
        )
    if options.get("custom_domain") and options.get("querystring_auth"):
        raise ImproperlyConfigured(
            "Media storage has both a custom domain (AWS_S3_CUSTOM_DOMAIN) and signed URLs "
            "(querystring_auth): django-storages then gives unsigned custom-domain URLs, so "
            "private files would be served without a signature. Keep querystring_auth off."
        )


def unsigned_document_status(storage=None, timeout=3):
    """The HTTP status an anonymous GET of a document's key gets from the bucket.

    The probe object is written once (with the credentials) under `documents/`, then read
    at the address anyone would try, with no signature. Raises OSError when the storage
    does not answer.
    """
    storage = storage or default_storage
    try:
        if not storage.exists(PRIVACY_PROBE_KEY):
            storage._save(
                PRIVACY_PROBE_KEY, ContentFile(b"Written by the portal's privacy check.\n")
            )
    except (BotoCoreError, ClientError) as error:
        raise OSError(f"media storage unreachable: {error}") from error
    request = urllib.request.Request(storage.url(PRIVACY_PROBE_KEY), method="GET")  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, TimeoutError) as error:
        raise OSError(f"media storage unreachable: {error}") from error


PUBLIC_DOCUMENTS_ERROR = (
    "The media bucket serves documents to anyone without a signature: an unsigned GET of "
    "{url} answered {status}, so members-only documents are public. Remove anonymous "
    "read access from the bucket (SeaweedFS: the 'anonymous' identity in s3.json; AWS S3 "
    "and others: the bucket policy or ACL that grants s3:GetObject to everyone on "
    "documents/, and turn on Block Public Access). Only original_images/ and images/ "
    "may be public (manage.py configure_bucket sets that)."
)


def check_documents_are_private(storage=None):
    """Raise ImproperlyConfigured if a document is readable unsigned; True if the bucket
    refused, None (with a warning) if it could not be asked."""
    storage = storage or default_storage
    if not uses_s3(storage):
        return True
    try:
        status = unsigned_document_status(storage)
    except OSError:
        logger.warning(
            "Could not check that documents are private: the media storage did not answer. "
            "/healthz checks again.",
            exc_info=True,
        )
        return None
    if 200 <= status < 300:
        raise ImproperlyConfigured(
            PUBLIC_DOCUMENTS_ERROR.format(url=storage.url(PRIVACY_PROBE_KEY), status=status)
        )
    return True

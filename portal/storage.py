"""How the portal talks to S3 (AWS, SeaweedFS or any other S3 service)."""

from botocore.config import Config


def s3_storage_options(
    *, bucket_name, endpoint_url, access_key, secret_key, region_name, custom_domain
):
    """Options for django-storages' S3Storage that fail fast and behave alike on every S3."""
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
        "querystring_auth": False,
        "default_acl": None,
        # botocore waits 60 s per attempt by default: a hung S3 would hang every page.
        "client_config": Config(
            connect_timeout=2,
            read_timeout=2,
            retries={"total_max_attempts": 2, "mode": "standard"},
        ),
    }

"""`/healthz` tells a load balancer and a person which service an app server cannot reach."""

import logging

from django.test import override_settings

import pytest

from tests.support.network import closed_port
from tests.support.seaweedfs import ACCESS_KEY, SECRET_KEY

pytestmark = pytest.mark.django_db


def test_healthy_when_database_cache_and_storage_answer(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "checks": {"database": "ok", "cache": "ok", "storage": "ok", "document_privacy": "ok"},
    }
    assert "no-cache" in response["Cache-Control"]


def test_storage_down_is_503_and_logged_without_details_to_the_visitor(client, caplog):
    unreachable_s3 = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": "portal-media",
            "endpoint_url": f"http://127.0.0.1:{closed_port()}",
            "access_key": ACCESS_KEY,
            "secret_key": SECRET_KEY,
            "addressing_style": "path",
            "signature_version": "s3v4",
        },
    }
    from django.conf import settings

    with (
        override_settings(STORAGES={**settings.STORAGES, "default": unreachable_s3}),
        caplog.at_level(logging.ERROR, logger="portal.health"),
    ):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"] == {
        "database": "ok",
        "cache": "ok",
        "storage": "failing",
        "document_privacy": "failing",
    }
    assert "127.0.0.1" not in response.content.decode()
    assert "Health check failed: storage" in caplog.text


def test_cache_down_is_503(client):
    dead_redis = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
    with override_settings(CACHES=dead_redis):
        response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"] == "failing"
    assert response.json()["status"] == "failing"


def test_health_answers_plain_http_even_where_https_is_enforced(client):
    with override_settings(SECURE_SSL_REDIRECT=True):
        assert client.get("/healthz").status_code == 200
        assert client.get("/").status_code == 301

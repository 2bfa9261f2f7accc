"""`/healthz`: can this app server reach what it needs to serve a page?

Load balancers and uptime monitors read the status code; people read the JSON. Failures
are logged with their cause but the response names only the part that failed, so the
endpoint reveals nothing about the infrastructure to the public.
"""

import logging
import uuid

from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from portal.storage import check_documents_are_private

logger = logging.getLogger(__name__)


def check_database():
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()


def check_cache():
    key = f"healthz:{uuid.uuid4().hex}"
    cache.set(key, "ok", timeout=10)
    if cache.get(key) != "ok":
        raise RuntimeError("cache did not return the value just stored")
    cache.delete(key)


def check_storage():
    # A lookup of a name that need not exist: it proves the storage answers (and, on S3,
    # that the credentials and bucket are right) without writing anything.
    default_storage.exists("healthz-probe")


DOCUMENT_PRIVACY_CACHE_KEY = "healthz:documents-private"
# A bucket made public is found within this many seconds, without an S3 round trip on
# every probe of the load balancer.
DOCUMENT_PRIVACY_RECHECK_SECONDS = 300


def check_document_privacy():
    """An unsigned GET of a document's key must be refused (portal/storage.py)."""
    try:
        if cache.get(DOCUMENT_PRIVACY_CACHE_KEY):
            return
    except Exception:
        logger.warning("Cache unavailable for the document privacy check", exc_info=True)
    if check_documents_are_private() is not True:
        raise RuntimeError("could not ask the media storage whether documents are private")
    try:
        cache.set(DOCUMENT_PRIVACY_CACHE_KEY, True, timeout=DOCUMENT_PRIVACY_RECHECK_SECONDS)
    except Exception:
        logger.warning("Cache unavailable for the document privacy check", exc_info=True)


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
    "document_privacy": check_document_privacy,
}


@never_cache
@require_GET
def healthz(request):
    results = {}
    for name, check in CHECKS.items():
        try:
            check()
        except Exception:
            logger.exception("Health check failed: %s", name)
            results[name] = "failing"
        else:
            results[name] = "ok"
    healthy = all(result == "ok" for result in results.values())
    return JsonResponse(
        {"status": "ok" if healthy else "failing", "checks": results},
        status=200 if healthy else 503,
    )

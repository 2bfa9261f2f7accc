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


CHECKS = {
    "database": check_database,
    "cache": check_cache,
    "storage": check_storage,
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

"""Running the project's code as a server would, in a process of its own with an
environment made for the test (no .env file, no variable of the caller's)."""

import os
import subprocess
import sys

from tests.support.paths import PROJECT_DIR

# Every variable the settings read, blanked, so that the caller's environment (or a
# .env file) cannot change what a test sees.
SETTINGS_VARIABLES = [
    "DATABASE_URL", "SECRET_KEY", "DEBUG", "ALLOWED_HOSTS", "REDIS_URL", "EMAIL_URL",
    "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL", "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY", "AWS_S3_REGION_NAME", "AWS_S3_CUSTOM_DOMAIN",
    "WAGTAILADMIN_BASE_URL", "CSRF_TRUSTED_ORIGINS", "SECURE_SSL_REDIRECT", "STATIC_ROOT",
]  # fmt: skip


def clean_environment(**variables):
    env = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(PROJECT_DIR))}
    env.update(dict.fromkeys(SETTINGS_VARIABLES, ""))
    env.update(variables)
    return env


def run_python(code, module, **variables):
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=PROJECT_DIR,
        env=clean_environment(DJANGO_SETTINGS_MODULE=module, **variables),
        capture_output=True,
        text=True,
        timeout=120,
    )

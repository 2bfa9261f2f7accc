"""Serving in production: gunicorn's configuration and what the web server refuses at start.

The whole of it, run as the README says, is tests/test_server_steps.py; these are the
parts, each with the mistake an operator makes.
"""

import json
import os
import shutil
import subprocess

from django.urls import reverse

import pytest

from portal.environment import use_settings
from portal.serving import default_workers, redacted_path
from privacy.withdrawal import withdrawal_url
from tests.support.appserver import SECRET_KEY, SITE_HOST
from tests.support.environment import clean_environment
from tests.support.paths import PROJECT_DIR

PYTHON = str(PROJECT_DIR / ".venv/bin/python")


def production(**variables):
    return clean_environment(
        DJANGO_SETTINGS_MODULE="portal.settings.production",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=SITE_HOST,
        **variables,
    )


def start_web_server(static_root):
    """What gunicorn does first (preload_app): import portal.wsgi."""
    return subprocess.run(
        [PYTHON, "-c", "import portal.wsgi"],
        cwd=PROJECT_DIR,
        env=production(STATIC_ROOT=str(static_root)),
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_without_collected_static_files_the_web_server_says_what_to_run(tmp_path):
    result = start_web_server(tmp_path / "never-collected")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "static files manifest" in result.stderr
    assert (
        "DJANGO_SETTINGS_MODULE=portal.settings.production "
        ".venv/bin/python manage.py collectstatic --noinput" in result.stderr
    )


def test_static_files_collected_with_the_development_settings_are_refused(tmp_path):
    # The old README's mistake: collectstatic without the production settings copies the
    # files but writes no manifest, and every page then answered 500.
    collected = subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput"],
        cwd=PROJECT_DIR,
        env=clean_environment(
            DJANGO_SETTINGS_MODULE="portal.settings.dev", STATIC_ROOT=str(tmp_path)
        ),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert collected.returncode == 0, collected.stderr
    assert (tmp_path / "css" / "portal.css").exists()
    result = start_web_server(tmp_path)
    assert result.returncode != 0
    assert "is missing" in result.stderr
    assert "collectstatic with the development settings" not in result.stderr
    assert "with the development settings collectstatic writes no manifest" in result.stderr


def test_a_manifest_older_than_the_code_is_refused(tmp_path, production_static_root):
    # An upgrade that adds a stylesheet, without collectstatic: pages linking it would 500.
    stale = tmp_path / "static"
    shutil.copytree(production_static_root, stale)
    manifest = json.loads((stale / "staticfiles.json").read_text())
    del manifest["paths"]["css/portal.css"]
    (stale / "staticfiles.json").write_text(json.dumps(manifest))
    result = start_web_server(stale)
    assert result.returncode != 0
    assert "is out of date" in result.stderr
    assert "css/portal.css" in result.stderr


def test_with_the_static_files_collected_for_production_the_web_server_starts(
    production_static_root,
):
    result = start_web_server(production_static_root)
    assert result.returncode == 0, result.stderr


def test_manage_py_takes_the_settings_module_from_dot_env(tmp_path, monkeypatch):
    dotenv = tmp_path / ".env"
    dotenv.write_text("DJANGO_SETTINGS_MODULE=portal.settings.production\n")
    monkeypatch.setattr("portal.environment.DOTENV_PATH", dotenv)
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE")
    use_settings(default="portal.settings.dev")
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "portal.settings.production"

    # The process's own environment wins over the file; an empty value counts as unset.
    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    use_settings(default="portal.settings.dev")
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "portal.settings.test"
    dotenv.write_text("DJANGO_SETTINGS_MODULE=\n")
    monkeypatch.delenv("DJANGO_SETTINGS_MODULE")
    use_settings(default="portal.settings.dev")
    assert os.environ["DJANGO_SETTINGS_MODULE"] == "portal.settings.dev"


@pytest.mark.parametrize(("cores", "workers"), [(1, 2), (2, 2), (4, 4), (16, 16)])
def test_one_worker_per_core_and_never_fewer_than_two(cores, workers):
    assert default_workers(cores) == workers


def gunicorn_config(static_root, **variables):
    """The configuration gunicorn reads (--print-config, after preloading the site)."""
    arguments = variables.pop("arguments", [])
    result = subprocess.run(
        [str(PROJECT_DIR / ".venv/bin/gunicorn"), "-c", "gunicorn.conf.py", "--print-config"]
        + [*arguments, "portal.wsgi"],
        cwd=PROJECT_DIR,
        env=production(STATIC_ROOT=str(static_root), **variables),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    config = {}
    for line in result.stdout.splitlines():
        name, _, value = line.partition("=")
        config[name.strip()] = value.strip()
    return config


def test_gunicorn_conf_reads_the_environment_and_the_command_line_wins(production_static_root):
    default = gunicorn_config(production_static_root)
    assert default["bind"] == "['127.0.0.1:8000']"
    assert default["workers"] == str(default_workers())
    assert default["preload_app"] == "True"
    assert default["forwarded_allow_ips"] == "['127.0.0.1', '::1']"
    # Shared by every gunicorn of a user: a second app server on the machine would take it.
    assert default["control_socket_disable"] == "True"
    configured = gunicorn_config(
        production_static_root, WEB_CONCURRENCY="5", GUNICORN_BIND="10.0.0.5:8001"
    )
    assert configured["workers"] == "5"
    assert configured["bind"] == "['10.0.0.5:8001']"
    overridden = gunicorn_config(
        production_static_root, WEB_CONCURRENCY="5", arguments=["--workers", "3"]
    )
    assert overridden["workers"] == "3"


def test_the_access_log_leaves_out_the_secret_part_of_links_sent_by_email(settings):
    settings.WAGTAILADMIN_BASE_URL = "https://portal.test"
    withdrawal = withdrawal_url("someone@example.org").removeprefix("https://portal.test")
    assert withdrawal.startswith("/consent/withdraw/")
    assert redacted_path(withdrawal) == "/consent/withdraw/…/"
    assert redacted_path("/cy" + withdrawal) == "/cy/consent/withdraw/…/"
    reset = reverse("wagtailadmin_password_reset_confirm", args=["MQ", "cvx1ab-0a1b2c3d4e5f"])
    assert redacted_path(reset) == "/admin/password_reset/confirm/…/"
    assert redacted_path("/events/meeting/cancel/") == "/events/meeting/cancel/"
    assert redacted_path("/blog/withdraw/") == "/blog/withdraw/"

"""The portal as production runs it, for tests: gunicorn with gunicorn.conf.py and the
production settings, the background worker beside it, and visitors who reach it the way
the TLS proxy in front of it forwards them (plain HTTP on loopback, the site's host name,
`X-Forwarded-Proto: https`).

Used by tests/test_server_steps.py (the README's steps in a fresh copy of the code) and
tests/test_two_app_servers.py (two app servers sharing PostgreSQL, Redis and S3).
"""

import html
import os
import re
import signal
import socket
import subprocess
import time
from pathlib import Path
from urllib.parse import urljoin

from django.conf import settings

import psycopg
import requests

from tests.support.environment import clean_environment
from tests.support.paths import PROJECT_DIR

# The site's public name: what the proxy passes on as Host, and the origin of its forms.
SITE_HOST = "portal.test"
SITE_ORIGIN = f"https://{SITE_HOST}"
SECRET_KEY = "app-server-test-key-shared-by-every-app-server-of-the-site"  # noqa: S105


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def postgres_url(database_name):
    """The test suite's PostgreSQL server, with another database on it."""
    database = settings.DATABASES["default"]
    user = database.get("USER") or "postgres"
    password = f":{database['PASSWORD']}" if database.get("PASSWORD") else ""
    host, port = database.get("HOST") or "127.0.0.1", database.get("PORT") or 5432
    return f"postgres://{user}{password}@{host}:{port}/{database_name}"


def suite_database_name():
    """The database the test process itself uses (pytest-django's test_ database)."""
    from django.db import connection

    return connection.settings_dict["NAME"]


def recreate_database(name):
    """An empty PostgreSQL database (dropped first if a killed run left it)."""
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    return postgres_url(name)


def drop_database(name):
    with psycopg.connect(postgres_url("postgres"), autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_environment(*, database_url, s3_server, static_root=None, **variables):
    """What an operator sets for a server (README "Run it on a server"), for this machine.

    Behind the TLS proxy: the proxy's X-Forwarded-Proto is trusted, one proxy adds to
    X-Forwarded-For. Emails go to a closed port (none is expected; a failed send is kept).
    """
    environment = {
        "DJANGO_SETTINGS_MODULE": "portal.settings.production",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": SITE_HOST,
        "DATABASE_URL": database_url,
        "REDIS_URL": settings.TEST_REDIS_URL,
        **s3_server.environment(),
        "EMAIL_URL": f"smtp://127.0.0.1:{free_port()}",
        "WAGTAILADMIN_BASE_URL": SITE_ORIGIN,
        "TRUST_X_FORWARDED_PROTO": "True",
        "TRUSTED_PROXY_COUNT": "1",
    }
    if static_root:
        environment["STATIC_ROOT"] = str(static_root)
    environment.update(variables)
    return environment


def collect_static(static_root, environment):
    """collectstatic with the production settings, as the README says, into static_root."""
    result = subprocess.run(
        [str(PROJECT_DIR / ".venv/bin/python"), "manage.py", "collectstatic", "--noinput"],
        cwd=PROJECT_DIR,
        env=clean_environment(**environment, STATIC_ROOT=str(static_root)),
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return static_root


class Process:
    """A long-running process of the site (gunicorn, the worker), its output in a log file."""

    def __init__(self, command, *, cwd, env, log_path):
        self.command = command
        self.cwd = Path(cwd)
        self.env = env
        self.log_path = Path(log_path)
        self.process = None
        self.terminated = False

    def start(self):
        log = open(self.log_path, "ab")  # noqa: SIM115 - handed to the child
        self.process = subprocess.Popen(
            self.command,
            cwd=self.cwd,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
        self.terminated = False
        log.close()
        return self

    def log(self):
        return self.log_path.read_text(errors="replace") if self.log_path.exists() else ""

    def running(self):
        return self.process is not None and self.process.poll() is None

    def terminate(self):
        # Once: a second SIGTERM that reaches gunicorn while it shuts down kills it.
        if self.running() and not self.terminated:
            self.process.send_signal(signal.SIGTERM)
            self.terminated = True

    def stop(self, grace=30):
        """SIGTERM, as systemd stops a service; the exit code (None if it had to be killed)."""
        if self.process is None:
            return None
        if self.process.poll() is None:
            self.terminate()
            try:
                self.process.wait(grace)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(5)
                return None
        return self.process.returncode


def stop_all(processes):
    """Stop them together, as systemd stops a machine's services; their exit codes."""
    for process in processes:
        process.terminate()
    return [process.stop() for process in processes]


def venv_command(project_dir, *arguments):
    return [str(Path(project_dir) / ".venv/bin" / arguments[0]), *arguments[1:]]


class AppServer(Process):
    """One production app server: gunicorn with the repository's gunicorn.conf.py.

    Without `command`, on a free port given by --bind, with two workers; with the README's
    command, where its configuration (GUNICORN_BIND in .env) says, given as `port`.
    """

    def __init__(self, *, env, log_path, cwd=PROJECT_DIR, port=None, command=None):
        self.port = port or free_port()
        command = command or venv_command(
            cwd, "gunicorn", "-c", "gunicorn.conf.py", "portal.wsgi",
            "--bind", f"127.0.0.1:{self.port}", "--workers", "2",
        )  # fmt: skip
        super().__init__(command, cwd=cwd, env=env, log_path=log_path)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}"

    def start(self, timeout=90):
        super().start()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if not self.running():
                raise RuntimeError(f"gunicorn exited with {self.process.returncode}:\n{self.log()}")
            try:
                requests.get(f"{self.url}/healthz", headers={"Host": SITE_HOST}, timeout=5)
                return self
            except requests.ConnectionError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError(f"gunicorn did not answer within {timeout} s:\n{self.log()}")


class Worker(Process):
    """The one background worker (`manage.py run_worker`)."""

    READY = "Background worker started"

    def __init__(self, *, env, log_path, cwd=PROJECT_DIR, command=None):
        command = command or venv_command(cwd, "python", "manage.py", "run_worker")
        super().__init__(command, cwd=cwd, env=env, log_path=log_path)

    def start(self, timeout=90):
        """Started once it says so: a SIGTERM before its handlers are set would kill it."""
        super().start()
        deadline = time.monotonic() + timeout
        while self.READY not in self.log():
            if not self.running() or time.monotonic() > deadline:
                self.stop()
                raise RuntimeError(f"the worker did not start:\n{self.log()}")
            time.sleep(0.2)
        return self


def wait_until_the_worker_is_idle(timeout=90):
    """Until every queued task has run: what the worker does after a change (share cards,
    say) is itself a change that pages show, so a test that reads a cached page waits."""
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + timeout
    while DBTaskResult.objects.filter(status__in=("READY", "RUNNING")).exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"The worker left tasks queued for more than {timeout} s")
        time.sleep(0.2)


class Visitor:
    """A browser, as the TLS proxy forwards its requests to one app server or another.

    Every cookie the site sets must be Secure (the visitor is on HTTPS); the browser sends
    it back over HTTPS to the proxy, which passes it on over loopback, so here it is sent
    over the proxy's plain HTTP.
    """

    def __init__(self, server, address="203.0.113.7"):
        self.server = server
        self.session = requests.Session()
        self.session.hooks["response"].append(self.check_cookies_are_secure)
        self.session.headers.update(
            {"Host": SITE_HOST, "X-Forwarded-Proto": "https", "X-Forwarded-For": address}
        )

    @staticmethod
    def check_cookies_are_secure(response, **kwargs):
        for cookie in response.cookies:
            assert cookie.secure, f"cookie {cookie.name} is not Secure"

    def send(self, method, path, **kwargs):
        response = self.session.request(
            method, urljoin(self.server.url, path), allow_redirects=False, **kwargs
        )
        for cookie in self.session.cookies:
            cookie.secure = False  # what the proxy passes on over plain HTTP
        return response

    def via(self, server):
        """The load balancer sends this visitor's next requests to `server`."""
        self.server = server
        return self

    def get(self, path, **kwargs):
        return self.send("GET", path, timeout=30, **kwargs)

    def post(self, path, data=None, files=None, origin=SITE_ORIGIN, referer=None, **kwargs):
        headers = {"Origin": origin, "Referer": referer or f"{SITE_ORIGIN}{path}"}
        return self.send(
            "POST", path, data=data, files=files, headers=headers, timeout=60, **kwargs
        )


def form_token(page_html):
    """The CSRF token a page's form carries (Django's csrfmiddlewaretoken)."""
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page_html)
    assert match, "no CSRF token in the page's form"
    return html.unescape(match.group(1))


def set_production_password(user, password):
    """The suite hashes passwords with MD5 for speed, which production does not accept:
    store it as production does (PBKDF2; fewer rounds, it is rehashed at sign-in)."""
    from django.contrib.auth.hashers import PBKDF2PasswordHasher

    hasher = PBKDF2PasswordHasher()
    user.password = hasher.encode(password, hasher.salt(), iterations=1000)
    user.save(update_fields=["password"])
    return user


def authenticator_code(key_hex):
    """The code an authenticator app set up with this TOTP key shows now."""
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(key_hex)).token():06d}"


class Editor(Visitor):
    """A member of staff in the admin, signing in through its real pages."""

    def sign_in(self, username, password):
        """Sign in with a password; the response of the admin page it leads to."""
        login = self.get("/admin/login/")
        assert login.status_code == 200, login.status_code
        response = self.post(
            "/admin/login/",
            {
                "csrfmiddlewaretoken": form_token(login.text),
                "username": username,
                "password": password,
                "next": "/admin/",
            },
        )
        assert response.status_code == 302, response.text[:2000]
        # The admin then asks for the second factor, or its set-up, where one is needed.
        return self.get(response.headers["Location"])

    def verify(self, key_hex, location):
        page = self.get(location)
        assert page.status_code == 200, page.status_code
        return self.post(
            location,
            {
                "csrfmiddlewaretoken": form_token(page.text),
                "code": authenticator_code(key_hex),
                "next": "/admin/",
            },
        )

    def submit_admin_form(self, path, data, files=None):
        """POST an admin form as its page would: the token from the page, then the data."""
        page = self.get(path)
        assert page.status_code == 200, (path, page.status_code)
        return self.post(path, {"csrfmiddlewaretoken": form_token(page.text), **data}, files=files)

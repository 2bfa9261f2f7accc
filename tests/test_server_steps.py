"""The README's server steps, run as a new operator would on a fresh machine.

The steps are read from the README's code block under "Run it on a server", so the
README cannot drift from what is tested: each runs in order, in a fresh copy of the code
(what `git clone` gives, with the uncommitted work), against a new PostgreSQL database, a
new S3 server and Redis. The `.env` is the one `cp .env.example .env` makes, filled in
with the variables the README names, nothing in the shell's environment: the production
settings come from `.env` alone. The two steps that keep running (gunicorn, the worker)
are started as written; then what a visitor and the operator would check.

`make install` runs as written; by default the copy's `.venv` is this checkout's (a fresh
install takes 75 s or more here, pip's cache or not). SERVER_STEPS_FRESH_INSTALL=1 makes
the copy install its own.
"""

import base64
import os
import re
import shlex
import shutil
import subprocess
import time

from django.core import signing

import psycopg
import pytest
import requests

from privacy.withdrawal import SIGNING_SALT
from tests.support import media_files
from tests.support.appserver import (
    SITE_HOST,
    SITE_ORIGIN,
    AppServer,
    Editor,
    Visitor,
    Worker,
    drop_database,
    free_port,
    production_environment,
    recreate_database,
    stop_all,
    suite_database_name,
)
from tests.support.paths import PROJECT_DIR
from tests.support.seaweedfs import SeaweedFS

README = PROJECT_DIR / "README.md"
SUPERUSER = {"username": "operator", "email": "operator@example.org"}
SUPERUSER_PASSWORD = "a long password for the operator"  # noqa: S105


def server_section():
    text = README.read_text()
    section = text.split("\n## Run it on a server\n", 1)[1]
    return section.split("\n### ", 1)[0]


def server_steps():
    """(command, comment) for each line of the section's first shell block."""
    block = re.search(r"```sh\n(.*?)```", server_section(), re.DOTALL).group(1)
    steps = []
    for line in block.strip().splitlines():
        command, _, comment = line.partition(" # ")
        steps.append((command.strip(), comment.strip()))
    return steps


def fresh_copy_of_the_code(target):
    """The files a clone of this working tree would have (tracked and new, not ignored)."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"],
        cwd=PROJECT_DIR,
        capture_output=True,
        check=True,
    ).stdout.decode()
    for name in filter(None, listed.split("\0")):
        source = PROJECT_DIR / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def share_this_checkouts_virtualenv(code):
    """`make install` then finds the copy's .venv up to date, as it is here."""
    up_to_date = subprocess.run(["make", "-q", "install"], cwd=PROJECT_DIR)
    assert up_to_date.returncode == 0, "this checkout's .venv is out of date: run make install"
    (code / ".venv").symlink_to(PROJECT_DIR / ".venv")
    lock = (PROJECT_DIR / "requirements.lock").stat()
    os.utime(code / "requirements.lock", ns=(lock.st_atime_ns, lock.st_mtime_ns))


def fill_in_dotenv(path, values):
    """What the operator does to the copied .env.example: set each variable's value."""
    lines = path.read_text().splitlines()
    unset = dict(values)
    for index, line in enumerate(lines):
        name = line.partition("=")[0]
        if not line.startswith("#") and name in unset:
            lines[index] = f"{name}={unset.pop(name)}"
    lines += [f"{name}={value}" for name, value in unset.items()]
    path.write_text("\n".join(lines) + "\n")


@pytest.fixture
def bucket_without_policy(tmp_path):
    """A new S3 server with an empty bucket, as a provider hands it over: the README's
    configure_bucket step is what makes images public."""
    server = SeaweedFS(tmp_path / "seaweedfs", bucket="campaign-media").start()
    server.client().delete_bucket_policy(Bucket=server.bucket)
    yield server
    server.stop()


@pytest.fixture
def new_database():
    name = f"{suite_database_name()}_server_steps"
    yield recreate_database(name)
    drop_database(name)


def secret_from_enrolment_page(page_html):
    """The key an authenticator app is given, as the set-up page shows it for typing."""
    typed = re.search(r"[A-Z2-7]{4}(?: [A-Z2-7]{1,4})+", page_html).group(0).replace(" ", "")
    return base64.b32decode(typed + "=" * (-len(typed) % 8)).hex()


def sign_in_first_time(editor, username, password):
    """A superuser's first sign-in: password, then setting up the authenticator app."""
    response = editor.sign_in(username, password)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/admin/two-factor/set-up/")
    set_up = response.headers["Location"]
    key = secret_from_enrolment_page(editor.get(set_up).text)
    confirmed = editor.verify(key, set_up)
    assert confirmed.status_code == 302, confirmed.text[:2000]
    editor.get(confirmed.headers["Location"])  # the recovery codes, shown once
    assert editor.get("/admin/").status_code == 200


def upload(editor, kind, name, content, content_type):
    """An image or a document, through the admin's own upload form."""
    page = editor.get(f"/admin/{kind}/add/")
    collection = re.search(r'name="collection"[^>]*>\s*<option value="(\d+)"', page.text)
    response = editor.submit_admin_form(
        f"/admin/{kind}/add/",
        {"title": name, "collection": collection.group(1) if collection else "1"},
        files={"file": (name, content, content_type)},
    )
    assert response.status_code == 302, response.text[:3000]


def test_the_readme_server_steps_give_a_working_site(tmp_path, new_database, bucket_without_policy):
    steps = server_steps()
    code = fresh_copy_of_the_code(tmp_path / "portal")
    if not os.environ.get("SERVER_STEPS_FRESH_INSTALL"):
        share_this_checkouts_virtualenv(code)
    port = free_port()
    operator_values = production_environment(
        database_url=new_database,
        s3_server=bucket_without_policy,
        GUNICORN_BIND=f"127.0.0.1:{port}",
    )
    # .env.example already names the production settings: the operator keeps that line.
    del operator_values["DJANGO_SETTINGS_MODULE"]
    section = server_section()
    not_in_readme = [name for name in operator_values if name not in section]
    assert not not_in_readme, f"the README does not tell the operator to set {not_in_readme}"
    # Nothing from the shell but where programs are: the settings come from .env alone.
    shell = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}

    running = []
    try:
        for command, comment in steps:
            if "keeps running" in comment:
                arguments = shlex.split(command)
                log = tmp_path / f"{len(running)}-{arguments[0].rsplit('/', 1)[-1]}.log"
                if "gunicorn" in arguments[0]:
                    process = AppServer(env=shell, log_path=log, cwd=code, command=arguments)
                    process.port = port
                else:
                    process = Worker(env=shell, log_path=log, cwd=code, command=arguments)
                running.append(process.start())
                continue
            environment = shell
            if command.endswith("createsuperuser"):
                # Its questions answered through Django's documented variables.
                command += " --noinput"
                environment = {
                    **shell,
                    "DJANGO_SUPERUSER_USERNAME": SUPERUSER["username"],
                    "DJANGO_SUPERUSER_EMAIL": SUPERUSER["email"],
                    "DJANGO_SUPERUSER_PASSWORD": SUPERUSER_PASSWORD,
                }
            started = time.monotonic()
            result = subprocess.run(  # noqa: S602 - the README's own line, as typed
                command,
                shell=True,
                cwd=code,
                env=environment,
                capture_output=True,
                text=True,
                timeout=600,
            )
            assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
            print(f"{time.monotonic() - started:5.1f} s  {command}")  # shown with -s
            if command.startswith("cp .env.example .env"):
                assert "DJANGO_SETTINGS_MODULE=portal.settings.production" in (
                    (code / ".env").read_text()
                )
                fill_in_dotenv(code / ".env", operator_values)
        web_server, worker = running
        check_the_site(web_server, bucket_without_policy, code)
    finally:
        exit_codes = stop_all(running)
    logs = {process.log_path.name: process.log() for process in running}
    assert exit_codes == [0, 0], logs
    check_the_access_log(web_server.log())


def check_the_site(web_server, s3_server, code):
    visitor = Visitor(web_server)
    home = visitor.get("/")
    assert home.status_code == 200, home.text[:3000]
    stylesheet = re.search(r'href="(/static/css/portal\.[0-9a-f]{12}\.css)"', home.text)
    assert stylesheet, home.text[:3000]
    css = visitor.get(stylesheet.group(1))
    assert css.status_code == 200
    assert css.headers["Content-Type"].startswith("text/css")
    assert "immutable" in css.headers.get("Cache-Control", "")

    health = visitor.get("/healthz")
    assert health.status_code == 200, health.text
    assert set(health.json()["checks"].values()) == {"ok"}

    # Behind the TLS proxy: browsers are told to stay on HTTPS, plain HTTP is sent there,
    # and the site's own links (sitemap, feeds, emails) carry its address.
    assert "max-age=31536000" in home.headers["Strict-Transport-Security"]
    plain = requests.get(
        f"{web_server.url}/about/", headers={"Host": SITE_HOST}, allow_redirects=False, timeout=10
    )
    assert plain.status_code == 301
    assert plain.headers["Location"] == f"{SITE_ORIGIN}/about/"
    assert f"<loc>{SITE_ORIGIN}/</loc>" in visitor.get("/sitemap.xml").text

    # The superuser createsuperuser made signs in, sets up two-factor, uploads.
    assert visitor.get("/admin/login/").status_code == 200
    operator = Editor(web_server)
    sign_in_first_time(operator, SUPERUSER["username"], SUPERUSER_PASSWORD)
    upload(operator, "documents", "minutes.pdf", media_files.PDF, "application/pdf")
    upload(operator, "images", "meeting.png", media_files.png_image(), "image/png")

    with psycopg.connect(dotenv_value(code, "DATABASE_URL")) as connection:
        document_id, document_key = connection.execute(
            "SELECT id, file FROM wagtaildocs_document"
        ).fetchone()
        (image_key,) = connection.execute("SELECT file FROM wagtailimages_image").fetchone()
    # A document: through the portal, which sends the visitor on to a signed S3 link.
    download = visitor.get(f"/documents/{document_id}/{document_key.rsplit('/', 1)[-1]}")
    assert download.status_code == 302
    assert download.headers["Location"].startswith(s3_server.endpoint_url)
    assert requests.get(download.headers["Location"], timeout=10).content == media_files.PDF
    # An image: straight from the bucket, public by the policy configure_bucket set.
    image = requests.get(f"{s3_server.endpoint_url}/{s3_server.bucket}/{image_key}", timeout=10)
    assert image.status_code == 200
    assert image.content.startswith(b"\x89PNG")
    unsigned = requests.get(
        f"{s3_server.endpoint_url}/{s3_server.bucket}/{document_key}", timeout=10
    )
    assert unsigned.status_code == 403

    # Links from emails, whose secrets must not reach the access log.
    secret = dotenv_value(code, "SECRET_KEY")
    token = signing.dumps("someone@example.org", key=secret, salt=SIGNING_SALT, compress=True)
    assert visitor.get(f"/consent/withdraw/{token}/").status_code == 200
    visitor.get("/search/?q=someone%40example.org&token=cancel-token-123")


def dotenv_value(code, name):
    return re.search(rf"^{name}=(.*)$", (code / ".env").read_text(), re.M).group(1)


def check_the_access_log(log):
    assert '"GET /consent/withdraw/…/ HTTP/1.1" 200' in log, log
    assert '"GET /search/ HTTP/1.1"' in log
    for secret in ("someone@example.org", "someone%40example.org", "cancel-token-123"):
        assert secret not in log
    # The withdrawal token is the address itself, signed and base64-encoded.
    encoded_address = base64.urlsafe_b64encode(b'"someone@example.org"').decode().rstrip("=")
    assert encoded_address[:12] not in log

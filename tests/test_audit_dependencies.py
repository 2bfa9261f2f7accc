"""`make lint`'s dependency audit (portal/audit_dependencies.py) on a machine that cannot
read PyPI's advisory data: it says so in one line and passes, and it tells a mirror that
answers without advisories from the real advisory data (served here from loopback)."""

import json
import subprocess
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from portal.audit_dependencies import advisories_reachable
from tests.support.network import closed_port
from tests.support.paths import PROJECT_DIR


@pytest.fixture
def advisory_server():
    """A loopback stand-in for PyPI's JSON API answering with the body a test sets."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            body = json.dumps(self.server.answer).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.answer = {}
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def test_unreachable_advisories_skip_the_audit_in_one_line_and_pass():
    result = subprocess.run(
        [sys.executable, "-m", "portal.audit_dependencies", "requirements.lock"],
        cwd=PROJECT_DIR,
        env={
            "PATH": "/usr/bin:/bin",
            "PORTAL_AUDIT_PROBE_URL": f"http://127.0.0.1:{closed_port()}/",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0
    assert result.stdout.splitlines() == [result.stdout.strip()]  # one line
    assert result.stdout.startswith("Dependency audit skipped: no advisory data reachable")


def test_a_mirror_without_advisories_is_not_taken_for_a_clean_audit(advisory_server):
    url = f"http://127.0.0.1:{advisory_server.server_port}/pypi/django/3.2/json"
    advisory_server.answer = {"info": {"name": "Django"}, "vulnerabilities": []}
    assert advisories_reachable(url) is False
    advisory_server.answer = {"vulnerabilities": [{"id": "PYSEC-2021-98", "fixed_in": ["3.2.1"]}]}
    assert advisories_reachable(url) is True

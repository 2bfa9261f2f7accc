"""A missing service stops the suite at once with one line that says how to fix it."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.network import closed_port

PROJECT_DIR = Path(__file__).resolve().parent.parent
ANY_DATABASE_TEST = "tests/test_pages.py::PageTreeRulesTests::test_home_page_sits_only_at_the_root"
ANY_BROWSER_TEST = "tests/e2e/test_visitor_journeys.py::test_missing_page_is_accessible"


def run_suite(test_id, **variables):
    env = {**os.environ, **variables}
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", test_id],
        cwd=PROJECT_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("test_id", "variables", "expected"),
    [
        (
            ANY_DATABASE_TEST,
            {"TEST_DATABASE_URL": f"postgres://postgres@127.0.0.1:{closed_port()}/portal"},
            "PostgreSQL is not reachable at 127.0.0.1:",
        ),
        (
            ANY_DATABASE_TEST,
            {"TEST_REDIS_URL": f"redis://127.0.0.1:{closed_port()}/15"},
            "Redis is not reachable at 127.0.0.1:",
        ),
        (
            ANY_DATABASE_TEST,
            {"SEAWEEDFS_BIN": "/nonexistent/weed"},
            "SeaweedFS (weed) is not installed. Install it with: make install",
        ),
        (
            ANY_BROWSER_TEST,
            {"CHROMIUM_PATH": "/nonexistent/chromium"},
            "Install it with: apt-get install -y chromium",
        ),
    ],
    ids=["postgresql", "redis", "seaweedfs", "chromium"],
)
def test_missing_service_stops_the_run_with_one_line(test_id, variables, expected):
    result = run_suite(test_id, **variables)
    output = result.stdout + result.stderr
    assert result.returncode == 3, output
    lines_naming_it = [line for line in output.splitlines() if expected in line]
    assert len(lines_naming_it) == 1, output
    assert "Traceback" not in output
    assert "passed" not in output

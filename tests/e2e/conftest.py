"""A real browser (Debian's Chromium driven by Playwright) against a live portal."""

import os
import re

from django.core.management import call_command
from django.db import connections

import pytest
from playwright.sync_api import sync_playwright

from tests.support.browser import ARTIFACTS_DIR, BrowserPage

# Playwright's sync API runs an event loop in the test's thread, which makes Django
# believe the test's own database calls are made from async code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Flags that keep Chromium quiet on a machine with no network but loopback.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser(django_db_setup):
    serialized = {
        alias: getattr(connections[alias], "_test_serialized_contents", None)
        for alias in connections
    }
    with sync_playwright() as playwright:
        # From here on the tests run inside Playwright's greenlet, where Django's
        # context-local connections are new objects: give them the database snapshot that
        # serialized_rollback restores after each browser test's flush.
        for alias, contents in serialized.items():
            if contents is not None:
                connections[alias]._test_serialized_contents = contents
        browser = playwright.chromium.launch(executable_path=CHROMIUM_PATH, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def visitor(browser, request):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    browser_page = BrowserPage(context.new_page())
    yield browser_page
    report = getattr(request.node, "report_call", None)
    if report is not None and report.failed:
        ARTIFACTS_DIR.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]", "_", request.node.nodeid)
        browser_page.page.screenshot(path=ARTIFACTS_DIR / f"{name}.png", full_page=True)
    context.close()


@pytest.fixture
def demo_site(live_server):
    """The portal with the demo content, served on loopback; its address."""
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return live_server.url

"""A real browser (Debian's Chromium driven by Playwright) against a live portal."""

import os
import re
from pathlib import Path

from django.db import connections

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

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
ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"


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


class BrowserPage:
    """A browser tab that records what a visitor's browser would complain about."""

    def __init__(self, page):
        self.page = page
        self.csp_violations = []
        self.console_errors = []
        page.on("console", self._on_console)

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)
        elif message.type == "error":
            self.console_errors.append(message.text)

    def assert_accessible(self):
        """axe-core finds no serious or critical violation on the page as it is now."""
        results = Axe().run(self.page)
        serious = [
            f"{violation['id']} ({violation['impact']}): {violation['help']} — "
            + ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            for violation in results.response["violations"]
            if violation["impact"] in ("serious", "critical")
        ]
        assert serious == [], f"{self.page.url}:\n" + "\n".join(serious)

    def focused_text(self):
        return self.page.evaluate("document.activeElement.textContent.trim()")

    def tab_to(self, text, limit=40):
        """Press Tab until the element with this text has focus, as a keyboard user would."""
        for _press in range(limit):
            self.page.keyboard.press("Tab")
            if self.focused_text() == text:
                return
        raise AssertionError(f"'{text}' cannot be reached with the Tab key")


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

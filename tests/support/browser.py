"""A browser tab of the browser tests (tests/e2e), checking what a visitor would meet."""

from pathlib import Path

from axe_playwright_python.sync_playwright import Axe

ARTIFACTS_DIR = Path(__file__).resolve().parents[2] / "test-artifacts"


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

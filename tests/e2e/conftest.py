"""Browser journeys: Playwright driving Debian's Chromium against pytest-django's live server."""

import os
from pathlib import Path

import pytest

from tests.conftest import CHROMIUM, MISSING_CHROMIUM_BANNER

# Playwright's sync API keeps an event loop running in this thread, which makes Django refuse ORM calls from
# the test body (building data, looking rows up) unless told that this is deliberate.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

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
SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-results" / "screenshots"
SKIP_REASON = (
    f"no Chromium at {CHROMIUM}: BROWSER JOURNEYS NOT RUN (apt-get install chromium, or set STAFFROOM_CHROMIUM)"
)
# axe's own grading; "moderate" and "minor" findings are printed but do not fail the journey.
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    if CHROMIUM.exists():
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in items:
        if item.get_closest_marker("e2e"):
            item.add_marker(skip)


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if not CHROMIUM.exists():
        terminalreporter.write_line(MISSING_CHROMIUM_BANNER, red=True, bold=True)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip(SKIP_REASON)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Opens a page in a fresh browser context: a separate person with their own cookies."""
    contexts = []

    def _new_page():
        context = browser.new_context(accept_downloads=True, locale="en-GB", viewport={"width": 1280, "height": 900})
        context.set_default_timeout(15_000)
        contexts.append(context)
        return context.new_page()

    yield _new_page
    for context in contexts:
        context.close()


@pytest.fixture
def screenshot():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)

    def _screenshot(page, name: str) -> Path:
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return _screenshot


class AccessibilityLog:
    """Runs axe on each page it is given and keeps the serious findings, so one run reports every page."""

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.findings: list[str] = []

    def check(self, page, name: str) -> None:
        results = self.axe.run(page)
        for violation in results.response["violations"]:
            impact = violation.get("impact") or "unknown"
            nodes = "\n".join(
                f"      at {' '.join(map(str, node['target']))}: {node['html'][:120]}\n"
                f"        {' '.join(part.strip() for part in node.get('failureSummary', '').splitlines())}"
                for node in violation["nodes"][:5]
            )
            line = f"[{name}] {impact}: {violation['id']}: {violation['help']} ({violation['helpUrl']})\n{nodes}"
            if impact in BLOCKING_IMPACTS:
                self.findings.append(line)
            else:
                print(f"axe (not blocking) {line}")

    def assert_clean(self) -> None:
        assert not self.findings, "axe found serious or critical accessibility problems:\n" + "\n".join(self.findings)


@pytest.fixture
def a11y(browser):
    return AccessibilityLog()

from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")

MISSING_CHROMIUM_BANNER = (
    "\n" + "!" * 78 + "\n"
    "!!  BROWSER JOURNEYS SKIPPED: Chromium is not installed at /usr/bin/chromium.\n"
    "!!  Install it with `apt-get install chromium` (as root), or run `make test`, which does so.\n"
    + "!" * 78
)


def pytest_report_header(config):
    # Said at the start as well as the end, so that nobody reads a green run as "the journeys passed".
    if not CHROMIUM.exists():
        return MISSING_CHROMIUM_BANNER
    return f"browser journeys: Chromium at {CHROMIUM}"

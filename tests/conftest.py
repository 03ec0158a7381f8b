import os
from pathlib import Path

# Debian's Chromium by default; STAFFROOM_CHROMIUM points elsewhere (say, a Chromium or Chrome on a Mac).
CHROMIUM = Path(os.environ.get("STAFFROOM_CHROMIUM", "/usr/bin/chromium"))

MISSING_CHROMIUM_BANNER = (
    "\n" + "!" * 78 + "\n"
    f"!!  BROWSER JOURNEYS SKIPPED: no Chromium at {CHROMIUM}.\n"
    "!!  Install it with `apt-get install chromium` (as root), or run `make test`, which does so,\n"
    "!!  or set STAFFROOM_CHROMIUM to a Chromium or Chrome executable.\n" + "!" * 78
)


def pytest_report_header(config):
    # Said at the start as well as the end, so that nobody reads a green run as "the journeys passed".
    if not CHROMIUM.exists():
        return MISSING_CHROMIUM_BANNER
    return f"browser journeys: Chromium at {CHROMIUM}"

"""Take the README's screenshot: the overview as the director, 1400x900, on the demo data set.

    .venv/bin/python -m tests.browser.screenshot [--output docs/overview.png]

Builds a throwaway database with the demo data, starts the app on a free port, logs in through the
form in Debian's Chromium, waits until the page is drawn, and saves the window."""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from tests.browser.helpers import (
    CHROMIUM,
    REPO_ROOT,
    TIMEOUT_MS,
    chromium,
    demo_user,
    log_in,
    new_context,
    open_page,
    seed_database,
    settle,
    streamlit_server,
)

DEFAULT_OUTPUT = REPO_ROOT / "docs" / "overview.png"
# Charts are drawn by plotly.js after Streamlit has finished its run.
_CHARTS_DRAWN = """() => [...document.querySelectorAll(".js-plotly-plot")]
  .every((chart) => chart.querySelector(".main-svg") !== null)"""


def take(output: Path) -> Path:
    with tempfile.TemporaryDirectory(prefix="osloreg-screenshot-") as tmp:
        database_url = seed_database(Path(tmp) / "osloreg.sqlite3")
        with streamlit_server(database_url, Path(tmp) / "var") as server, chromium() as browser:
            context = new_context(browser)
            try:
                page = open_page(context)
                log_in(page, server.url, demo_user("director"))
                page.reload()  # as a returning director sees it: logged in by the cookie
                settle(page, logged_in=True)
                page.wait_for_function(_CHARTS_DRAWN, timeout=TIMEOUT_MS)
                page.wait_for_load_state("networkidle", timeout=TIMEOUT_MS)
                output.parent.mkdir(parents=True, exist_ok=True)
                page.screenshot(path=str(output), full_page=False)
            finally:
                context.close()
    return output


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="PNG file to write")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"Chromium is missing at {CHROMIUM}: apt-get install -y chromium", file=sys.stderr)
        return 1
    print(take(args.output.resolve()))
    return 0


if __name__ == "__main__":
    sys.exit(main())

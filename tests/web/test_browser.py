"""Real server (uvicorn on 127.0.0.1), real headless Chromium (Debian's /usr/bin/chromium, driven
by Playwright): the calendar, a race result and the standings at phone and desktop widths.

Screenshots are kept in tests/web/screenshots/ to be looked at. The checks are what a reader
would notice: nothing wider than the screen, the headline facts on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright
import pytest
from tests.web.conftest import NOW, SEASON, build_season, serve_in_thread

from conftest import chromium
from pitboard.cli.serve import load_demo
from pitboard.store import open_store
from pitboard.web import create_app

SHOTS = Path(__file__).parent / "screenshots"
WIDTHS = {"phone": 390, "desktop": 1280}
PAGES = {
    "calendar": (f"/seasons/{SEASON}", "Next session"),
    "results": ("/sessions/gt4-europe-2023-misano-race2", "Overall"),
    "standings": ("/seasons/gt4-europe-2023/standings", "Silver · drivers"),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chromium()
    store = open_store(str(tmp_path_factory.mktemp("browser") / "web.db"))
    load_demo(store)
    build_season(store)
    app = create_app(store=store, secret="browser-secret", clock=lambda: NOW)
    with serve_in_thread(app) as base:
        yield base
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(chromium()), args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_page_fits_the_screen(server: str, browser: object, name: str, width: str) -> None:
    path, headline = PAGES[name]
    page = browser.new_page(viewport={"width": WIDTHS[width], "height": 900})  # type: ignore[attr-defined]
    page.goto(server + path)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow} px wider than a {WIDTHS[width]} px screen"
    assert page.get_by_text(headline, exact=True).first.is_visible()
    page.close()


def test_calendar_shows_zone_and_countdown(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 390, "height": 900})  # type: ignore[attr-defined]
    page.goto(server + f"/seasons/{SEASON}")
    assert "CEST" in page.inner_text("main")
    assert page.locator(".countdown strong").inner_text() != ""
    page.close()


def test_results_are_three_clicks_from_home(server: str, browser: object) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
    page.goto(server + "/")
    page.get_by_role("link", name="GT4 European Series 2023").click()
    page.locator(".latest a[href='/sessions/gt4-europe-2023-misano-race2']").click()
    assert page.locator("h1").inner_text().startswith("Race 2")
    page.get_by_role("link", name="Misano").first.click()  # the crumb: the weekend
    page.locator(".schedule, .session-card").first.wait_for()
    assert page.locator("a[href='/events/gt4-europe-2023-misano/reports/17/sv']").count() == 1
    page.get_by_role("link", name="Race 2").first.click()
    page.get_by_role("link", name="Standings").first.click()
    assert page.locator("h1").inner_text().startswith("Standings")
    page.close()

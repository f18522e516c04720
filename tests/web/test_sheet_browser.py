"""The results sheet of a real WEC race (Fuji 6 Hours 2024) in headless Chromium, on a real
server: at desktop width the sector columns show and the class bests are bold purple; at phone
width those columns give way and the page stays within the screen. Screenshots go to
tests/web/screenshots/ to be looked at."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import playwright.sync_api as playwright
import pytest
from tests.web.conftest import serve_in_thread

from conftest import chromium
from pitboard.importers import import_alkamel
from pitboard.store import open_store
from pitboard.web import create_app

SHOTS = Path(__file__).parent / "screenshots"
PATH = "/sessions/fuji-2024/sheet"


@pytest.fixture(scope="module")
def server(real_data: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    chromium()
    store = open_store(str(tmp_path_factory.mktemp("sheet") / "web.db"))
    import_alkamel(store, "fuji-2024", real_data / "wec/2024/fuji_6h.csv")
    with serve_in_thread(create_app(store=store, secret="sheet-secret")) as base:
        yield base
    store.close()


@pytest.fixture(scope="module")
def browser() -> Iterator[playwright.Browser]:
    with playwright.sync_playwright() as driver:
        launched = driver.chromium.launch(executable_path=str(chromium()), args=["--no-sandbox"])
        yield launched
        launched.close()


def _open(browser: playwright.Browser, server: str, width: int) -> playwright.Page:
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server + PATH)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"sheet-sectors-{width}.png"))
    return page


def test_desktop_shows_sectors_with_the_class_bests_in_bold_purple(
    server: str, browser: playwright.Browser
) -> None:
    page = _open(browser, server, 1280)
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280
    assert page.locator("th.sec").first.is_visible()
    best = page.locator("td.sec.class-best")
    assert best.count() == 6
    style = best.first.evaluate(
        "cell => { const s = getComputedStyle(cell); return [s.fontWeight, s.color]; }"
    )
    assert style == ["700", "rgb(109, 40, 217)"]
    plain = page.locator("td.sec:not(.class-best)").first.evaluate(
        "cell => getComputedStyle(cell).fontWeight"
    )
    assert plain == "400"


def test_phone_hides_the_sector_columns_and_fits_the_screen(
    server: str, browser: playwright.Browser
) -> None:
    page = _open(browser, server, 390)
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert not page.locator("th.sec").first.is_visible()
    assert not page.locator("td.speed").first.is_visible()
    assert page.locator("td.no").first.is_visible()

"""The result page's new links and columns, the entry list, the starting grid and the
compliance page with race control's one-step decision, in real Chromium at phone and desktop
widths (screenshots in tests/web/screenshots)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from tests.web.conftest import NOW, PASSWORDS, _users, build_season, serve_in_thread
from tests.web.test_browser import SHOTS, WIDTHS
from tests.web.test_browser import browser as browser  # the fixture
from tests.web.test_compliance_decision import KEY, _short_stop

from conftest import chromium
from pitboard.cli.serve import load_demo
from pitboard.model.grid import GridPenalty
from pitboard.store import open_store
from pitboard.web import create_app

RACE2 = "gt4-europe-2023-misano-race2"
PAGES = {
    "result-links": (f"/sessions/{KEY}", "Compliance"),
    "entries": (f"/sessions/{RACE2}/entries", "Entry list"),
    "grid": (f"/sessions/{RACE2}/grid", "pit-lane start"),
    "compliance-decide": (f"/sessions/{KEY}/compliance?ruleset=gt4-europe", "Decide: 15 s"),
    "compliance-season": ("/sessions/gt4-europe-2023-misano-race2/compliance", "gt4-europe rules"),
}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    chromium()
    store = open_store(str(tmp_path_factory.mktemp("depth") / "web.db"))
    _users(store)  # first: the demo keeps users that exist
    load_demo(store)
    build_season(store)
    car = _short_stop(store)
    grid = store.load_grid(RACE2)
    store.save_grid_penalties(
        RACE2,
        [GridPenalty(grid[0].number, places=2, reason="impeding"),
         GridPenalty(grid[1].number, pit_lane=True, reason="parc fermé")],
        by="Stewards",
    )  # fmt: skip
    app = create_app(store=store, secret="browser-secret", clock=lambda: NOW)
    with serve_in_thread(app) as base:
        yield base, car
    store.close()


def _log_in(page: object, base: str) -> None:
    page.goto(f"{base}/login")  # type: ignore[attr-defined]
    page.fill("input[name=name]", "control")  # type: ignore[attr-defined]
    page.fill("input[name=password]", PASSWORDS["control"])  # type: ignore[attr-defined]
    page.get_by_role("button", name="Log in").click()  # type: ignore[attr-defined]
    page.wait_for_url(f"{base}/control")  # type: ignore[attr-defined]


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_new_pages_fit_the_screen(
    server: tuple[str, str], browser: object, name: str, width: str
) -> None:
    base, _ = server
    path, text = PAGES[name]
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    if name == "compliance-decide":
        _log_in(page, base)
    page.goto(base + path)
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"{name} is {overflow} px wider than a {WIDTHS[width]} px screen"
    assert page.get_by_text(text).first.is_visible()
    context.close()


def test_the_decide_button_adds_the_decision(server: tuple[str, str], browser: object) -> None:
    base, car = server
    context = browser.new_context(viewport={"width": 390, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    _log_in(page, base)
    page.goto(f"{base}/sessions/{KEY}/compliance?ruleset=gt4-europe")
    page.get_by_role("button", name="Decide: 15 s time penalty").click()
    assert page.get_by_text("decision #").first.is_visible()
    page.screenshot(path=str(SHOTS / "compliance-decided-phone.png"), full_page=True)
    page.goto(f"{base}/control/sessions/{KEY}")
    listed = page.get_by_text(f"car {car} time — min pit time")
    assert listed.first.is_visible() and "pending" in listed.first.inner_text()
    context.close()

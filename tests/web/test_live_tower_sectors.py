"""The live tower's sector columns in real headless Chromium at 1280 and 390 px.

The session is timed live here: 70 % of a simulated race's decoder inputs (two sector loops) go
through the ingest into the journal; the server replays the journal on start, as after a restart,
and the page gets the tower over its WebSocket. Each car's S1-S3 cells must carry the colour of
the mark worked out in the test from the simulator's laps (`expected_rows`: plain min(), not
`rules.sectors`). At 390 px the sectors give way; the best lap stays.
Screenshots: tests/web/screenshots/live-tower-sectors-{desktop,phone}.png. The real WEC Fuji 6 h
tower (imported, with its speed trap) shows each car's top speed and keeps the best lap whole
at 390 px: live-tower-fuji-{desktop,phone}.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from tests.live.test_live_sectors import expected_rows
from tests.web.conftest import serve_in_thread
from tests.web.test_browser import SHOTS, WIDTHS
from tests.web.test_browser import browser as browser  # the fixture

from conftest import chromium
from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.live.ingest import Ingest
from pitboard.model import Lap, Session, SessionKind
from pitboard.sim import RaceSettings, simulate_race
from pitboard.store import open_store
from pitboard.web import create_app

RACE = simulate_race(RaceSettings(seed=17, cars=12, minutes=40, noise=False))
KEY = "sim-sectors"
COLOUR = {"session_best": "sb", "class_best": "cb", "personal_best": "pb", "none": ""}


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, list[Lap]]]:
    chromium()
    store = open_store(str(tmp_path_factory.mktemp("sectors") / "live.db"))
    entries = {entry.number: entry for entry in RACE.entries}
    store.save_session(KEY, Session(SessionKind.RACE, entries, name="Simulated race"))
    ingest = Ingest.open(store, KEY)
    ingest.submit(RACE.inputs[: len(RACE.inputs) * 7 // 10])  # 27 of the 40 minutes
    timed = list(ingest.live.builder.laps)
    ingest.close()
    app = create_app(store=store, secret="sectors-secret")
    with serve_in_thread(app) as base:
        yield base, timed
    if getattr(app.state, "live", None) is not None:
        app.state.live.close()
    store.close()


CELLS = """() => Array.from(document.querySelectorAll('#rows tr')).map(tr => ({
  number: tr.querySelector('td.carno').textContent,
  now: [1, 2, 3].map(i => tr.querySelector(`td[data-field=s${i}] .now`).className),
  best: [1, 2, 3].map(i => (tr.querySelector(`td[data-field=s${i}] .best`) || {}).className),
  times: [1, 2, 3].map(i => tr.querySelector(`td[data-field=s${i}] .now`).textContent),
}))"""


def colours(markers: list[str]) -> list[str]:
    """The colour class of each of the three sector cells ("": none, or no time)."""
    return [COLOUR[marker] for marker in markers] + [""] * (3 - len(markers))


def classes_of(names: list[str | None]) -> list[str]:
    """The colour class of each span ("" when none), from its `class` attribute."""
    return [
        next((c for c in (name or "").split() if c in ("sb", "cb", "pb")), "") for name in names
    ]


@pytest.mark.parametrize("width", WIDTHS)
def test_sector_colours_on_the_tower(
    server: tuple[str, list[Lap]], browser: Any, width: str
) -> None:
    base, timed = server
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    page.goto(f"{base}/sessions/{KEY}/live")
    page.wait_for_selector("#rows td.carno")  # the snapshot arrived
    truth = {(lap.car, lap.number): lap for lap in RACE.laps}
    laps = [truth[(lap.car, lap.number)] for lap in timed]  # the simulator's, not the builder's
    assert laps == timed  # the live laps are what happened, sectors and all
    expected = expected_rows(laps, {e.number: e.car_class for e in RACE.entries})
    shown = {row["number"]: row for row in page.evaluate(CELLS)}
    assert set(shown) == set(expected)
    for car, row in shown.items():
        assert classes_of(row["now"]) == colours(expected[car]["sector_markers"]), car
        assert classes_of(row["best"]) == colours(expected[car]["best_sector_markers"]), car
    for index in range(3):  # the purple best sector is the car's that holds the session best
        fastest = min(
            (lap for lap in laps if lap.valid and lap.sectors[index] is not None),
            key=lambda lap, i=index: lap.sectors[i] or 0,
        )
        holder = page.locator(f"#rows tr:has(td.carno:text-is('{fastest.car}'))")
        assert holder.locator(f"td[data-field=s{index + 1}] .best.sb").count() == 1
    assert page.locator("td.sec .best.sb").count() == 3
    assert page.locator("td.sec .best.cb").count() >= 2  # the other classes' bests
    assert page.locator("td.sec .now.pb").count() >= 1  # green on some last lap
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"live-tower-sectors-{width}.png"), full_page=True)
    first = page.locator("#rows tr").first
    best = first.locator("td[data-field=best]")
    assert best.is_visible()  # the best lap stays on a phone, and whole
    right = page.evaluate("document.querySelector('.scroll').getBoundingClientRect().right")
    assert best.bounding_box()["x"] + best.bounding_box()["width"] <= right + 0.5
    assert first.locator("td[data-field=s1]").is_visible() is (width == "desktop")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the tower is {overflow} px wider than a {WIDTHS[width]} px screen"
    context.close()


def test_the_sector_times_are_those_of_each_car_s_last_lap(
    server: tuple[str, list[Lap]], browser: Any
) -> None:
    base, timed = server
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    page.goto(f"{base}/sessions/{KEY}/live")
    page.wait_for_selector("#rows td.carno")
    last: dict[str, Lap] = {}
    for lap in timed:
        last[lap.car] = lap
    for row in page.evaluate(CELLS):
        lap = last.get(row["number"])
        want = [_text(t) for t in lap.sectors] if lap else ["", "", ""]
        assert row["times"] == want, row["number"]
    page.close()


def _text(ms: int | None) -> str:
    """31.618 / 1:02.500, as a timing screen prints a sector."""
    if ms is None:
        return ""
    minutes, rest = divmod(ms, 60_000)
    seconds = f"{rest / 1000:06.3f}" if minutes else f"{rest / 1000:.3f}"
    return f"{minutes}:{seconds}" if minutes else seconds


@pytest.fixture(scope="module")
def fuji(
    real_data: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[tuple[str, Session]]:
    """The real WEC Fuji 6 h 2024 analysis (with a speed trap) imported: its final tower."""
    chromium()
    session = read_analysis(real_data / "wec/2024/fuji_6h.csv", SessionKind.RACE)
    store = open_store(str(tmp_path_factory.mktemp("fuji") / "web.db"))
    store.save_session("fuji", session)
    with serve_in_thread(create_app(store=store, secret="fuji-secret")) as base:
        yield base, session
    store.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_a_real_wec_tower_with_speeds_fits(
    fuji: tuple[str, Session], browser: Any, width: str
) -> None:
    base, session = fuji
    context = browser.new_context(viewport={"width": WIDTHS[width], "height": 900})
    page = context.new_page()
    page.goto(f"{base}/sessions/fuji/live")
    page.wait_for_selector("#rows td.carno")
    page.screenshot(path=str(SHOTS / f"live-tower-fuji-{width}.png"))
    rows = page.locator("#rows tr")
    for index in range(rows.count()):
        best = rows.nth(index).locator("td[data-field=best]")
        box = best.bounding_box()
        right = page.evaluate("document.querySelector('.scroll').getBoundingClientRect().right")
        assert box is not None and box["x"] + box["width"] <= right + 0.5, index
    speeds = page.evaluate(
        "() => Object.fromEntries(Array.from(document.querySelectorAll('#rows tr')).map(tr =>"
        " [tr.querySelector('td.carno').textContent,"
        " tr.querySelector('td[data-field=speed]').textContent]))"
    )
    for car, text in speeds.items():
        readings = [lap.top_speed for lap in session.laps if lap.car == car and lap.top_speed]
        assert text == (str(max(readings)) if readings else ""), car
    speed_cell = rows.first.locator("td[data-field=speed]")
    assert speed_cell.is_visible() is (width == "desktop")
    context.close()

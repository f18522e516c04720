"""The lap analysis page of a car (`/sessions/{key}/laps/{car}`), HTML and JSON, in-process;
and in real Chromium at phone and desktop widths, with the sector colours looked at."""

from __future__ import annotations

import csv
import dataclasses
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient
from tests.web.conftest import LATER, NOW, RACE, build_season, serve_in_thread
from tests.web.test_browser import SHOTS, WIDTHS
from tests.web.test_browser import browser as browser  # the fixture

from conftest import chromium, real_data_dir, unavailable
from pitboard.demo import demo_session
from pitboard.formats.alkamel.analysis import read_analysis
from pitboard.model import SessionKind
from pitboard.rules.lap_analysis import fastest_lap
from pitboard.store import open_store
from pitboard.web import create_app

FASTEST = fastest_lap(demo_session())
assert FASTEST is not None
CAR = FASTEST.car  # the car that set the race's fastest lap: it has purple on its page


def test_json_has_every_lap_with_sectors_marks_and_pit(reader: TestClient) -> None:
    data = reader.get(f"/sessions/{RACE}/laps/{CAR}.json").json()
    laps = data["laps"]
    expected = [lap for lap in demo_session().laps if lap.car == CAR]
    assert [lap["number"] for lap in laps] == [lap.number for lap in expected]
    assert [lap["driver"] for lap in laps] == [lap.driver for lap in expected]
    assert all(len(lap["sectors"]) == 3 for lap in laps)
    assert all(sum(s["ms"] for s in lap["sectors"]) == lap["time_ms"] for lap in laps)
    [best] = [lap for lap in laps if lap["best"]]
    assert best["number"] == FASTEST.lap and best["mark"] == "purple"
    assert data["fastest_lap"]["car"] == CAR and data["fastest_lap"]["driver"] == FASTEST.driver
    assert [lap["pit_in"] for lap in laps].count(True) == 1  # the mandatory stop
    out = next(lap for lap in laps if lap["pit_out"])
    assert (
        out["pit_time_ms"] and out["number"] == next(x for x in laps if x["pit_in"])["number"] + 1
    )
    assert sum(d["time_ms"] for d in data["drive_times"]) == sum(lap["time_ms"] for lap in laps)
    assert data["ideal_lap_ms"] == sum(data["best_sectors_ms"]) <= best["time_ms"]
    under_fcy = [lap.number for lap in expected if lap.flag is not None and lap.flag.value == "fcy"]
    assert data["caution_laps"] == under_fcy and under_fcy  # the demo race has an FCY


def test_class_comparison_makes_the_class_best_lap_purple(reader: TestClient) -> None:
    session = demo_session()
    other = next(c for c in session.classes if c != FASTEST.car_class)
    class_best = fastest_lap(session, other)
    assert class_best is not None

    def mark(best: str) -> str:
        url = f"/sessions/{RACE}/laps/{class_best.car}.json?best={best}"
        laps = reader.get(url).json()["laps"]
        return str(next(lap["mark"] for lap in laps if lap["number"] == class_best.lap))

    assert (mark("class"), mark("overall")) == ("purple", "green")


def test_html_colours_the_sectors(reader: TestClient) -> None:
    page = reader.get(f"/sessions/{RACE}/laps/{CAR}")
    assert page.status_code == 200
    assert 'class="num mark-purple"' in page.text and "mark-green" in page.text
    assert f"/sessions/{RACE}/laps/{CAR}.json" in page.text


def test_an_unknown_car_or_session_is_404(reader: TestClient) -> None:
    missing = reader.get(f"/sessions/{RACE}/laps/999.json")
    assert missing.status_code == 404 and "999" in missing.json()["error"]["message"]
    assert reader.get("/sessions/no-such-session/laps/7.json").status_code == 404
    assert reader.get(f"/sessions/{RACE}/laps/{CAR}.json?best=team").status_code == 422


LIME_ROCK = "imsa/2023/14-lime-rock-park/202307221210-race-laps.csv"
REAL = "imsa-2023-lime-rock-race"
WINNER = "23"  # Lime Rock 2023: purple and green sectors, two stops, FCY laps


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The demo season and a real IMSA race, served by uvicorn on 127.0.0.1."""
    chromium()
    real = real_data_dir() / LIME_ROCK
    if not real.is_file():
        unavailable(f"real timing data not found at {real}")
    store = open_store(str(tmp_path_factory.mktemp("analysis") / "web.db"))
    build_season(store)
    store.save_session(REAL, read_analysis(real, SessionKind.RACE))
    app = create_app(store=store, secret="browser-secret", clock=lambda: NOW)
    with serve_in_thread(app) as base:
        yield base
    store.close()


@pytest.mark.parametrize("width", WIDTHS)
def test_lap_analysis_in_chromium(server: str, browser: object, width: str) -> None:
    page = browser.new_page(viewport={"width": WIDTHS[width], "height": 900})  # type: ignore[attr-defined]
    page.goto(f"{server}/sessions/{REAL}/laps/{WINNER}")
    SHOTS.mkdir(exist_ok=True)
    page.screenshot(path=str(SHOTS / f"lap-analysis-{width}.png"), full_page=True)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page is {overflow} px wider than a {WIDTHS[width]} px screen"
    table = page.locator("table.analysis")
    table_overflow = table.evaluate("t => t.scrollWidth - t.parentElement.clientWidth")
    assert table_overflow <= 0, f"the lap table needs {table_overflow} px more than the screen"
    purple = page.locator("table.analysis td.mark-purple").first
    assert purple.is_visible()
    assert purple.evaluate(BACKGROUND) == "rgb(130, 80, 223)"  # #8250df
    green = page.locator("table.analysis td.mark-green").first
    assert green.is_visible()
    assert green.evaluate(BACKGROUND) == "rgb(26, 127, 55)"  # #1a7f37
    assert page.locator("td.info", has_text="FCY").first.is_visible()
    assert page.get_by_text("FCY laps 42–49, FCY laps 103–112").is_visible()
    assert page.get_by_text("Ideal lap", exact=True).is_visible()


BACKGROUND = "cell => getComputedStyle(cell).backgroundColor"


def test_compliance_of_the_demo_race_under_the_gt4_rules(reader: TestClient) -> None:
    data = reader.get(f"/sessions/{RACE}/compliance.json?ruleset=gt4-europe").json()
    assert data["breaches"] == []
    assert (
        "mandatory stops: 1 with a driver change, in-lap ending 25:00.000–35:00.000"
        in data["rules"]
    )
    page = reader.get(f"/sessions/{RACE}/compliance?ruleset=gt4-europe")
    assert page.status_code == 200 and "No breach" in page.text
    assert reader.get(f"/sessions/{RACE}/compliance.json?ruleset=nope").status_code == 404


def test_compliance_lists_a_short_stop_with_its_laps(client: TestClient) -> None:
    store = client.app.state.store  # type: ignore[attr-defined]
    session = demo_session()
    car = next(lap.car for lap in session.laps if lap.pit_time)
    session.laps = [
        dataclasses.replace(lap, pit_time=50_000) if lap.car == car and lap.pit_time else lap
        for lap in session.laps
    ]
    store.save_session("short-stop", session)
    data = client.get("/sessions/short-stop/compliance.json?ruleset=gt4-europe").json()
    [breach] = data["breaches"]
    assert (breach["car"], breach["check"], breach["measured"]) == (car, "min_pit_time", 50_000)
    page = client.get("/sessions/short-stop/compliance?ruleset=gt4-europe").text
    assert (
        f'href="/sessions/short-stop/laps/{car}"' in page and "under the minimum 1:05.000" in page
    )


def test_the_result_page_links_every_car_to_its_lap_analysis(reader: TestClient) -> None:
    page = reader.get(f"/sessions/{RACE}").text
    for number in demo_session().entries:
        assert f'href="/sessions/{RACE}/laps/{number}"' in page
    assert f'href="/sessions/{RACE}/compliance"' in page
    assert reader.get(f"/sessions/{RACE}/laps/{CAR}").status_code == 200


def test_a_session_without_laps_links_no_analysis(reader: TestClient) -> None:
    page = reader.get(f"/sessions/{LATER}").text
    assert "/laps/" not in page and "/compliance" not in page


def test_the_result_json_and_page_carry_laps_led_and_average_speed(reader: TestClient) -> None:
    rows = reader.get(f"/sessions/{RACE}.json").json()["results"]
    session = demo_session()
    led_lap_one = min(
        (lap for lap in session.laps if lap.number == 1), key=lambda lap: lap.elapsed or 0
    )
    assert next(r for r in rows if r["number"] == led_lap_one.car)["laps_led"] >= 1
    assert sum(r["laps_led"] for r in rows) == rows[0]["laps"]
    winner = rows[0]
    kph = 4200 * winner["laps"] / (winner["total_time_ms"] / 3_600_000) / 1000  # Vale: 4200 m
    assert abs(float(winner["average_speed_kph"]) - kph) < 0.001
    assert {r["grid_position"] for r in rows} == {None}  # no qualifying sets this grid
    page = reader.get(f"/sessions/{RACE}").text
    assert f'<td class="num wide speed">{winner["average_speed_kph"]}</td>' in page


def _lime_rock_marks() -> dict[str, dict[tuple[int, str], str]]:
    """Car -> {(lap, column): mark} worked out from the file with the csv module: a sector (or
    lap time) is purple where it equals the field's best of that column, green where it equals
    the car's own best. Only the cars that hold a field best are kept (every lap counts in
    this race: no lap time was deleted)."""
    with open(real_data_dir() / LIME_ROCK, encoding="utf-8-sig", newline="") as handle:
        rows = [{k.strip(): v for k, v in row.items()} for row in csv.DictReader(handle)]
    columns = ("LAP_TIME", "S1", "S2", "S3")

    def ms(text: str) -> int | None:
        if not text.strip():
            return None
        total = 0.0
        for part in text.split(":"):
            total = total * 60 + float(part)
        return round(total * 1000)

    def best(of: list[dict[str, str]], column: str) -> int:
        return min(t for r in of if (t := ms(r[column])) is not None)

    field = {column: best(rows, column) for column in columns}
    holders = {r["NUMBER"] for r in rows for c in columns if ms(r[c]) == field[c]}
    marks: dict[str, dict[tuple[int, str], str]] = {}
    for car in sorted(holders | {WINNER}):
        mine = [r for r in rows if r["NUMBER"] == car]
        own = {column: best(mine, column) for column in columns}
        marks[car] = {}
        for r in mine:
            for column in columns:
                time = ms(r[column])
                if time == field[column]:
                    marks[car][(int(r["LAP_NUMBER"]), column)] = "purple"
                elif time == own[column]:
                    marks[car][(int(r["LAP_NUMBER"]), column)] = "green"
    return marks


# Every marked cell of the table: [lap, column, mark, shown, background] (the time is the 3rd
# cell, S1.. follow).
MARKED_CELLS = """table => [...table.querySelectorAll("tbody tr")].flatMap(row => {
  const cells = [...row.querySelectorAll("td")];
  const names = {2: "LAP_TIME", 3: "S1", 4: "S2", 5: "S3"};
  return cells.map((cell, i) => [cell, i]).filter(([cell, i]) => names[i] &&
      (cell.classList.contains("mark-purple") || cell.classList.contains("mark-green")))
    .map(([cell, i]) => [Number(cells[0].textContent), names[i],
      cell.classList.contains("mark-purple") ? "purple" : "green",
      cell.getBoundingClientRect().width > 0, getComputedStyle(cell).backgroundColor]);
})"""


@pytest.mark.parametrize("width", WIDTHS)
def test_sector_colours_of_the_field_best_holders_in_chromium(
    server: str, browser: object, width: str
) -> None:
    """Lime Rock 2023: every car that holds a field best (lap or sector) and the winner; each
    page's purple and green cells are exactly the ones worked out from the file, and show."""
    expected = _lime_rock_marks()
    assert len(expected) >= 2 and any(
        mark == "purple" for marks in expected.values() for mark in marks.values()
    )
    page = browser.new_page(viewport={"width": WIDTHS[width], "height": 900})  # type: ignore[attr-defined]
    SHOTS.mkdir(exist_ok=True)
    for car, marks in expected.items():
        page.goto(f"{server}/sessions/{REAL}/laps/{car}")
        found = page.locator("table.analysis").evaluate(MARKED_CELLS)
        assert {(lap, column): mark for lap, column, mark, *_ in found} == marks, car
        for lap, column, mark, shown, background in found:
            assert shown and background == COLOURS[mark], (car, lap, column)
        page.screenshot(path=str(SHOTS / f"lap-analysis-{car}-{width}.png"), full_page=True)
    page.close()


COLOURS = {"purple": "rgb(130, 80, 223)", "green": "rgb(26, 127, 55)"}  # #8250df, #1a7f37


@pytest.mark.parametrize("width", WIDTHS)
def test_caution_bands_on_the_real_race_charts_in_chromium(
    server: str, browser: object, width: str
) -> None:
    """Lime Rock 2023's two FCYs (laps 42-49 and 103-112, tests/rules/test_track_status.py):
    shaded on the strip, the lap, gap and stint charts, with the legend, on a phone and a desk."""
    page = browser.new_page(viewport={"width": WIDTHS[width], "height": 900})  # type: ignore[attr-defined]
    page.goto(f"{server}/sessions/{REAL}")
    charts = page.locator("#charts")
    SHOTS.mkdir(exist_ok=True)
    charts.screenshot(path=str(SHOTS / f"caution-bands-{width}.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    assert page.get_by_text("Track status", exact=True).is_visible()
    assert page.locator("p.cautions", has_text="Full-course yellow").is_visible()
    for name in ("Track status", "Lap chart", "Gap to the leader", "Stint timeline"):
        figure = page.locator("figure", has=page.get_by_text(name, exact=True))
        bands = figure.locator("rect.caution.fcy")
        assert [bands.nth(i).get_attribute("data-laps") for i in range(bands.count())] == [
            "42-49",
            "103-112",
        ], name
        box = bands.first.bounding_box()
        assert box is not None and box["width"] > 1 and box["height"] > 1, name
    page.close()

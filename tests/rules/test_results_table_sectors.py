"""Best sectors, ideal lap and top speed in the presentation model (`rules.results_table`), the
sheet and the JSON built on it, on a hand-made qualifying session whose bests are known by
construction. (The CSV, on a real session: tests/reports/test_results_sheet_timing.py.)"""

from __future__ import annotations

from decimal import Decimal

import pytest

from pitboard.formats.results_json import row_to_dict
from pitboard.model import ClassificationRules, Driver, Entry, Lap, Session, SessionKind
from pitboard.reports.results_sheet import SheetHeader, results_sheet, results_sheet_html
from pitboard.rules import classify
from pitboard.rules.results_table import ResultTable, results_table
from pitboard.rules.sectors import Mark

ENTRIES = {
    e.number: e
    for e in (
        Entry("7", "Silver", "North", "", (Driver("Ada One"),)),
        Entry("8", "Silver", "South", "", (Driver("Bo Two"),)),
        Entry("21", "Am", "East", "", (Driver("Cy Three"),)),
    )
}
HEADER = SheetHeader(series="Test", event="Round 1", session="Qualifying", date="")


def _lap(
    car: str, number: int, sectors: tuple[int, int, int], top: str | None = None, valid: bool = True
) -> Lap:
    speed = None if top is None else Decimal(top)
    return Lap(car, number, sum(sectors), sectors=sectors, top_speed=speed, valid=valid)


def _qualifying() -> Session:
    """#7: best S1 29.500 (lap 2) and S3 31.900 (lap 2), S2 31.000 (lap 1); a deleted lap 3
    faster everywhere that must not count. #8: S2 30.900, the Silver best. #21 alone in Am."""
    laps = [
        _lap("7", 1, (30_000, 31_000, 32_000), top="250.1"),
        _lap("7", 2, (29_500, 31_500, 31_900), top="251.3"),
        _lap("7", 3, (29_000, 30_000, 31_000), top="249.0", valid=False),
        _lap("8", 1, (30_100, 30_900, 32_100)),
        _lap("21", 1, (31_000, 32_000, 33_000), top="240.0"),
    ]
    return Session(SessionKind.QUALIFYING, dict(ENTRIES), laps, name="Q")


def _table(session: Session) -> ResultTable:
    rules = ClassificationRules()
    return results_table(classify(session, rules), rules, laps=session.laps)


@pytest.fixture(scope="module")
def table() -> ResultTable:
    return _table(_qualifying())


def test_each_car_has_its_best_sectors_ideal_lap_and_top_speed(table: ResultTable) -> None:
    rows = {row.number: row for row in table.rows}
    assert table.sector_count == 3 and table.top_speeds
    assert rows["7"].best_sectors == (29_500, 31_000, 31_900)
    assert rows["7"].ideal_lap == 92_400
    assert rows["7"].top_speed == Decimal("251.3")  # a deleted lap's 249.0 is still a reading
    assert rows["8"].best_sectors == (30_100, 30_900, 32_100)
    assert rows["8"].ideal_lap == 93_100 and rows["8"].top_speed is None
    assert rows["21"].ideal_lap == 96_000 and rows["21"].top_speed == Decimal("240.0")


def test_the_class_best_sectors_are_marked(table: ResultTable) -> None:
    rows = {row.number: row for row in table.rows}
    best, none = Mark.BEST, Mark.NONE
    assert rows["7"].sector_marks == (best, none, best)
    assert rows["8"].sector_marks == (none, best, none)
    assert rows["21"].sector_marks == (best, best, best)  # alone in Am, slower than Silver


def test_sheet_json_and_csv_show_the_same_sectors(table: ResultTable) -> None:
    sheet = results_sheet(HEADER, table)
    silver = dict(sheet.classes)["Silver"]
    assert silver[0].number == "7"
    assert silver[0].sectors == (("29.500", True), ("31.000", False), ("31.900", True))
    assert (silver[0].ideal_lap, silver[0].top_speed) == ("1:32.400", "251.3")
    html = results_sheet_html(sheet)
    assert '<td class="num sec class-best">29.500</td>' in html
    assert '<td class="num sec">31.000</td>' in html
    assert ">Ideal</th>" in html and ">km/h</th>" in html
    data = row_to_dict(table.rows[0])
    assert data["best_sectors_ms"] == [29_500, 31_000, 31_900]
    assert data["sector_class_best"] == [True, False, True]
    assert (data["ideal_lap_ms"], data["top_speed_kph"]) == (92_400, "251.3")


def test_a_session_without_sectors_has_no_sector_columns() -> None:
    session = _qualifying()
    session.laps = [Lap(lap.car, lap.number, lap.time) for lap in session.laps]
    table = _table(session)
    assert table.sector_count == 0 and not table.top_speeds
    assert all(row.best_sectors == () and row.ideal_lap is None for row in table.rows)
    html = results_sheet_html(results_sheet(HEADER, table))
    assert ">S1</th>" not in html and ">Ideal</th>" not in html and ">km/h</th>" not in html
    assert row_to_dict(table.rows[0])["best_sectors_ms"] == []

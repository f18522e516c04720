"""The bundled synthetic race: a realistic GT4 race by construction, checked by its properties."""

from __future__ import annotations

import io
from itertools import pairwise

import pytest
from rich.console import Console

from pitboard.cli.tables import print_classification
from pitboard.demo import FCY, PIT_WINDOW, RACE_MS, demo_session
from pitboard.model import (
    Classification,
    ClassificationStatus,
    Flag,
    Session,
    format_duration,
    format_lap_time,
)
from pitboard.rules import classify
from pitboard.rules.results_table import results_table
from pitboard.rules.rulesets import load_ruleset

Status = ClassificationStatus


@pytest.fixture(scope="module")
def session() -> Session:
    return demo_session()


@pytest.fixture(scope="module")
def result(session: Session) -> Classification:
    return classify(session, load_ruleset("gt4-europe"))


def test_the_demo_is_the_same_race_every_time(session: Session) -> None:
    assert demo_session() == session


def test_field_of_gt4_cars_in_three_classes_two_drivers_each(session: Session) -> None:
    assert 24 <= len(session.entries) <= 30
    assert set(session.classes) == {"Silver", "Pro-Am", "Am"}
    drivers = [d.name for e in session.entries.values() for d in e.drivers]
    assert all(len(e.drivers) == 2 for e in session.entries.values())
    assert len(set(drivers)) == len(drivers)


def test_positions_are_a_permutation(result: Classification) -> None:
    assert sorted(r.position for r in result.rows) == list(range(1, len(result.rows) + 1))
    for car_class in result.classes:
        rows = result.by_class(car_class)
        assert [r.class_position for r in rows] == list(range(1, len(rows) + 1))


def test_green_laps_are_gt4_laps_on_a_4_km_circuit(session: Session) -> None:
    by_car = session.laps_by_car()
    for laps in by_car.values():
        for previous, lap in pairwise(laps):
            assert lap.time is not None and lap.elapsed is not None
            under_fcy = lap.elapsed - lap.time < FCY[1] and lap.elapsed > FCY[0]
            if not (previous.in_pit or lap.in_pit or under_fcy):
                assert 100_000 <= lap.time <= 110_000, lap


def test_every_finisher_stops_once_in_the_window_and_changes_driver(
    session: Session, result: Classification
) -> None:
    by_car = session.laps_by_car()
    finishers = [r for r in result.rows if r.status is Status.CLASSIFIED]
    assert len(finishers) >= 20
    for row in finishers:
        assert len(row.pit_stops) == 1, row.number
        in_lap = by_car[row.number][row.pit_stops[0].lap - 1]
        assert in_lap.elapsed is not None
        assert PIT_WINDOW[0] <= in_lap.elapsed <= PIT_WINDOW[1]
        assert row.pit_stops[0].time is not None and 60_000 <= row.pit_stops[0].time <= 80_000
        assert [s.driver for s in row.stints] == row.entry.driver_names


def test_retirements_are_dnf_and_one_car_did_not_start(
    session: Session, result: Classification
) -> None:
    statuses = [r.status for r in result.rows]
    assert statuses.count(Status.DNS) == 1
    assert 1 <= statuses.count(Status.DNF) <= 2
    winner_finish = result.rows[0].total_time
    assert winner_finish is not None and winner_finish >= RACE_MS
    for row in result.rows:
        if row.status is Status.DNF:
            assert row.total_time is not None and row.total_time < RACE_MS
        if row.status is Status.DNS:
            assert row.laps == 0 and row.number not in {lap.car for lap in session.laps}
    assert result.rows[-1].status is Status.DNS


def test_a_retirement_before_the_window_made_no_stop(result: Classification) -> None:
    early = [
        r for r in result.rows if r.status is Status.DNF and (r.total_time or 0) < PIT_WINDOW[0]
    ]
    assert early and all(not r.pit_stops for r in early)


def test_full_course_yellow_slows_the_field(session: Session) -> None:
    fcy = [lap for lap in session.laps if lap.flag is Flag.FCY]
    assert len(fcy) >= len(session.entries) - 2
    for lap in fcy:
        assert lap.elapsed is not None and FCY[0] <= lap.elapsed < FCY[1]
    times = [lap.time or 0 for lap in fcy]
    assert sum(times) / len(times) > 120_000 and max(times) > 150_000


@pytest.mark.parametrize("width", [80, 100, 120])
def test_tables_give_every_car_one_line(result: Classification, width: int) -> None:
    out = io.StringIO()
    table = results_table(result, load_ruleset("gt4-europe"))
    print_classification(table, title="Demo", console=Console(file=out, width=width))
    lines = out.getvalue().splitlines()
    assert all(len(line) <= width for line in lines)
    for row in result.rows:
        surname = row.entry.driver_names[0].split()[-1]
        mine = [line for line in lines if surname in line]
        assert len(mine) == 1, (row.number, mine)
        assert f" {row.number} " in mine[0]
        if row.total_time is not None:
            assert format_duration(row.total_time) in mine[0]


@pytest.mark.parametrize("width", [80, 100, 120])
def test_tables_show_the_class_gap_and_interval_at_every_width(
    result: Classification, width: int
) -> None:
    """The second car of a class: its gap and its interval are both to the class leader."""
    out = io.StringIO()
    table = results_table(result, load_ruleset("gt4-europe"))
    print_classification(table, title="Demo", console=Console(file=out, width=width))
    lines = out.getvalue().splitlines()
    assert all("Int" in line for line in lines if "Gap" in line)
    for car_class in result.classes:
        first, second = result.by_class(car_class)[:2]
        assert first.total_time is not None and second.total_time is not None
        gap = "+" + format_lap_time(second.total_time - first.total_time)
        surname = second.entry.driver_names[0].split()[-1]
        (line,) = [line for line in lines if surname in line and f" {second.number} " in line]
        assert line.count(gap) == 2, line  # the gap and the interval

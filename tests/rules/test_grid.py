"""build_grid: qualifying order, cars without a time at the back in entry order, class-by-class
grids, place penalties and pit-lane starts, and who must start. Expected grids worked by hand."""

from __future__ import annotations

import pytest

from pitboard.model import (
    ClassificationStatus,
    ClassifiedCar,
    Driver,
    Entry,
    Lap,
    RulesError,
    Session,
    SessionKind,
    Stint,
)
from pitboard.model.grid import GridPenalty
from pitboard.model.season import GridOrder
from pitboard.rules.classify import classify
from pitboard.rules.grid import build_grid

# Entry order: 1, 2, 3, 4, 5, 6, 7; classes as below.
ENTRIES = [
    Entry("1", "Am"),
    Entry("2", "Silver"),
    Entry("3", "Pro-Am"),
    Entry("4", "Silver"),
    Entry("5", "Am"),
    Entry("6", "Silver"),
    Entry("7", "Pro-Am"),
]
BY_NUMBER = {entry.number: entry for entry in ENTRIES}


def _row(position: int, number: str, best: int | None, **kw: object) -> ClassifiedCar:
    status = kw.pop("status", ClassificationStatus.CLASSIFIED)
    return ClassifiedCar(position, BY_NUMBER[number], status, best_lap=best, **kw)  # type: ignore[arg-type]


# Qualifying: 4 fastest, then 2, 3, 1, 7; car 6 set no time, car 5 did not run.
QUALIFYING = [
    _row(1, "4", 100_000),
    _row(2, "2", 100_100),
    _row(3, "3", 100_500),
    _row(4, "1", 101_000),
    _row(5, "7", 101_200),
    _row(6, "6", None),
]


def _numbers(**kw: object) -> list[str]:
    return [slot.number for slot in build_grid(QUALIFYING, ENTRIES, **kw)]  # type: ignore[arg-type]


def test_an_overall_grid_follows_qualifying_with_timeless_cars_at_the_back_in_entry_order() -> None:
    grid = build_grid(QUALIFYING, ENTRIES)
    assert [s.number for s in grid] == ["4", "2", "3", "1", "7", "5", "6"]
    assert [s.position for s in grid] == [1, 2, 3, 4, 5, 6, 7]
    assert [s.class_position for s in grid] == [1, 2, 1, 1, 2, 2, 3]
    assert grid[0].time == 100_000 and grid[0].qualifying_position == 1
    assert grid[5].time is None and grid[5].qualifying_position is None


def test_a_class_by_class_grid_lines_up_each_class_in_the_season_order() -> None:
    order = ["Silver", "Pro-Am", "Am"]
    assert _numbers(order=GridOrder.BY_CLASS, classes=order) == ["4", "2", "6", "3", "7", "1", "5"]


def test_classes_not_named_follow_in_the_order_they_appear() -> None:
    assert _numbers(order=GridOrder.BY_CLASS, classes=["Am"]) == ["1", "5", "4", "2", "6", "3", "7"]


def test_a_car_disqualified_from_qualifying_starts_with_the_timeless_cars() -> None:
    qualifying = [*QUALIFYING[:1], _row(2, "2", 100_100, status=ClassificationStatus.DSQ)]
    qualifying += QUALIFYING[2:]
    assert _numbers() == ["4", "2", "3", "1", "7", "5", "6"]  # unchanged for reference
    grid = build_grid(qualifying, ENTRIES)
    assert [s.number for s in grid] == ["4", "3", "1", "7", "2", "5", "6"]


def test_a_car_not_entered_in_the_race_leaves_no_gap() -> None:
    race = [e for e in ENTRIES if e.number != "3"]
    assert [s.number for s in build_grid(QUALIFYING, race)] == ["4", "2", "1", "7", "5", "6"]


def test_a_place_penalty_drops_the_car_that_many_places() -> None:
    grid = build_grid(QUALIFYING, ENTRIES, penalties=[GridPenalty("4", places=3)])
    assert [s.number for s in grid] == ["2", "3", "1", "4", "7", "5", "6"]
    assert grid[3].penalty_places == 3


def test_two_penalised_cars_each_drop_from_where_they_qualified() -> None:
    penalties = [GridPenalty("4", places=2), GridPenalty("3", places=2)]
    # 4 from P1 to P3, 3 from P3 to P5.
    assert _numbers(penalties=penalties) == ["2", "1", "4", "7", "3", "5", "6"]


def test_a_place_penalty_stops_at_the_back_of_the_grid() -> None:
    assert _numbers(penalties=[GridPenalty("7", places=10)]) == ["4", "2", "3", "1", "5", "6", "7"]


def test_on_a_class_by_class_grid_places_count_within_the_class() -> None:
    order = ["Silver", "Pro-Am", "Am"]
    numbers = _numbers(
        order=GridOrder.BY_CLASS, classes=order, penalties=[GridPenalty("4", places=1)]
    )
    assert numbers == ["2", "4", "6", "3", "7", "1", "5"]
    numbers = _numbers(
        order=GridOrder.BY_CLASS, classes=order, penalties=[GridPenalty("4", places=5)]
    )
    assert numbers == ["2", "6", "4", "3", "7", "1", "5"]


def test_pit_lane_starters_follow_the_grid() -> None:
    penalties = [GridPenalty("2", pit_lane=True), GridPenalty("4", pit_lane=True)]
    grid = build_grid(QUALIFYING, ENTRIES, penalties=penalties)
    assert [s.number for s in grid] == ["3", "1", "7", "5", "6", "4", "2"]
    assert [s.pit_lane for s in grid] == [False] * 5 + [True, True]


def test_a_penalty_for_a_car_not_in_the_race_is_refused() -> None:
    with pytest.raises(RulesError, match="car '99'"):
        build_grid(QUALIFYING, ENTRIES, penalties=[GridPenalty("99", places=3)])


def test_the_driver_who_set_the_time_must_start() -> None:
    # Q1: car 8's time was set by Alma on lap 3, car 9's by Bo on lap 2 (he drove laps 1-3).
    crew8 = (Driver("Alma Ek", "Silver"), Driver("Cia Lund", "Silver"))
    entries = [Entry("8", "Silver", drivers=crew8), Entry("9", "Silver")]
    laps = [
        Lap("8", 1, 130_000, elapsed=130_000, driver="Alma Ek"),
        Lap("8", 2, 101_000, elapsed=231_000, driver="Alma Ek"),
        Lap("8", 3, 100_000, elapsed=331_000, driver="Alma Ek"),
        Lap("9", 1, 131_000, elapsed=131_000, driver="Bo Sand"),
        Lap("9", 2, 100_900, elapsed=231_900, driver="Bo Sand"),
        Lap("9", 3, 140_000, elapsed=371_900, driver="Bo Sand", in_pit=True),
    ]
    q1 = classify(Session(SessionKind.QUALIFYING, {e.number: e for e in entries}, laps))
    grid = build_grid(q1.rows, entries, qualifier_starts=True)
    assert [(s.number, s.driver) for s in grid] == [("8", "Alma Ek"), ("9", "Bo Sand")]
    assert [s.driver for s in build_grid(q1.rows, entries)] == ["", ""]


def test_the_starting_driver_is_the_one_whose_stint_holds_the_best_lap() -> None:
    row = _row(1, "2", 99_000, best_lap_number=5)
    row.stints = [Stint("First", 1, 3, 300_000), Stint("Second", 4, 6, 300_000)]
    grid = build_grid([row], [BY_NUMBER["2"]], qualifier_starts=True)
    assert grid[0].driver == "Second"

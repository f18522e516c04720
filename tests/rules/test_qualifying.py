"""Qualifying classification with hand-made laps: ties, deleted laps, cars without a time."""

from __future__ import annotations

from pitboard.model import (
    Entry,
    Lap,
    Penalty,
    PenaltyKind,
    Session,
    SessionKind,
)
from pitboard.rules import classify
from pitboard.rules.laps import best_lap, flag_deleted_laps
from pitboard.rules.order import car_number_key


def lap(car: str, number: int, time: int | None, elapsed: int, improvement: int = 0) -> Lap:
    return Lap(car=car, number=number, time=time, elapsed=elapsed, improvement=improvement)


def session(laps: list[Lap], cars: tuple[str, ...], car_class: str = "GTD") -> Session:
    entries = {car: Entry(car, car_class) for car in cars}
    return Session(kind=SessionKind.QUALIFYING, entries=entries, laps=laps)


def test_equal_times_first_set_wins() -> None:
    laps = [
        lap("7", 1, 90_000, 90_000),
        lap("7", 2, 80_000, 170_000),  # 80.000 set at 2:50
        lap("3", 1, 85_000, 85_000),
        lap("3", 2, 80_000, 165_000),  # the same time, set first at 2:45
    ]
    rows = classify(session(laps, ("7", "3"))).rows
    assert [r.number for r in rows] == ["3", "7"]
    assert str(rows[1].gap_first) == str(rows[1].gap_previous) == "+0.000"


def test_equal_times_first_set_wins_whatever_the_entry_order() -> None:
    laps = [lap("3", 1, 80_000, 95_000), lap("7", 1, 80_000, 94_000)]
    assert [r.number for r in classify(session(laps, ("3", "7"))).rows] == ["7", "3"]


def test_a_car_own_equal_laps_keep_the_first() -> None:
    laps = [lap("3", 1, 80_000, 80_000), lap("3", 2, 80_000, 160_000)]
    assert classify(session(laps, ("3",))).rows[0].best_lap_number == 1


def test_deleted_lap_by_penalty_does_not_count() -> None:
    laps = [
        lap("3", 1, 79_000, 79_000),
        lap("3", 2, 80_000, 159_000),
        lap("7", 1, 79_500, 79_500),
    ]
    deleted = Penalty("3", PenaltyKind.DELETE_LAP, lap=1, reason="track limits")
    rows = classify(session(laps, ("3", "7")), penalties=[deleted]).rows
    assert [(r.number, r.best_lap, r.best_lap_number) for r in rows] == [
        ("7", 79_500, 1),
        ("3", 80_000, 2),
    ]
    assert rows[1].laps == 2  # a deleted lap still counts as distance


def test_lap_flagged_invalid_does_not_count() -> None:
    laps = [Lap("3", 1, 79_000, elapsed=79_000, valid=False), lap("3", 2, 80_000, 159_000)]
    assert best_lap(laps) == laps[1]


def test_unmarked_lap_faster_than_the_marked_best_was_deleted() -> None:
    """The timekeeper marks the lap that counts; a faster lap it left unmarked was deleted."""
    laps = [
        lap("3", 1, 150_000, 150_000),  # out-lap
        lap("3", 2, 101_000, 251_000, improvement=2),
        lap("3", 3, 100_500, 351_500),  # faster, unmarked: deleted
        lap("3", 4, 102_000, 453_500),  # slower: still a valid lap
        lap("7", 1, 160_000, 160_000),
        lap("7", 2, 100_800, 260_800, improvement=3),
    ]
    flagged = flag_deleted_laps([x for x in laps if x.car == "3"])
    assert [x.valid for x in flagged] == [True, True, False, True]
    rows = classify(session(laps, ("3", "7"))).rows
    assert [(r.number, r.best_lap_number) for r in rows] == [("7", 2), ("3", 2)]
    assert str(rows[1].gap_first) == "+0.200"


def test_an_earlier_unmarked_lap_as_fast_as_the_marked_one_was_deleted() -> None:
    laps = [lap("3", 1, 100_000, 100_000), lap("3", 2, 100_000, 200_000, improvement=2)]
    assert [x.valid for x in flag_deleted_laps(laps)] == [False, True]


def test_car_without_a_marked_lap_has_no_time_when_the_session_carries_markers() -> None:
    laps = [
        lap("3", 1, 140_000, 140_000),
        lap("3", 2, 99_000, 239_000),  # never counted: all its times were cancelled
        lap("7", 1, 150_000, 150_000),
        lap("7", 2, 101_000, 251_000, improvement=2),
    ]
    rows = classify(session(laps, ("3", "7"))).rows
    assert [(r.number, r.best_lap, r.laps) for r in rows] == [("7", 101_000, 2), ("3", None, 2)]
    assert (rows[1].gap_first, rows[1].gap_previous, rows[1].best_lap_number) == (None, None, None)


def test_without_any_marker_every_lap_counts() -> None:
    """Laps built by hand, or read from a file without LAP_IMPROVEMENT: nothing is deleted."""
    laps = [lap("3", 1, 99_000, 99_000), lap("7", 1, 98_000, 98_000)]
    rows = classify(session(laps, ("3", "7"))).rows
    assert [(r.number, r.best_lap) for r in rows] == [("7", 98_000), ("3", 99_000)]


def test_cars_without_time_follow_in_car_number_order() -> None:
    laps = [
        lap("9", 1, 100_000, 100_000, improvement=2),
        lap("4", 1, 200_000, 200_000),  # no valid time
    ]
    cars = ("4", "9", "04", "01", "12", "5")
    rows = classify(session(laps, cars)).rows
    assert [r.number for r in rows] == ["9", "01", "04", "4", "5", "12"]
    assert [r.laps for r in rows] == [1, 0, 0, 1, 0, 0]
    assert all(r.gap_first is None and r.gap_previous is None for r in rows[1:])


def test_class_positions_follow_the_overall_order() -> None:
    laps = [lap("1", 1, 90_000, 90_000), lap("2", 1, 80_000, 80_000), lap("3", 1, 85_000, 85_000)]
    s = session(laps, ("1", "2"), car_class="GTD")
    s.entries["3"] = Entry("3", "LMP3")
    rows = classify(s).rows
    assert [(r.number, r.position, r.class_position) for r in rows] == [
        ("2", 1, 1),
        ("3", 2, 1),
        ("1", 3, 2),
    ]


def test_car_number_key_orders_by_value_then_text() -> None:
    assert sorted(["4", "04", "10", "01", "A1"], key=car_number_key) == [
        "01",
        "04",
        "4",
        "10",
        "A1",
    ]

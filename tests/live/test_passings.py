"""Passings -> laps, worked by hand: each rule of rules/passings.py on a few reads."""

from __future__ import annotations

from pitboard.model import Driver, Entry, Flag
from pitboard.model.passing import (
    DriverChange,
    FlagChange,
    LiveInput,
    Loop,
    Passing,
    PassingIssueKind,
    SessionStart,
    TransponderAssigned,
)
from pitboard.rules.passings import PassingRules, laps_from_passings

T0 = 1_000_000_000_000  # decoder µs at the start
ENTRIES = [
    Entry("7", "Silver", drivers=(Driver("Ada One"), Driver("Bo Two"))),
    Entry("07", "Am", drivers=(Driver("Cy Three"),)),
]
SETUP: list[LiveInput] = [
    TransponderAssigned("111", "7"),
    TransponderAssigned("112", "7"),  # the same car's second transponder
    TransponderAssigned("700", "07"),
    SessionStart(T0),
]


def at(seconds: float) -> int:
    return T0 + round(seconds * 1_000_000)


def read(seconds: float, loop: Loop = Loop.FINISH, transponder: str = "111") -> Passing:
    return Passing(at(seconds), loop, transponder)


def test_lap_times_are_differences_of_whole_milliseconds_since_the_start() -> None:
    result = laps_from_passings([*SETUP, read(100.0004), read(201.2509)], ENTRIES)
    assert [(lap.number, lap.time, lap.elapsed) for lap in result.laps] == [
        (1, 100_000, 100_000),
        (2, 101_250, 201_250),
    ]
    assert result.issues == []


def test_car_numbers_are_strings_07_is_not_7() -> None:
    result = laps_from_passings([*SETUP, read(100, transponder="700")], ENTRIES)
    assert [lap.car for lap in result.laps] == ["07"]


def test_second_transponder_and_repeated_read_are_duplicates() -> None:
    inputs = [*SETUP, read(100), read(100.004, transponder="112"), read(100.9)]
    result = laps_from_passings(inputs, ENTRIES)
    assert len(result.laps) == 1
    assert [i.kind for i in result.issues] == [PassingIssueKind.DUPLICATE] * 2


def test_same_decoder_passing_number_twice_is_a_duplicate() -> None:
    first = Passing(at(100), Loop.FINISH, "111", decoder="9", number=41)
    again = Passing(at(200), Loop.FINISH, "111", decoder="9", number=41)
    result = laps_from_passings([*SETUP, first, again], ENTRIES)
    assert len(result.laps) == 1
    assert result.issues[0].kind is PassingIssueKind.DUPLICATE


def test_a_crossing_sooner_than_the_minimum_lap_is_dropped() -> None:
    inputs = [*SETUP, read(100), read(125), read(201)]
    result = laps_from_passings(inputs, ENTRIES, PassingRules(minimum_lap=30_000))
    assert [lap.time for lap in result.laps] == [100_000, 101_000]
    assert [i.kind for i in result.issues] == [PassingIssueKind.TOO_SHORT]


def test_unknown_transponder_and_reads_before_the_start_are_reported() -> None:
    early = Passing(T0 - 5, Loop.FINISH, "111")
    result = laps_from_passings([*SETUP, read(100, transponder="999"), early], ENTRIES)
    assert result.laps == []
    kinds = [i.kind for i in result.issues]
    assert kinds == [PassingIssueKind.UNKNOWN_TRANSPONDER, PassingIssueKind.BEFORE_START]
    assert "999" in str(result.issues[0])


def test_an_older_read_than_one_applied_is_out_of_order() -> None:
    inputs = [*SETUP, read(100), read(150, Loop.SECTOR_1), read(140, Loop.SECTOR_2)]
    result = laps_from_passings(inputs, ENTRIES)
    assert [i.kind for i in result.issues] == [PassingIssueKind.OUT_OF_ORDER]


def test_sectors_from_the_sector_loops() -> None:
    inputs = [*SETUP, read(30, Loop.SECTOR_1), read(65, Loop.SECTOR_2), read(100)]
    inputs += [read(131, Loop.SECTOR_1), read(168.5, Loop.SECTOR_2), read(202)]
    laps = laps_from_passings(inputs, ENTRIES).laps
    assert [lap.sectors for lap in laps] == [(30_000, 35_000, 35_000), (31_000, 37_500, 33_500)]


def test_missed_line_is_estimated_from_the_sector_1_split_and_does_not_count_as_a_time() -> None:
    # the line is not read at ~200 s; S1 again at 231 s, and line -> S1 took 31 s on lap 2
    inputs = [*SETUP, read(30, Loop.SECTOR_1), read(100), read(131, Loop.SECTOR_1)]
    inputs += [read(231, Loop.SECTOR_1), read(301)]
    result = laps_from_passings(inputs, ENTRIES)
    assert [(lap.number, lap.elapsed, lap.valid) for lap in result.laps] == [
        (1, 100_000, True),
        (2, 200_000, False),  # 231 s - 31 s
        (3, 301_000, True),
    ]
    assert [i.kind for i in result.issues] == [PassingIssueKind.MISSED_LOOP]


def test_pit_lane_in_lap_out_lap_pit_time_and_driver_change() -> None:
    inputs = [*SETUP, read(100), read(192, Loop.PIT_IN), read(200)]
    inputs += [
        DriverChange("7", "Bo Two", at(210)),
        read(260.5, Loop.PIT_OUT),
        read(355),
        read(456),
    ]
    laps = laps_from_passings(inputs, ENTRIES).laps
    assert [(lap.number, lap.in_pit, lap.pit_time, lap.driver) for lap in laps] == [
        (1, False, None, "Ada One"),
        (2, True, None, "Ada One"),  # the in-lap ends in the lane
        (3, False, 68_500, "Bo Two"),  # the out-lap carries pit-in -> pit-out
        (4, False, None, "Bo Two"),
    ]
    assert [lap.driver_number for lap in laps] == [1, 1, 2, 2]


def test_drive_through_with_the_line_after_the_pit_exit() -> None:
    inputs = [*SETUP, read(100), read(190, Loop.PIT_IN), read(215, Loop.PIT_OUT), read(230)]
    inputs += [read(331)]
    laps = laps_from_passings(inputs, ENTRIES).laps
    assert [(lap.in_pit, lap.pit_time) for lap in laps] == [
        (False, None),
        (True, None),
        (False, 25_000),
    ]


def test_the_chequered_flag_ends_each_cars_race_at_its_next_crossing() -> None:
    inputs = [*SETUP, read(100), read(100.5, transponder="700")]
    inputs += [FlagChange(Flag.FCY, at(150)), read(201), FlagChange(Flag.GREEN, at(250))]
    inputs += [FlagChange(Flag.CHEQUERED, at(300)), read(302), read(305, transponder="700")]
    inputs += [read(403), read(410, transponder="700")]
    result = laps_from_passings(inputs, ENTRIES)
    assert [(lap.car, lap.number, lap.flag) for lap in result.laps] == [
        ("7", 1, Flag.GREEN),
        ("07", 1, Flag.GREEN),
        ("7", 2, Flag.FCY),
        ("7", 3, Flag.CHEQUERED),
        ("07", 2, Flag.CHEQUERED),
    ]
    assert [i.kind for i in result.issues] == [PassingIssueKind.AFTER_FINISH] * 2


def test_a_passing_may_name_the_car_instead_of_a_transponder() -> None:
    hand = Passing(at(99), Loop.FINISH, transponder=None, car="07")
    stranger = Passing(at(99), Loop.FINISH, transponder=None, car="99")
    result = laps_from_passings([*SETUP, hand, stranger], ENTRIES)
    assert [lap.car for lap in result.laps] == ["07"]
    assert result.issues[0].kind is PassingIssueKind.UNKNOWN_TRANSPONDER

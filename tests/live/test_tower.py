"""The tower mid-race, worked by hand: pit lane, out-lap, stint clock, markers, remaining time."""

from __future__ import annotations

from tests.live.test_passings import ENTRIES, SETUP, at, read

from pitboard.model import Flag, Penalty, PenaltyKind
from pitboard.model.passing import (
    DriverChange,
    FlagChange,
    LapMarker,
    Loop,
    PenaltyGiven,
    SessionStart,
    TrackState,
)
from pitboard.rules.live import LiveSession


def live_after(*inputs: object) -> LiveSession:
    live = LiveSession(ENTRIES)
    for item in [*SETUP[:3], SessionStart(at(0), duration=3_600_000), *inputs]:
        live.apply(item)  # type: ignore[arg-type]
    return live


def test_in_the_pit_lane_the_tower_counts_the_time_in_the_lane() -> None:
    live = live_after(read(100), read(101, transponder="700"), read(200), read(290, Loop.PIT_IN))
    live.apply(read(320, Loop.SECTOR_1, transponder="700"))  # the clock moves on: 320 s
    tower = live.tower()
    row = {row.number: row for row in tower.rows}["7"]
    assert row.state is TrackState.IN_PIT
    assert row.lane_from == 290_000  # on the race clock: a screen counts on from there
    assert tower.elapsed - row.lane_from == 30_000  # in the lane for 30 s
    assert tower.remaining_time == 3_600_000 - 320_000


def test_after_the_stop_the_out_lap_and_a_new_stint_for_the_new_driver() -> None:
    live = live_after(read(100), read(192, Loop.PIT_IN), read(200))
    live.apply(DriverChange("7", "Bo Two", at(215)))
    live.apply(read(260, Loop.PIT_OUT))
    live.apply(read(300, Loop.SECTOR_1, transponder="700"))
    tower = live.tower()
    row = {row.number: row for row in tower.rows}["7"]
    assert (row.state, row.driver, row.pit_stops) == (
        TrackState.OUT_LAP,
        "Bo Two",
        0,  # the stop counts once the out-lap is done (rules.stints)
    )
    assert row.stint_from == 260_000
    assert tower.elapsed - row.stint_from == 40_000  # the stint clock: 40 s
    live.apply(read(360))
    row = {row.number: row for row in live.tower().rows}["7"]
    assert (row.state, row.pit_stops) == (TrackState.RUNNING, 1)
    # laps 1 (100 s) and 2 (the in-lap, 200 s), then the out-lap (360 s) opens the new stint
    assert (row.laps, row.stint_laps) == (3, 1)


def test_best_lap_markers_personal_class_session() -> None:
    # car 7: 100.0, 99.0 (its best), 99.5; car 07 (another class): 101.0, 98.7 (session best)
    live = live_after(read(100), read(199), read(298.5))
    for seconds in (101, 199.7):
        live.apply(read(seconds, transponder="700"))
    rows = {row.number: row for row in live.tower().rows}
    assert (rows["07"].best_lap, rows["07"].best_lap_marker) == (98_700, LapMarker.SESSION_BEST)
    assert (rows["7"].best_lap, rows["7"].best_lap_marker) == (99_000, LapMarker.CLASS_BEST)
    assert rows["7"].last_lap_marker is LapMarker.NONE  # 99.5 is not its best
    assert rows["07"].last_lap_marker is LapMarker.SESSION_BEST


def test_gaps_intervals_and_a_penalty_given_live() -> None:
    live = live_after(read(100), read(101.5, transponder="700"), read(201))
    tower = live.tower()
    assert [(r.number, str(r.gap), str(r.interval), str(r.class_gap)) for r in tower.rows] == [
        ("7", "-", "-", "-"),
        ("07", "1 Lap", "1 Lap", "-"),
    ]
    live.apply(FlagChange(Flag.SAFETY_CAR, at(202)))
    live.apply(PenaltyGiven(Penalty("7", PenaltyKind.LAPS, laps=2)))
    tower = live.tower()
    assert tower.flag is Flag.SAFETY_CAR
    assert [(r.number, r.laps) for r in tower.rows] == [("07", 1), ("7", 0)]


def test_the_tower_names_the_car_and_the_team_of_the_entry() -> None:
    from pitboard.live.tower_json import tower_to_json
    from pitboard.model import Driver, Entry

    entry = Entry("7", "Silver", "Fenwick GT", "Audi R8 LMS GT4", (Driver("Ada One"),))
    live = LiveSession([entry])
    live.apply(SessionStart(at(0), duration=3_600_000))
    [row] = tower_to_json(live.tower())["rows"]
    assert (row["number"], row["team"], row["vehicle"]) == ("7", "Fenwick GT", "Audi R8 LMS GT4")

"""A live session is a fold over its inputs: on the same input it ends where the batch path does.

The simulator knows what happened (its laps, made from its race plan, not by our lap builder);
the live fold sees only what the decoders report — twin transponders, lost reads, strangers,
reads reordered across decoders — and must rebuild exactly those laps and their classification.
"""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from pitboard.live.tower_json import TowerEncoder, tower_to_json
from pitboard.model import (
    ClassifiedCar,
    Flag,
    Lap,
    Penalty,
    PenaltyKind,
    Session,
    SessionKind,
)
from pitboard.model.passing import LapMarker, PassingIssueKind, PenaltyGiven, TrackState
from pitboard.rules import classify
from pitboard.rules.live import LiveSession
from pitboard.rules.passings import laps_from_passings
from pitboard.rules.sectors import (
    Mark,
    Sectors,
    best_sectors,
    best_sectors_by_car,
    best_sectors_by_class,
    class_of,
    sector_marks,
)
from pitboard.sim import RaceSettings, SimulatedRace, simulate_race


def fold(race: SimulatedRace) -> LiveSession:
    live = LiveSession(race.entries)
    for item in race.inputs:
        live.apply(item)
    return live


def truth(race: SimulatedRace) -> list[ClassifiedCar]:
    entries = {entry.number: entry for entry in race.entries}
    return classify(Session(SessionKind.RACE, entries, race.laps)).rows


def by_car(laps: list) -> list:  # type: ignore[type-arg]
    return sorted(laps, key=lambda lap: (lap.car, lap.number))


def check(race: SimulatedRace) -> None:
    live = fold(race)
    assert by_car(live.builder.laps) == by_car(race.laps)
    assert live.classification().rows == truth(race)
    batch = laps_from_passings(race.inputs, race.entries)
    assert batch.laps == live.builder.laps
    assert batch.issues == live.issues
    assert tower_sectors(live) == batch_sectors(live.session())


Shown = dict[str, tuple[Sectors, tuple[str, ...], Sectors, tuple[str, ...]]]


def tower_sectors(live: LiveSession) -> Shown:
    """What the live tower shows of each car's sectors: last lap's and best, with marks."""
    shown: Shown = {}
    for row in live.tower().rows:
        sectors = row.sectors
        last_marks = tuple(m.value for m in sectors.last_markers)
        best_marks = tuple(m.value for m in sectors.best_markers)
        shown[row.number] = (sectors.last, last_marks, sectors.best, best_marks)
    return shown


def batch_sectors(session: Session) -> Shown:
    """The same from the batch functions of `rules.sectors` over all the laps at once
    (`sector_marks` against the session, then against the class: purple, then blue)."""
    race = session.kind is SessionKind.RACE
    overall, by_class, by_car = (
        best_sectors(session.laps, race=race),
        best_sectors_by_class(session),
        best_sectors_by_car(session),
    )
    laps = session.laps_by_car()
    shown: Shown = {}
    for car in session.entries:
        mine, in_class = by_car.get(car, ()), by_class[class_of(session, car)]
        last = laps[car][-1] if laps.get(car) else None
        best = Lap(car, 0, None, sectors=mine)
        last_marks = _combined(last, overall, in_class, mine, race) if last else ()
        shown[car] = (
            last.sectors if last else (),
            last_marks,
            mine,
            _combined(best, overall, in_class, mine, race),
        )
    return shown


def _combined(
    lap: Lap, overall: Sectors, in_class: Sectors, mine: Sectors, race: bool
) -> tuple[str, ...]:
    marks = []
    for session_mark, class_mark in zip(
        sector_marks(lap, overall, mine, race=race),
        sector_marks(lap, in_class, mine, race=race),
        strict=True,
    ):
        if session_mark is Mark.BEST:
            marks.append(LapMarker.SESSION_BEST.value)
        elif class_mark is Mark.BEST:
            marks.append(LapMarker.CLASS_BEST.value)
        elif class_mark is Mark.PERSONAL:
            marks.append(LapMarker.PERSONAL_BEST.value)
        else:
            marks.append(LapMarker.NONE.value)
    return tuple(marks)


def test_48_car_race_with_noise_equals_the_truth() -> None:
    race = simulate_race(RaceSettings(seed=11))
    check(race)
    kinds = {issue.kind for issue in fold(race).issues}
    assert kinds == {PassingIssueKind.DUPLICATE, PassingIssueKind.UNKNOWN_TRANSPONDER}


def test_48_car_race_with_a_red_flag_equals_the_truth() -> None:
    check(simulate_race(RaceSettings(seed=12, red_flag=True)))


@settings(max_examples=6, deadline=None)
@given(
    seed=st.integers(0, 10_000),
    cars=st.integers(9, 30),
    red_flag=st.booleans(),
    noise=st.booleans(),
)
def test_any_seed_live_equals_batch_equals_truth(
    seed: int, cars: int, red_flag: bool, noise: bool
) -> None:
    check(simulate_race(RaceSettings(seed, cars, minutes=25, red_flag=red_flag, noise=noise)))


def test_final_tower_follows_the_classification() -> None:
    race = simulate_race(RaceSettings(seed=5, cars=20, minutes=20))
    live = fold(race)
    tower = live.tower()
    rows = live.classification().rows
    assert [row.number for row in tower.rows] == [row.number for row in rows]
    assert tower.flag is Flag.CHEQUERED and tower.finished
    assert tower.remaining_time == 0
    for car_class in tower.classes:
        in_class = tower.by_class(car_class)
        assert [row.class_position for row in in_class] == list(range(1, len(in_class) + 1))
        assert str(in_class[0].class_gap) == "-"
    finishers = {row.number for row in rows if row.status.value == "classified"}
    assert {row.number for row in tower.rows if row.state is TrackState.FINISHED} == finishers
    fastest = min(row.best_lap for row in tower.rows if row.best_lap is not None)
    marked = [row for row in tower.rows if row.best_lap_marker.value == "session_best"]
    assert [row.best_lap for row in marked] == [fastest]


def test_a_long_race_classified_live_equals_batch_at_every_point() -> None:
    """Three hours of 40 cars with stewards' penalties on the way: after every input the live
    classification and tower (kept rows, re-ranked after a lap or a penalty) equal `classify`
    over all the laps so far. Checked
    after every input near each penalty and every 97th input elsewhere, to bound the runtime."""
    race = simulate_race(RaceSettings(seed=21, cars=40, minutes=180))
    cars = [entry.number for entry in race.entries]
    penalties = {
        len(race.inputs) // 5: Penalty(cars[3], PenaltyKind.TIME, millis=30_000),
        len(race.inputs) // 3: Penalty(cars[7], PenaltyKind.DELETE_LAP, lap=40),
        len(race.inputs) // 2: Penalty(cars[1], PenaltyKind.POSITIONS, positions=2),
        2 * len(race.inputs) // 3: Penalty(cars[0], PenaltyKind.LAPS, laps=1),
        4 * len(race.inputs) // 5: Penalty(cars[11], PenaltyKind.DISQUALIFICATION),
    }
    live = LiveSession(race.entries)
    checked = 0

    def check_now(where: str) -> None:
        nonlocal checked
        batch = classify(live.session(), live.rules, live.penalties)
        assert live.classification() == batch, where
        assert live.tower() == live.tower_of(batch), where
        checked += 1

    for index, item in enumerate(race.inputs):
        if index in penalties:  # checked before and after it: the penalty alone changes it
            check_now(f"before input {index}")
            live.apply(PenaltyGiven(penalties[index]))
            check_now(f"penalty before input {index}")
        live.apply(item)
        near_penalty = any(0 <= index - at < 3 for at in penalties)
        if near_penalty or index % 97 == 0 or index == len(race.inputs) - 1:
            check_now(f"after input {index}")
    assert len(live.penalties) == len(penalties)
    assert checked > 100


def test_sector_marks_live_equal_batch_after_every_lap() -> None:
    """After every input that completes a lap, every car's sectors and marks on the live tower
    (bests kept lap by lap) equal those `rules.sectors` gives over all the laps so far — also
    for the cars that did not lap, whose blue turns green when another car beats it."""
    race = simulate_race(RaceSettings(seed=17, cars=20, minutes=25))
    live = LiveSession(race.entries)
    before = tower_sectors(live)
    checked = taken = 0
    for item in race.inputs:
        if not any(isinstance(outcome, Lap) for outcome in live.apply(item)):
            continue
        now = tower_sectors(live)
        assert now == batch_sectors(live.session()), f"after input {live.inputs}"
        taken += sum(  # marks changed by another car's lap: the times stood
            1
            for car, shown in now.items()
            for times, marks in ((0, 1), (2, 3))  # the last lap's, the best
            if shown[times] == before[car][times] and shown[marks] != before[car][marks]
        )
        before, checked = now, checked + 1
    assert checked == len(race.laps)
    assert taken > 0  # a best went to another car while its holder's times stood


def test_a_classified_car_copy_carries_every_field() -> None:
    race = simulate_race(RaceSettings(seed=4, cars=12, minutes=20))
    rows = fold(race).classification().rows
    assert all(row.copy() == row and row.copy() is not row for row in rows)
    assert {field.name for field in dataclasses.fields(ClassifiedCar)} == {
        "position",
        "entry",
        "status",
        "class_position",
        "laps",
        "total_time",
        "gap_first",
        "gap_previous",
        "best_lap",
        "best_lap_number",
        "pit_stops",
        "stints",
        "penalty_time",
        "deleted_laps",
    }  # a field added to ClassifiedCar must be added to `ClassifiedCar.copy` too


def test_a_tower_of_kept_rows_equals_one_made_afresh() -> None:
    """Towers made every 37 inputs keep each car's row, class gaps and sector marks from the
    tower before while the values they come from are the same; at points through a race with
    penalties (and at its end, past the chequered flag) that tower and its JSON equal the first
    tower of a session folded afresh over the same inputs, which keeps nothing."""
    race = simulate_race(RaceSettings(seed=8, cars=30, minutes=90))
    cars = [entry.number for entry in race.entries]
    penalties = {
        len(race.inputs) // 4: Penalty(cars[2], PenaltyKind.TIME, millis=20_000),
        len(race.inputs) // 2: Penalty(cars[5], PenaltyKind.POSITIONS, positions=3),
    }
    inputs = [
        item
        for index, original in enumerate(race.inputs)
        for item in ([PenaltyGiven(penalties[index])] if index in penalties else []) + [original]
    ]
    checkpoints = {len(inputs) * share // 6 for share in range(1, 6)} | {len(inputs)}
    checkpoints |= {at + 1 for at, item in enumerate(inputs) if isinstance(item, PenaltyGiven)}
    live, encoder, reused = LiveSession(race.entries), TowerEncoder(), 0
    before = live.tower()
    for count, item in enumerate(inputs, start=1):
        live.apply(item)
        if count % 37 and count not in checkpoints:
            continue
        tower = live.tower()
        reused += sum(row in before.rows for row in tower.rows if row.laps)
        shown, before = encoder(tower), tower
        if count in checkpoints:
            afresh = LiveSession(race.entries)
            for done in inputs[:count]:
                afresh.apply(done)
            assert tower == afresh.tower(), f"after input {count}"
            assert shown == tower_to_json(afresh.tower()), f"after input {count}"
    assert reused > 0  # rows were kept, so the check above checked something

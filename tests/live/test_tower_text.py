"""The tower's JSON text is written directly (`TowerEncoder.text`): it must be `json.dumps` of the
same message, field for field, for every tower a race goes through and for any row's values."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pitboard.live.tower_json import TowerEncoder, tower_changes, tower_to_json
from pitboard.model import ClassificationStatus, Flag, Gap, Penalty, PenaltyKind
from pitboard.model.passing import (
    LapMarker,
    PenaltyGiven,
    Tower,
    TowerRow,
    TowerSectors,
    TrackState,
)
from pitboard.rules.live import LiveSession
from pitboard.sim import RaceSettings, simulate_race


@pytest.mark.parametrize(("seed", "red_flag"), [(1, False), (2, True), (3, False)])
def test_every_message_of_a_race_is_its_json_dumps(seed: int, red_flag: bool) -> None:
    race = simulate_race(RaceSettings(seed=seed, cars=16, minutes=20, red_flag=red_flag))
    live = LiveSession(race.entries)
    encoder = TowerEncoder()
    sent = None
    checked = 0
    for index, item in enumerate(race.inputs):
        live.apply(item)
        if index == len(race.inputs) // 2:  # a penalty moves rows and changes gaps
            car = race.entries[3].number
            live.apply(PenaltyGiven(Penalty(car, PenaltyKind.TIME, millis=65_432)))
        if index % 7 and index != len(race.inputs) - 1:
            continue
        tower = live.tower()
        after = encoder(tower)
        assert after == tower_to_json(tower)
        for message in (tower_changes(sent, after), tower_changes(None, after), after):
            assert encoder.text(message) == json.dumps(message)
            checked += 1
        sent = after
    assert checked > 100


texts = st.text(max_size=12)  # any characters: quotes, backslashes, controls, beyond ASCII
counts = st.integers(min_value=-(2**40), max_value=2**62)
maybe = st.none() | counts
gaps = st.none() | st.builds(
    Gap,
    laps=st.integers(min_value=0, max_value=500),
    millis=st.integers(min_value=0, max_value=10**8),
    is_reference=st.booleans(),
)
markers = st.sampled_from(LapMarker)
sectors = st.builds(
    TowerSectors,
    last=st.tuples(maybe, maybe, maybe) | st.just(()),
    last_markers=st.lists(markers, max_size=4).map(tuple),
    best=st.lists(maybe, max_size=4).map(tuple),
    best_markers=st.lists(markers, max_size=4).map(tuple),
    top_speed=st.none() | st.decimals(allow_nan=False, allow_infinity=False, places=1),
)
rows = st.builds(
    TowerRow,
    position=counts,
    class_position=counts,
    number=texts,
    car_class=texts,
    team=texts,
    driver=texts,
    laps=counts,
    gap=gaps,
    interval=gaps,
    class_gap=gaps,
    class_interval=gaps,
    last_lap=maybe,
    last_lap_marker=markers,
    best_lap=maybe,
    best_lap_marker=markers,
    state=st.sampled_from(TrackState),
    pit_stops=counts,
    status=st.sampled_from(ClassificationStatus),
    stint_from=maybe,
    lane_from=maybe,
    stint_laps=counts,
    vehicle=texts,
    sectors=sectors,
)


@settings(max_examples=300, deadline=None)
@given(st.lists(rows, max_size=4, unique_by=lambda row: row.number), st.lists(texts, max_size=3))
def test_any_row_values_are_written_as_json_dumps_writes_them(
    tower_rows: list[TowerRow], classes: list[str]
) -> None:
    tower = Tower(Flag.GREEN, 1234, None, 7, False, tuple(classes), tuple(tower_rows))
    encoder = TowerEncoder()
    after = encoder(tower)
    assert after == tower_to_json(tower)
    for message in (after, tower_changes(None, after), {"type": "changes", "rows": after["rows"]}):
        assert encoder.text(message) == json.dumps(message)


def test_a_row_it_did_not_make_is_encoded_as_it_is() -> None:
    encoder = TowerEncoder()
    row = {"number": "7", "team": 'Ünïcode "quoted"', "sectors_ms": [1, None]}
    message = {"type": "changes", "elapsed_ms": 5, "rows": [row]}
    assert encoder.text(message) == json.dumps(message)
    assert encoder.text({"rows": []}) == json.dumps({"rows": []})


def test_a_message_that_does_not_end_with_its_rows_is_refused() -> None:
    with pytest.raises(ValueError, match="elapsed_ms"):
        TowerEncoder().text({"rows": [], "elapsed_ms": 5})


def test_a_top_speed_goes_as_its_text() -> None:
    encoder = TowerEncoder()
    row = TowerRow(
        1,
        1,
        "7",
        "GT3",
        "Team",
        "Driver",
        3,
        Gap.reference(),
        Gap.reference(),
        None,
        None,
        91_234,
        LapMarker.SESSION_BEST,
        91_234,
        LapMarker.SESSION_BEST,
        TrackState.RUNNING,
        0,
        ClassificationStatus.CLASSIFIED,
        sectors=TowerSectors((30_000, None), (LapMarker.NONE,), (), (), Decimal("281.40")),
    )
    after = encoder(Tower(Flag.GREEN, 0, None, None, False, ("GT3",), (row,)))
    text = encoder.text(after)
    assert text == json.dumps(after)
    assert json.loads(text)["rows"][0]["top_speed_kph"] == "281.40"
    assert json.loads(text)["rows"][0]["sectors_ms"] == [30_000, None]

"""Pit stops and stints (`rules.stints`), read in one pass over a car's laps, against their
definitions written here: a stop is an in-lap followed by a lap (its pit time on the out-lap);
a stint ends with an in-lap or where the next lap has another driver, and its time is the sum
of its lap times (a lap without one adds nothing)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from pitboard.model import Lap, PitStop, Stint
from pitboard.rules.stints import pit_stops, stints, stops_and_stints


def _stops(laps: list[Lap]) -> list[PitStop]:
    return [
        PitStop(lap=laps[i].number, time=laps[i + 1].pit_time)
        for i in range(len(laps) - 1)
        if laps[i].in_pit
    ]


def _stints(laps: list[Lap]) -> list[Stint]:
    runs: list[list[Lap]] = []
    for i, lap in enumerate(laps):
        if i == 0 or laps[i - 1].in_pit or laps[i - 1].driver != lap.driver:
            runs.append([])
        runs[-1].append(lap)
    return [
        Stint(run[0].driver, run[0].number, run[-1].number, sum(lap.time or 0 for lap in run))
        for run in runs
    ]


LAPS = st.lists(
    st.builds(
        Lap,
        car=st.just("7"),
        number=st.integers(min_value=1, max_value=9),
        time=st.one_of(st.none(), st.integers(min_value=0, max_value=100)),
        in_pit=st.booleans(),
        pit_time=st.one_of(st.none(), st.integers(min_value=1, max_value=50)),
        driver=st.sampled_from(["Ann", "Bo", ""]),
    ),
    max_size=12,
)


@settings(max_examples=400)
@given(LAPS)
def test_stops_and_stints_are_their_definitions(laps: list[Lap]) -> None:
    assert stops_and_stints(laps) == (_stops(laps), _stints(laps))
    assert pit_stops(laps) == _stops(laps)
    assert stints(laps) == _stints(laps)


def test_a_last_in_lap_ends_a_stint_without_a_stop() -> None:
    laps = [Lap("7", 1, 100, driver="Ann"), Lap("7", 2, None, in_pit=True, driver="Ann")]
    laps += [Lap("7", 3, 90, pit_time=30, driver="Bo"), Lap("7", 4, 95, in_pit=True, driver="Bo")]
    assert stops_and_stints(laps) == (
        [PitStop(lap=2, time=30)],
        [Stint("Ann", 1, 2, 100), Stint("Bo", 3, 4, 185)],
    )

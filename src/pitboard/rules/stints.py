"""Pit stops and stints read off a car's laps.

The timekeeper marks the in-lap (`in_pit`: the car crossed the line in the pit lane) and puts the
time spent in the lane on the following out-lap, which is also where a new driver first appears.
A stint is the run of laps between two stops.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise
from operator import attrgetter

from pitboard.model import Lap, PitStop, Stint


def pit_stops(laps: Sequence[Lap]) -> list[PitStop]:
    """Every in-lap followed by an out-lap; a car that pits and never rejoins has no stop."""
    return stops_and_stints(laps)[0]


def stints(laps: Sequence[Lap]) -> list[Stint]:
    """Split the laps after every in-lap, and wherever the driver changes without one."""
    return stops_and_stints(laps)[1]


def stops_and_stints(laps: Sequence[Lap]) -> tuple[list[PitStop], list[Stint]]:
    """`pit_stops(laps)` and `stints(laps)` in one pass over the laps (a race's classification
    reads both for every car)."""
    stops: list[PitStop] = []
    found: list[Stint] = []
    start = 0
    for end, (lap, following) in enumerate(pairwise(laps), 1):
        if lap.in_pit:
            stops.append(PitStop(lap=lap.number, time=following.pit_time))
        elif following.driver == lap.driver:
            continue
        found.append(_stint(laps[start:end]))
        start = end
    if laps:
        found.append(_stint(laps[start:]))
    return stops, found


def _stint(laps: Sequence[Lap]) -> Stint:
    return Stint(
        driver=laps[0].driver,
        first_lap=laps[0].number,
        last_lap=laps[-1].number,
        time=sum(filter(None, map(_TIME, laps))),  # the laps with a time (None, 0 add nothing)
    )


_TIME = attrgetter("time")

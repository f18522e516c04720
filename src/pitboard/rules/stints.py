"""Pit stops and stints read off a car's laps.

The timekeeper marks the in-lap (`in_pit`: the car crossed the line in the pit lane) and puts the
time spent in the lane on the following out-lap, which is also where a new driver first appears.
A stint is the run of laps between two stops.
"""

from __future__ import annotations

from collections.abc import Sequence
from itertools import pairwise

from pitboard.model import Lap, PitStop, Stint


def pit_stops(laps: Sequence[Lap]) -> list[PitStop]:
    """Every in-lap followed by an out-lap; a car that pits and never rejoins has no stop."""
    return stops_and_stints(laps)[0]


def stints(laps: Sequence[Lap]) -> list[Stint]:
    """Split the laps after every in-lap, and wherever the driver changes without one."""
    return stops_and_stints(laps)[1]


def stops_and_stints(laps: Sequence[Lap]) -> tuple[list[PitStop], list[Stint]]:
    """`pit_stops(laps)` and `stints(laps)` in one pass over the laps (a race's classification
    reads both for every car); a stint's time is the sum of its laps' times (None adds 0)."""
    stops: list[PitStop] = []
    found: list[Stint] = []
    if not laps:
        return stops, found
    first = laps[0]
    time = first.time or 0
    for lap, following in pairwise(laps):
        if lap.in_pit:
            stops.append(PitStop(lap.number, following.pit_time))
        elif following.driver == lap.driver:
            time += following.time or 0
            continue
        found.append(Stint(first.driver, first.number, lap.number, time))
        first, time = following, following.time or 0
    found.append(Stint(first.driver, first.number, laps[-1].number, time))
    return stops, found

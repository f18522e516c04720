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
    stops: list[PitStop] = []
    for lap, following in pairwise(laps):
        if lap.in_pit:
            stops.append(PitStop(lap=lap.number, time=following.pit_time))
    return stops


def stints(laps: Sequence[Lap]) -> list[Stint]:
    """Split the laps after every in-lap, and wherever the driver changes without one."""
    result: list[Stint] = []
    current: list[Lap] = []
    for lap in laps:
        if current and (current[-1].in_pit or lap.driver != current[-1].driver):
            result.append(_stint(current))
            current = []
        current.append(lap)
    if current:
        result.append(_stint(current))
    return result


def _stint(laps: Sequence[Lap]) -> Stint:
    return Stint(
        driver=laps[0].driver,
        first_lap=laps[0].number,
        last_lap=laps[-1].number,
        time=sum(lap.time or 0 for lap in laps),
    )

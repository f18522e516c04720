"""Track status read off the flag at the line: the session's timeline of green, full-course
yellow, safety car and red-flag periods, and the laps each car ran under caution.

Every crossing of the line carries the flag shown there (`Lap.flag`, Al Kamel FLAG_AT_FL). In
time order the whole field's crossings fall into clean runs of one flag (in the 39 real IMSA,
WEC and GR Cup races the flags never flicker between cars; the shortest run, 3 crossings, is a
real short FCY at Le Mans 2024), so a period is such a run: from its first crossing to its
last, in session time (`Lap.elapsed`). A period therefore starts
when the first car reaches the line under the flag, up to a lap after race control showed it.

Laps built from loop passings (`rules.passings`) carry the flag race control last posted
(`FlagChange`: the only source of a code 60, which no Al Kamel file writes), so the same
periods come from the flag column of an official file and from race control's inputs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from pitboard.model import CarNumber, Flag, Lap, Millis, Session

CAUTION = frozenset({Flag.YELLOW, Flag.FCY, Flag.SAFETY_CAR, Flag.CODE_60, Flag.RED})


@dataclass(frozen=True, slots=True)
class TrackPeriod:
    flag: Flag
    start: Millis  # first crossing of the line under the flag, from the session start
    end: Millis  # last crossing under it
    race_laps: tuple[int, int]  # the leader's laps: at the first and the last crossing
    crossings: int

    @property
    def caution(self) -> bool:
        return self.flag in CAUTION


def track_periods(laps: Iterable[Lap]) -> list[TrackPeriod]:
    """The timeline of flag periods; laps without a flag or a crossing time are left out."""
    crossings = sorted(
        (lap.elapsed, lap.number, lap.flag)
        for lap in laps
        if lap.elapsed is not None and lap.flag is not None
    )
    periods: list[TrackPeriod] = []
    leader = 0
    run: list[tuple[Millis, int]] = []  # (time, leader's lap) of the current run
    flag: Flag | None = None
    for elapsed, number, lap_flag in crossings:
        leader = max(leader, number)
        if lap_flag is not flag and run and flag is not None:
            periods.append(_period(flag, run))
            run = []
        flag = lap_flag
        run.append((elapsed, leader))
    if run and flag is not None:
        periods.append(_period(flag, run))
    return periods


def caution_laps(laps: Iterable[Lap]) -> list[int]:
    """The numbers of the laps that ended under caution (yellow, FCY, safety car, red)."""
    return [lap.number for lap in laps if lap.flag in CAUTION]


def caution_laps_by_car(session: Session) -> dict[CarNumber, int]:
    return {car: len(caution_laps(laps)) for car, laps in session.laps_by_car().items()}


def _period(flag: Flag, run: list[tuple[Millis, int]]) -> TrackPeriod:
    return TrackPeriod(flag, run[0][0], run[-1][0], (run[0][1], run[-1][1]), len(run))

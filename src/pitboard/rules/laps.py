"""Facts read off one car's laps, and which lap times count.

A lap time counts unless the lap is flagged invalid (`Lap.valid`) or its number is listed as
deleted. The Al Kamel lap analysis does not name deleted laps, but it marks each car's counting
best lap (`LAP_IMPROVEMENT`); `flag_deleted_laps` turns that marker into `valid=False` on every
lap that beat the marked one. The evidence is in docs/deleted-laps.md.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection, Iterable, Sequence

from pitboard.model import Lap


def best_lap(laps: Iterable[Lap], deleted: Collection[int] = ()) -> Lap | None:
    """The fastest lap that counts; on equal times the one set first."""
    best: Lap | None = None
    for lap in laps:
        if lap.time is None or not lap.valid or lap.number in deleted:
            continue
        if best is None or best.time is None or lap.time < best.time:
            best = lap
    return best


def carries_best_lap_markers(laps: Iterable[Lap]) -> bool:
    """Does the timekeeper mark best laps in this session at all (any marker set)?"""
    return any(lap.improvement > 0 for lap in laps)


def marked_best_lap(laps: Iterable[Lap]) -> Lap | None:
    """The lap the timekeeper marked as the car's best (the fastest marked, first on a tie)."""
    marked = (lap for lap in laps if lap.improvement > 0 and lap.time is not None)
    return best_lap(marked)


def flag_deleted_laps(laps: Sequence[Lap]) -> list[Lap]:
    """One car's laps, with `valid=False` on every lap time the timekeeper did not count.

    Call it only for a session that carries markers (`carries_best_lap_markers`). A lap faster
    than the marked best, or as fast and set before it, was deleted; a car with no marked lap
    has no lap time that counts.
    """
    marked = marked_best_lap(laps)
    return [lap if _counts(lap, marked) else dataclasses.replace(lap, valid=False) for lap in laps]


def _counts(lap: Lap, marked: Lap | None) -> bool:
    if lap.time is None:
        return lap.valid
    if marked is None or marked.time is None:
        return False
    beats_marked = lap.time < marked.time or (
        lap.time == marked.time and lap.number < marked.number
    )
    return lap.valid and not beats_marked

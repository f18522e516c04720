"""Gaps to the leader and to the car ahead, in the official style."""

from __future__ import annotations

from pitboard.model import Gap, Millis


def race_gap(
    laps: int, time: Millis | None, ahead_laps: int, ahead_time: Millis | None
) -> Gap | None:
    """Behind a car that covered `ahead_laps` in `ahead_time`: whole laps, else the time."""
    if laps < ahead_laps:
        return Gap.behind_by_laps(ahead_laps - laps)
    if time is None and ahead_time is None:
        return None  # neither car has a time (no lap): the results print no gap
    if time is None or ahead_time is None:
        return Gap.time(0)
    return Gap.time(max(0, time - ahead_time))

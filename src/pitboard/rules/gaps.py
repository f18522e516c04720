"""Gaps to the leader and to the car ahead, in the official style."""

from __future__ import annotations

from pitboard.model import Gap, Millis


def race_gap(
    laps: int,
    time: Millis | None,
    ahead_laps: int,
    ahead_time: Millis | None,
    before: Gap | None = None,
) -> Gap | None:
    """Behind a car that covered `ahead_laps` in `ahead_time`: whole laps, else the time.
    `before` itself when it is that gap (a `Gap` never changes), so a ranking again makes
    no new gap for a car whose gap is the same."""
    if laps < ahead_laps:
        behind = ahead_laps - laps
        if before is not None and before.laps == behind:
            return before
        gap = _LAPS_BEHIND.get(behind)
        if gap is None:  # one `Gap` a count, shared by every car that many laps behind
            gap = _LAPS_BEHIND[behind] = Gap.behind_by_laps(behind)
        return gap
    if time is None and ahead_time is None:
        return None  # neither car has a time (no lap): the results print no gap
    millis = 0 if time is None or ahead_time is None else max(0, time - ahead_time)
    if before is not None and before.millis == millis and not (before.laps or before.is_reference):
        return before
    return Gap.time(millis)


_LAPS_BEHIND: dict[int, Gap] = {}  # (`race_gap`) a `Gap` never changes: shared

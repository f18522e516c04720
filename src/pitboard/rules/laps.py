"""Facts read off one car's laps."""

from __future__ import annotations

from collections.abc import Collection, Iterable

from pitboard.model import Lap


def best_lap(laps: Iterable[Lap], deleted: Collection[int] = ()) -> Lap | None:
    """The fastest lap that counts; on equal times the one set first."""
    best: Lap | None = None
    for lap in laps:
        if lap.time is None or lap.number in deleted:
            continue
        if best is None or best.time is None or lap.time < best.time:
            best = lap
    return best

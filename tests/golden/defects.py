"""Known defects of the real data, kept visible: each one has a test named after it.

The anonymised GR Cup 2025 files (COTA, Sonoma) hold two different cars under the number `3`,
in the lap analysis (two runs of laps 1, 2, 3, ... under one number) and in the results (two
rows numbered 3). `split_reused_number` gives the second run of laps its own number again.
"""

from __future__ import annotations

import dataclasses

from pitboard.model import ClassifiedCar, Lap, Session

SECOND = "{}~second"


def reused_numbers(session: Session) -> set[str]:
    """Car numbers under which a lap number appears twice: two cars share the number."""
    seen: set[tuple[str, int]] = set()
    reused: set[str] = set()
    for lap in session.laps:
        key = (lap.car, lap.number)
        if key in seen:
            reused.add(lap.car)
        seen.add(key)
    return reused


def split_reused_number(session: Session, number: str) -> Session:
    """The laps of `number` after its lap count starts again belong to a second car."""
    laps: list[Lap] = []
    previous = 0
    second = False
    for lap in session.laps:
        if lap.car == number:
            second = second or lap.number <= previous
            previous = lap.number
            if second:
                lap = dataclasses.replace(lap, car=SECOND.format(number))
        laps.append(lap)
    entries = dict(session.entries)
    first = entries[number]
    entries[SECOND.format(number)] = dataclasses.replace(first, number=SECOND.format(number))
    return Session(session.kind, entries, laps, session.name)


def pair_official_rows(
    ours: list[ClassifiedCar], official: list[ClassifiedCar], number: str
) -> list[ClassifiedCar]:
    """Give the official rows numbered `number` our two cars' numbers, in order of position.

    Every field is still compared afterwards: a wrong pairing shows as a mismatch.
    """
    names = [r.number for r in sorted(ours, key=lambda r: r.position)]
    ours_names = iter([n for n in names if n in (number, SECOND.format(number))])
    paired: list[ClassifiedCar] = []
    for row in official:
        if row.number == number:
            entry = dataclasses.replace(row.entry, number=next(ours_names))
            row = dataclasses.replace(row, entry=entry)
        paired.append(row)
    return paired

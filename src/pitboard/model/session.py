"""A session: its kind, the entries and the laps they drove."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from operator import attrgetter

from pitboard.model.entry import CarNumber, Entry
from pitboard.model.lap import Lap


class SessionKind(enum.Enum):
    PRACTICE = "practice"
    QUALIFYING = "qualifying"
    RACE = "race"


@dataclass(slots=True)
class Session:
    """A session's kind, its entries by car number and every lap, in file order; `running`
    while it is still run (a live session before the chequered flag: no car retired yet)."""

    kind: SessionKind
    entries: dict[CarNumber, Entry] = field(default_factory=dict)
    laps: list[Lap] = field(default_factory=list)
    name: str = ""
    running: bool = False

    @property
    def classes(self) -> list[str]:
        """Classes in the order they first appear among the entries."""
        return list(dict.fromkeys(entry.car_class for entry in self.entries.values()))

    def laps_by_car(self) -> dict[CarNumber, list[Lap]]:
        grouped: dict[CarNumber, list[Lap]] = {number: [] for number in self.entries}
        append = {number: own.append for number, own in grouped.items()}
        for lap in self.laps:
            try:
                append[lap.car](lap)
            except KeyError:  # a car without an entry
                grouped[lap.car] = [lap]
                append[lap.car] = grouped[lap.car].append
        for laps in grouped.values():
            laps.sort(key=_NUMBER)
        return grouped


_NUMBER = attrgetter("number")

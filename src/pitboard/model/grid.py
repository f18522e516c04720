"""A race's starting grid and the penalties that change it."""

from __future__ import annotations

from dataclasses import dataclass

from pitboard.model.clock import Millis
from pitboard.model.entry import CarNumber, Entry


@dataclass(frozen=True, slots=True)
class GridPenalty:
    """Dropped `places` on the grid, or a start from the pit lane."""

    car: CarNumber
    places: int = 0
    pit_lane: bool = False
    reason: str = ""


@dataclass(frozen=True, slots=True)
class GridSlot:
    """One car on the grid. Pit-lane starters follow the grid, `pit_lane` set."""

    position: int  # 1 = pole
    entry: Entry
    class_position: int  # place among its class on this grid
    qualifying_position: int | None  # overall place in the qualifying; None: no time
    time: Millis | None  # the qualifying time that placed it
    driver: str = ""  # who must start it ("" when the team may choose)
    pit_lane: bool = False
    penalty_places: int = 0

    @property
    def number(self) -> CarNumber:
        return self.entry.number

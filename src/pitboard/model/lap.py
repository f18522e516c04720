"""One crossing of the line by one car, as the timekeeper's lap analysis records it."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from pitboard.model.clock import Millis
from pitboard.model.entry import CarNumber


class Flag(enum.Enum):
    GREEN = "green"
    YELLOW = "yellow"
    FCY = "fcy"
    SAFETY_CAR = "safety_car"
    RED = "red"
    CHEQUERED = "chequered"


@dataclass(frozen=True, slots=True)
class Lap:
    car: CarNumber
    number: int
    time: Millis | None
    elapsed: Millis | None = None  # from the session start to this crossing
    hour: Millis | None = None  # time of day of the crossing, ms after local midnight
    sectors: tuple[Millis | None, ...] = field(default_factory=tuple)
    in_pit: bool = False  # crossed the line in the pit lane: this is an in-lap
    pit_time: Millis | None = None  # time in the pit lane, carried by the out-lap
    driver: str = ""
    driver_number: int | None = None
    flag: Flag | None = None
    improvement: int = 0  # timekeeper's marker: 0 none, 1 personal best, 2/3 class/session best

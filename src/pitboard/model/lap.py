"""One crossing of the line by one car, as the timekeeper's lap analysis records it."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from pitboard.model.clock import Millis
from pitboard.model.entry import CarNumber


class Flag(enum.Enum):
    GREEN = "green"
    YELLOW = "yellow"
    FCY = "fcy"
    SAFETY_CAR = "safety_car"
    CODE_60 = "code_60"  # everyone at 60 km/h, shown with the purple flag (a race-control input)
    RED = "red"
    CHEQUERED = "chequered"

    # A member is equal only to itself: hashed by identity in C, not by its name in Python
    # (`Enum.__hash__`), as each lap stored looks its flag's text up (`store.sessions`).
    __hash__ = object.__hash__


# Not frozen, unlike the other value types: a frozen dataclass sets each of its 13 fields through
# object.__setattr__, and a 24-hour race makes 15 000 laps per read (13 ms of `pitboard classify`,
# bench/classify.py). Treat a Lap as immutable all the same: `dataclasses.replace` for a changed
# copy. Laps are not hashable (nothing keys on them).
@dataclass(slots=True)
class Lap:
    """One lap of one car (times in ms; None where the timekeeper gives none)."""

    car: CarNumber
    number: int
    time: Millis | None
    elapsed: Millis | None = None  # from the session start to this crossing
    hour: Millis | None = None  # time of day of the crossing, ms after local midnight
    sectors: tuple[Millis | None, ...] = ()
    in_pit: bool = False  # crossed the line in the pit lane: this is an in-lap
    pit_time: Millis | None = None  # time in the pit lane, carried by the out-lap
    driver: str = ""
    driver_number: int | None = None
    flag: Flag | None = None
    # Timekeeper's marker. Al Kamel (IMSA, GR Cup) marks one lap per car, its counting best:
    # 2, or 3 for the session's best; 0 on every other lap.
    improvement: int = 0
    # False: the lap time does not count (deleted by the stewards, or never counted by the
    # timekeeper); the lap still counts as distance. See docs/deleted-laps.md.
    valid: bool = True
    # Speed-trap reading in km/h (Al Kamel TOP_SPEED) where the timekeeper publishes one.
    top_speed: Decimal | None = None

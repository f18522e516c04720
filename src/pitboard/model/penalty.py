"""Stewards' decisions that change a classification."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from pitboard.model.clock import Millis
from pitboard.model.entry import CarNumber


class PenaltyKind(enum.Enum):
    TIME = "time"  # seconds added to the race time
    LAPS = "laps"  # laps deducted
    POSITIONS = "positions"  # dropped N places in the class or overall order
    TO_THE_BACK = "back"  # behind every car of its group (classified, not classified, …)
    DISQUALIFICATION = "dsq"
    DELETE_LAP = "delete_lap"  # a lap time that does not count (track limits, qualifying)


@dataclass(frozen=True, slots=True)
class Penalty:
    """One stewards' penalty on one car (which fields count depends on `kind`)."""

    car: CarNumber
    kind: PenaltyKind
    millis: Millis = 0
    laps: int = 0
    positions: int = 0
    lap: int | None = None  # for DELETE_LAP
    reason: str = ""

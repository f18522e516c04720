"""Decoder passings and the vocabulary of a live session.

A `Passing` is one read of a transponder (or a car number typed in by a timekeeper) at one timing
loop. Its `timestamp` is **microseconds** on the decoder's clock (P3: the RTC, µs since the Unix
epoch); a session's start is on the same clock, so `elapsed` = timestamp - start. See docs/live.md.

The inputs of a live session — everything race control and the decoders tell us — are the
`LiveInput` types below; a live session is a fold over them (`pitboard.rules.live`).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from decimal import Decimal

from pitboard.model.classification import ClassificationStatus
from pitboard.model.clock import Millis
from pitboard.model.entry import CarNumber
from pitboard.model.gap import Gap
from pitboard.model.lap import Flag
from pitboard.model.penalty import Penalty

Micros = int


class Loop(enum.Enum):
    """Where the passing was read: the line, the pit lane entry and exit, or a sector loop."""

    FINISH = "finish"
    PIT_IN = "pit_in"
    PIT_OUT = "pit_out"
    SECTOR_1 = "sector_1"
    SECTOR_2 = "sector_2"

    # A member is equal only to itself: hashed by identity in C, not by its name in Python
    # (`Enum.__hash__`), as the lap builder keys each car's last read on its loop (every input).
    __hash__ = object.__hash__


@dataclass(frozen=True, slots=True)
class Passing:
    """One read at one loop: a transponder, or a car number entered by hand."""

    timestamp: Micros
    loop: Loop
    transponder: str | None = None
    car: CarNumber | None = None
    decoder: str = ""
    number: int | None = None  # the decoder's passing number (P3 counts them)


@dataclass(frozen=True, slots=True)
class SessionStart:
    """The start: green flag on the decoder clock; the race runs `duration` or `laps`."""

    timestamp: Micros
    duration: Millis | None = None
    laps: int | None = None


@dataclass(frozen=True, slots=True)
class SessionStop:
    """The session is over: no input after this changes the result (except corrections)."""

    timestamp: Micros


@dataclass(frozen=True, slots=True)
class FlagChange:
    """Race control shows a flag to the whole track (CHEQUERED: each car's next crossing ends
    its race)."""

    flag: Flag
    timestamp: Micros


@dataclass(frozen=True, slots=True)
class DriverChange:
    """A new driver in the car (entered by race control or the team's pit wall)."""

    car: CarNumber
    driver: str
    timestamp: Micros


@dataclass(frozen=True, slots=True)
class TransponderAssigned:
    """From now on this transponder's passings are this car's (a car may carry two)."""

    transponder: str
    car: CarNumber


@dataclass(frozen=True, slots=True)
class PenaltyGiven:
    """A correction by the stewards: applied by the classification, like the batch one."""

    penalty: Penalty


LiveInput = (
    Passing
    | SessionStart
    | SessionStop
    | FlagChange
    | DriverChange
    | TransponderAssigned
    | PenaltyGiven
)


class TrackState(enum.Enum):
    """Where a car is, as a tower shows it."""

    WAITING = "waiting"  # no crossing yet
    RUNNING = "running"
    IN_PIT = "in_pit"  # between the pit-in and the pit-out loop
    OUT_LAP = "out_lap"  # left the pit lane, not yet across the line
    FINISHED = "finished"  # took the chequered flag


class LapMarker(enum.Enum):
    """How a lap time compares: the car's own best, its class's best, the session's best."""

    NONE = "none"
    PERSONAL_BEST = "personal_best"
    CLASS_BEST = "class_best"
    SESSION_BEST = "session_best"


class PassingIssueKind(enum.Enum):
    DUPLICATE = "duplicate"  # the same read again (or the car's second transponder)
    TOO_SHORT = "too_short"  # a crossing sooner than the minimum lap time
    OUT_OF_ORDER = "out_of_order"  # older than a passing already applied for the car
    UNKNOWN_TRANSPONDER = "unknown_transponder"
    MISSED_LOOP = "missed_loop"  # a crossing of the line was not read; the lap is estimated
    BEFORE_START = "before_start"
    AFTER_FINISH = "after_finish"  # the car had taken the chequered flag already


@dataclass(frozen=True, slots=True)
class PassingIssue:
    """Something the operator should see about a passing; the passing itself stays journaled."""

    kind: PassingIssueKind
    passing: Passing
    detail: str = ""

    def __str__(self) -> str:
        who = self.passing.car or self.passing.transponder or "?"
        kind, loop = self.kind._value_, self.passing.loop._value_  # not `Enum.value`: a property
        text = f"{kind}: {who} at {loop} {self.passing.timestamp}"
        return f"{text} ({self.detail})" if self.detail else text


@dataclass(frozen=True, slots=True)
class TowerSectors:
    """A car's sector times on the tower: its last lap's and its best, each marked."""

    last: tuple[Millis | None, ...] = ()
    last_markers: tuple[LapMarker, ...] = ()
    best: tuple[Millis | None, ...] = ()
    best_markers: tuple[LapMarker, ...] = ()
    top_speed: Decimal | None = None  # km/h, the car's highest speed-trap reading (if any)


@dataclass(slots=True)
class TowerRow:
    """One line of the timing tower (overall order; class figures beside the overall ones).
    Not frozen (a frozen dataclass's `__init__` sets each field through `object.__setattr__`:
    a live tower makes dozens of rows a batch), but never changed once made: readers share it
    and tell an unchanged row by identity (`LiveSession._row`, `TowerEncoder`)."""

    position: int
    class_position: int
    number: CarNumber
    car_class: str
    team: str
    driver: str
    laps: int
    gap: Gap | None  # to the overall leader
    interval: Gap | None  # to the car ahead overall
    class_gap: Gap | None
    class_interval: Gap | None
    last_lap: Millis | None
    last_lap_marker: LapMarker
    best_lap: Millis | None
    best_lap_marker: LapMarker
    state: TrackState
    pit_stops: int
    status: ClassificationStatus
    # when the stint and the time in the lane began, on the race clock (`Tower.elapsed`; before
    # the start: negative): a screen runs both clocks itself (the stint clock is `elapsed -
    # stint_from`), so a row is the same until its car's timing or ranking changes
    stint_from: Millis | None = None
    lane_from: Millis | None = None
    stint_laps: int = 0  # laps since the start or the last stop
    vehicle: str = ""  # the car, as the entry list names it
    sectors: TowerSectors = TowerSectors()


@dataclass(frozen=True, slots=True)
class Tower:
    """The live state as a tower shows it; `rows` in overall order."""

    flag: Flag
    elapsed: Millis  # since the start, on the decoder clock
    remaining_time: Millis | None
    remaining_laps: int | None
    finished: bool
    classes: tuple[str, ...]
    rows: tuple[TowerRow, ...]

    def by_class(self, car_class: str) -> list[TowerRow]:
        return [row for row in self.rows if row.car_class == car_class]

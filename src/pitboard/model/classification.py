"""The result of a session: one row per car, in the published order."""

from __future__ import annotations

import enum
from dataclasses import dataclass, field

from pitboard.model.clock import Millis
from pitboard.model.entry import CarNumber, Entry
from pitboard.model.gap import Gap
from pitboard.model.session import SessionKind


class ClassificationStatus(enum.Enum):
    CLASSIFIED = "classified"
    NOT_CLASSIFIED = "not_classified"
    DNF = "dnf"
    DNS = "dns"
    DSQ = "dsq"

    # A member is equal only to itself: hashed by identity in C, not by its name in Python
    # (`Enum.__hash__`), as a ranking looks each car's status up (`rules.race._order_keys`).
    __hash__ = object.__hash__

    @property
    def mark(self) -> str:
        """What a results sheet prints in its status column: blank when classified."""
        return (
            ""
            if self is ClassificationStatus.CLASSIFIED
            else self.name.replace("NOT_CLASSIFIED", "NC")
        )


@dataclass(frozen=True, slots=True)
class Stint:
    """A run of laps by one driver between two stops."""

    driver: str
    first_lap: int
    last_lap: int
    time: Millis  # sum of the stint's lap times

    @property
    def laps(self) -> int:
        return self.last_lap - self.first_lap + 1


@dataclass(frozen=True, slots=True)
class PitStop:
    """A stop: its in-lap and the time in the pit lane."""

    lap: int  # the in-lap
    time: Millis | None  # time in the pit lane, when the timekeeper gives it


@dataclass(slots=True)
class ClassifiedCar:
    """One car's row of a classification: position, status, distance, times, stops."""

    position: int
    entry: Entry
    status: ClassificationStatus
    class_position: int = 0
    laps: int = 0
    total_time: Millis | None = None
    # None: no gap to print (a qualifying car without a valid lap time).
    gap_first: Gap | None = field(default_factory=Gap.reference)
    gap_previous: Gap | None = field(default_factory=Gap.reference)
    best_lap: Millis | None = None
    best_lap_number: int | None = None
    pit_stops: list[PitStop] = field(default_factory=list)
    stints: list[Stint] = field(default_factory=list)
    penalty_time: Millis = 0
    deleted_laps: list[int] = field(default_factory=list)

    def copy(self) -> ClassifiedCar:
        """A shallow copy (its lists shared): a ranking sets position, status and gaps on it."""
        return ClassifiedCar(
            position=self.position,
            entry=self.entry,
            status=self.status,
            class_position=self.class_position,
            laps=self.laps,
            total_time=self.total_time,
            gap_first=self.gap_first,
            gap_previous=self.gap_previous,
            best_lap=self.best_lap,
            best_lap_number=self.best_lap_number,
            pit_stops=self.pit_stops,
            stints=self.stints,
            penalty_time=self.penalty_time,
            deleted_laps=self.deleted_laps,
        )

    @property
    def number(self) -> CarNumber:
        return self.entry.number

    @property
    def pit_time(self) -> Millis:
        return sum(stop.time or 0 for stop in self.pit_stops)

    def drive_times(self) -> dict[str, Millis]:
        totals: dict[str, Millis] = {}
        for stint in self.stints:
            totals[stint.driver] = totals.get(stint.driver, 0) + stint.time
        return totals


@dataclass(slots=True)
class Classification:
    """A session's classification: its rows in the published order."""

    kind: SessionKind
    rows: list[ClassifiedCar]
    classes: list[str]
    lap_count: int = 0

    def by_class(self, car_class: str) -> list[ClassifiedCar]:
        return [row for row in self.rows if row.entry.car_class == car_class]

"""A season: series, circuits, rounds, the weekend's sessions, classes by crew and the entry list.

These are the value types the season file reader builds, the store keeps and the rules check.
Keys are short text ids: a season `gt4-europe-2023`, a circuit `misano`, an event (round)
`gt4-europe-2023-misano`, a session `gt4-europe-2023-misano-race1`.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime

from pitboard.model.clock import Millis
from pitboard.model.entry import Entry
from pitboard.model.session import SessionKind


class DriverCategory(enum.Enum):
    """The FIA driver categorisation, best first."""

    PLATINUM = "Platinum"
    GOLD = "Gold"
    SILVER = "Silver"
    BRONZE = "Bronze"


Crew = tuple[DriverCategory, ...]  # the categories of a car's drivers, in any order


@dataclass(frozen=True, slots=True)
class CarClass:
    """A class defined by who drives: the crews it admits (e.g. Pro-Am: Gold+Bronze, Silver+Bronze).

    A crew matches when its drivers' categories are those of an admitted crew, in any order.
    """

    name: str
    crews: tuple[Crew, ...] = ()

    def admits(self, crew: Crew) -> bool:
        wanted = sorted(category.value for category in crew)
        return any(sorted(c.value for c in admitted) == wanted for admitted in self.crews)


@dataclass(frozen=True, slots=True)
class Series:
    key: str  # e.g. "gt4-europe"
    name: str


@dataclass(frozen=True, slots=True)
class Season:
    key: str  # e.g. "gt4-europe-2023", "f1-1950"
    series: str  # Series.key
    year: int
    name: str
    ruleset: str = ""  # classification ruleset, e.g. "gt4-europe"
    championship: str = ""  # championship (points) ruleset


@dataclass(frozen=True, slots=True)
class Circuit:
    key: str  # e.g. "misano"
    name: str
    time_zone: str  # IANA, e.g. "Europe/Rome"
    country: str = ""
    place: str = ""
    length_m: int | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One round of a season."""

    key: str  # e.g. "gt4-europe-2023-misano"
    season: str  # Season.key
    round: int
    name: str
    circuit: str | None = None  # Circuit.key
    start: date | None = None
    end: date | None = None


class StartingDriver(enum.Enum):
    """Who must start a race."""

    ANY = "any"  # the team chooses
    QUALIFIER = "qualifier"  # the driver who set the time in the qualifying that set the grid


class GridOrder(enum.Enum):
    """How a qualifying classification becomes a grid."""

    OVERALL = "overall"  # every class together, by qualifying time
    BY_CLASS = "class"  # class by class (in the season's class order), each by qualifying time


@dataclass(frozen=True, slots=True)
class PitWindow:
    """When the mandatory stops must be made, in ms after the start of the race."""

    opens: Millis
    closes: Millis
    stops: int = 1  # mandatory stops within the window
    driver_change: bool = False  # must the stop hand the car to another driver?


@dataclass(frozen=True, slots=True)
class SessionInfo:
    """A session's place in the weekend (its format), without its entries and laps."""

    key: str  # e.g. "gt4-europe-2023-misano-race1"
    kind: SessionKind
    name: str = ""
    event: str | None = None  # Event.key
    scheduled_start: datetime | None = None  # naive, local time at the circuit
    duration: Millis | None = None
    race_laps: int | None = None
    grid_from: str | None = None  # the qualifying session (key) that sets this race's grid
    grid_order: GridOrder | None = None
    starting_driver: StartingDriver | None = None
    pit_window: PitWindow | None = None


@dataclass(frozen=True, slots=True)
class SeasonPlan:
    """Everything a season file holds: the season, its calendar, sessions, classes and entries."""

    series: Series
    season: Season
    circuits: tuple[Circuit, ...] = ()
    events: tuple[Event, ...] = ()
    sessions: tuple[SessionInfo, ...] = ()  # every event's sessions, in schedule order
    classes: tuple[CarClass, ...] = ()
    entries: tuple[Entry, ...] = field(default=())

    def sessions_of(self, event: str) -> list[SessionInfo]:
        return [session for session in self.sessions if session.event == event]


@dataclass(frozen=True, slots=True)
class Issue:
    """Something wrong with an entry (or other input) that an operator must see and fix."""

    subject: str  # what it is about, e.g. "car 21"
    message: str

    def __str__(self) -> str:
        return f"{self.subject}: {self.message}"

"""What a weekend report is written from: the event, its calendar and the sessions' laps."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime

from pitboard.model import (
    CarNumber,
    ChampionshipRules,
    Classification,
    ClassificationRules,
    Session,
    WeatherReading,
)


@dataclass(frozen=True, slots=True)
class CalendarRound:
    number: int
    key: str  # the event's short id, e.g. "misano"
    venue: str  # e.g. "Misano", "Hockenheim"
    country: str  # ISO 3166 code, e.g. "IT"
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class WeekendSession:
    key: str  # fp1, fp2, q1, q2, race1, race2
    session: Session
    start: datetime | None = None  # circuit time
    weather: tuple[WeatherReading, ...] = ()
    grid_from: str | None = None  # the qualifying (key) that set a race's grid
    name: str = ""  # the session's own name, for keys the report has no words for
    # the published result (with the stewards' decisions); None: classify the laps
    classification: Classification | None = None
    # a race's grid as the store builds it: car -> class slot; None: from `grid_from`
    grid: Mapping[CarNumber, int] | None = None


@dataclass(frozen=True, slots=True)
class Weekend:
    season: str  # e.g. "gt4-europe-2023"
    season_name: str  # e.g. "GT4 European Series"
    event: CalendarRound
    sessions: tuple[WeekendSession, ...]
    calendar: tuple[CalendarRound, ...] = ()
    rules: ClassificationRules = field(default_factory=ClassificationRules)
    points_places: int = 10  # class finishing places that score points (see `points_places`)
    synthetic: bool = False  # invented data: the report says so

    def session(self, key: str) -> WeekendSession | None:
        return next((s for s in self.sessions if s.key == key), None)

    def name_of(self, key: str) -> str:
        """The session's own name ("" when it has none)."""
        found = self.session(key)
        return found.name if found else ""


def points_places(championship: ChampionshipRules) -> int:
    """How many class finishing places of a race score points under the championship's rules."""
    return sum(1 for points in championship.race.positions if points > 0)

"""Who is in the session: the car (its number is a string: "021" is not "21"), class, crew."""

from __future__ import annotations

from dataclasses import dataclass, field

CarNumber = str


@dataclass(frozen=True, slots=True)
class Driver:
    """A driver of an entry (category and country where the entry list gives them)."""

    name: str
    category: str | None = None  # FIA driver category: Platinum, Gold, Silver, Bronze
    country: str | None = None


@dataclass(frozen=True, slots=True)
class Entry:
    """A car in the session: its number, class, team, vehicle and crew."""

    number: CarNumber
    car_class: str
    team: str = ""
    vehicle: str = ""
    drivers: tuple[Driver, ...] = field(default_factory=tuple)

    @property
    def driver_names(self) -> list[str]:
        return [driver.name for driver in self.drivers]

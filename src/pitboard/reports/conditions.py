"""The weather of a session in a few numbers: air and track temperature range, humidity, rain."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from pitboard.model import WeatherReading

HOT_AIR = Decimal(30)  # °C: from here on the report calls a session hot


@dataclass(frozen=True, slots=True)
class Conditions:
    air: tuple[Decimal, Decimal]  # lowest, highest; °C
    track: tuple[Decimal, Decimal] | None
    humidity: Decimal | None  # mean, percent
    wet: bool

    @property
    def hot(self) -> bool:
        return self.air[1] >= HOT_AIR


def conditions(readings: Sequence[WeatherReading]) -> Conditions | None:
    """None when the station gave no air temperature for the session."""
    metric = [reading.in_metric() for reading in readings]
    air = [r.air_temp for r in metric if r.air_temp is not None]
    if not air:
        return None
    track = [r.track_temp for r in metric if r.track_temp is not None]
    humidity = [r.humidity for r in metric if r.humidity is not None]
    return Conditions(
        air=(min(air), max(air)),
        track=(min(track), max(track)) if track else None,
        humidity=sum(humidity, Decimal(0)) / len(humidity) if humidity else None,
        wet=any(r.is_raining for r in metric),
    )

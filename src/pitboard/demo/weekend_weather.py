"""Synthetic weather station readings for a hot July weekend at Misano (dry, °C, hPa, km/h)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from pitboard.model import UnitSystem, WeatherReading

READING_EVERY_S = 60


@dataclass(frozen=True, slots=True)
class Climate:
    """Where a session's readings start and how fast the heat builds (per hour)."""

    air: Decimal
    track: Decimal
    humidity: Decimal
    rise_per_hour: Decimal


def readings(
    start: datetime, minutes: int, climate: Climate, rng: random.Random
) -> list[WeatherReading]:
    """One reading a minute from the session start (an aware datetime) to its end."""
    first = int(start.timestamp())
    result = []
    for minute in range(0, minutes + 1, READING_EVERY_S // 60):
        rise = climate.rise_per_hour * minute / 60
        result.append(
            WeatherReading(
                time_utc=first + minute * 60,
                air_temp=_wobble(climate.air + rise, rng),
                track_temp=_wobble(climate.track + 2 * rise, rng),
                humidity=_wobble(climate.humidity - 2 * rise, rng),
                pressure=_wobble(Decimal("1012.4"), rng),
                wind_speed=_wobble(Decimal("7.5"), rng, spread=30),
                wind_direction=rng.randrange(60, 120),  # a light easterly off the Adriatic
                rain=Decimal(0),
                units=UnitSystem.METRIC,
            )
        )
    return result


def _wobble(value: Decimal, rng: random.Random, spread: int = 4) -> Decimal:
    return (value + Decimal(rng.randrange(-spread, spread + 1)) / 10).quantize(Decimal("0.1"))

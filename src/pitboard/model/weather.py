"""A weather station reading at the track, in the units the timekeeper's station reported.

Readings are exact decimals as written (`68.30006`, `29.53305301`), never floats; "no reading"
(a missing sensor, a `-1` rain field, a `-999` fault value) is None.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from datetime import UTC, datetime
from decimal import Decimal


class UnitSystem(enum.Enum):
    """Units of a whole weather file: both seen in Al Kamel exports."""

    METRIC = "metric"  # °C, hPa, km/h (GR Cup)
    IMPERIAL = "imperial"  # °F, inHg, mph (IMSA)

    @property
    def temperature(self) -> str:
        return "°C" if self is UnitSystem.METRIC else "°F"

    @property
    def pressure(self) -> str:
        return "hPa" if self is UnitSystem.METRIC else "inHg"

    @property
    def speed(self) -> str:
        return "km/h" if self is UnitSystem.METRIC else "mph"


_HPA_PER_INHG = Decimal("33.8638866667")
_KMH_PER_MPH = Decimal("1.609344")
_HUNDREDTH = Decimal("0.01")


@dataclass(frozen=True, slots=True)
class WeatherReading:
    time_utc: int  # seconds since 1970-01-01 UTC
    air_temp: Decimal | None
    track_temp: Decimal | None
    humidity: Decimal | None  # relative humidity, percent
    pressure: Decimal | None
    wind_speed: Decimal | None
    wind_direction: int | None  # degrees, where the wind comes from
    rain: Decimal | None  # 0 dry, > 0 wet; None where the station has no rain sensor
    units: UnitSystem = UnitSystem.METRIC

    @property
    def time(self) -> datetime:
        return datetime.fromtimestamp(self.time_utc, tz=UTC)

    @property
    def is_raining(self) -> bool | None:
        return None if self.rain is None else self.rain > 0

    def in_metric(self) -> WeatherReading:
        """The same reading in °C, hPa and km/h (converted values rounded to 0.01)."""
        if self.units is UnitSystem.METRIC:
            return self
        return WeatherReading(
            time_utc=self.time_utc,
            air_temp=_celsius(self.air_temp),
            track_temp=_celsius(self.track_temp),
            humidity=self.humidity,
            pressure=_scaled(self.pressure, _HPA_PER_INHG),
            wind_speed=_scaled(self.wind_speed, _KMH_PER_MPH),
            wind_direction=self.wind_direction,
            rain=self.rain,
            units=UnitSystem.METRIC,
        )


def _celsius(fahrenheit: Decimal | None) -> Decimal | None:
    if fahrenheit is None:
        return None
    return ((fahrenheit - 32) * 5 / 9).quantize(_HUNDREDTH)


def _scaled(value: Decimal | None, factor: Decimal) -> Decimal | None:
    return None if value is None else (value * factor).quantize(_HUNDREDTH)

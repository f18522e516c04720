"""Al Kamel weather (`26_Weather…`, IMSA `*-race-weather.csv`): one station reading a minute.

    TIME_UTC_SECONDS;TIME_UTC_STR;AIR_TEMP;TRACK_TEMP;HUMIDITY;PRESSURE;WIND_SPEED;WIND_DIRECTION;RAIN

The file does not say its units. GR Cup exports are metric (°C, hPa, km/h); IMSA exports are
imperial (°F, inHg, mph). The pressure tells them apart: no track sits below 200 hPa or above
200 inHg, so the first pressure of the file decides for the whole file (metric when none).
`RAIN = -1` (IMSA: no rain sensor) and fault values of -999 or lower read as None.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

from pitboard.formats.fields import decimal_or_none, integer_or_none
from pitboard.formats.text import Table, open_table
from pitboard.model import FormatError, UnitSystem, WeatherReading

REQUIRED = ("TIME_UTC_SECONDS", "AIR_TEMP")
COLUMNS = ("TRACK_TEMP", "HUMIDITY", "PRESSURE", "WIND_SPEED", "WIND_DIRECTION", "RAIN")
_IMPERIAL_BELOW = Decimal(200)  # a pressure under this is inHg, not hPa
_FAULT = Decimal(-999)
_NO_SENSOR = Decimal(-1)

_Raw = tuple[int, Decimal | None, Decimal | None, Decimal | None, Decimal | None, Decimal | None]


def looks_like_weather(header: list[str]) -> bool:
    return all(name in header for name in REQUIRED)


def read_weather(path: str | Path, units: UnitSystem | None = None) -> list[WeatherReading]:
    """Read a weather file; `units` overrides the units sniffed from the pressure."""
    table = open_table(path)
    rows = list(_raw_rows(table))
    if units is None:
        units = guess_units(row[4] for row, _, _ in rows)
    return [_reading(row, direction, rain, units) for row, direction, rain in rows]


def guess_units(pressures: Iterator[Decimal | None]) -> UnitSystem:
    for pressure in pressures:
        if pressure is not None and pressure > 0:
            return UnitSystem.IMPERIAL if pressure < _IMPERIAL_BELOW else UnitSystem.METRIC
    return UnitSystem.METRIC


def _raw_rows(table: Table) -> Iterator[tuple[_Raw, int | None, Decimal | None]]:
    try:
        time_col, air_col = table.column(*REQUIRED[:1]), table.column(REQUIRED[1])
        track, humidity, pressure, wind, direction, rain = (table.optional(n) for n in COLUMNS)
    except FormatError:
        table.close()
        raise
    needed = max(i for i in (time_col, air_col) if i is not None) + 1
    path = table.path
    for line, f in table.rows:
        if len(f) < needed:
            table.close()
            raise table.truncated(line, f)
        raw: _Raw = (
            _time(f[time_col], path, line),
            _value(f, air_col, path, line, "AIR_TEMP"),
            _value(f, track, path, line, "TRACK_TEMP"),
            _value(f, humidity, path, line, "HUMIDITY"),
            _value(f, pressure, path, line, "PRESSURE"),
            _value(f, wind, path, line, "WIND_SPEED"),
        )
        yield raw, _direction(f, direction, path, line), _rain(f, rain, path, line)


def _time(text: str, path: str, line: int) -> int:
    seconds = integer_or_none(text, path, line, "TIME_UTC_SECONDS")
    if seconds is None:
        raise FormatError("empty value", path=path, line=line, column="TIME_UTC_SECONDS", value="")
    return seconds


def _value(f: list[str], index: int | None, path: str, line: int, column: str) -> Decimal | None:
    if index is None or index >= len(f):
        return None
    value = decimal_or_none(f[index], path, line, column)
    return None if value is not None and value <= _FAULT else value


def _direction(f: list[str], index: int | None, path: str, line: int) -> int | None:
    if index is None or index >= len(f):
        return None
    return integer_or_none(f[index], path, line, "WIND_DIRECTION")


def _rain(f: list[str], index: int | None, path: str, line: int) -> Decimal | None:
    value = _value(f, index, path, line, "RAIN")
    return None if value == _NO_SENSOR else value


def _reading(
    raw: _Raw, direction: int | None, rain: Decimal | None, units: UnitSystem
) -> WeatherReading:
    time_utc, air, track, humidity, pressure, wind = raw
    return WeatherReading(
        time_utc=time_utc,
        air_temp=air,
        track_temp=track,
        humidity=humidity,
        pressure=pressure,
        wind_speed=wind,
        wind_direction=direction,
        rain=rain,
        units=units,
    )

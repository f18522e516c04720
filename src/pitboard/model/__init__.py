"""Value types of the sport (standard library only).

Every export is loaded on first use (PEP 562 `__getattr__`): `from pitboard.model import Lap`
imports `pitboard.model.lap` only, not every value type of the sport, so a command pays for the
types it uses (bench/classify.py). To export a name, add one line to `_EXPORTS` (name -> module
of this package) and the same import to the `TYPE_CHECKING` block, which is what mypy reads.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pitboard.model.championship import (
        ChampionshipRules,
        CountingPart,
        PointsSystem,
        RaceOverride,
        RoundScore,
        ScoredResult,
        SharedDrive,
        Standing,
    )
    from pitboard.model.classification import (
        Classification,
        ClassificationStatus,
        ClassifiedCar,
        PitStop,
        Stint,
    )
    from pitboard.model.clock import Millis, format_duration, format_lap_time, parse_duration
    from pitboard.model.entry import CarNumber, Driver, Entry
    from pitboard.model.errors import FormatError, PitboardError, RulesError
    from pitboard.model.gap import Gap, format_gap, parse_gap
    from pitboard.model.lap import Flag, Lap
    from pitboard.model.penalty import Penalty, PenaltyKind
    from pitboard.model.ruleset import ClassificationRules, PositionDropScope
    from pitboard.model.session import Session, SessionKind
    from pitboard.model.weather import UnitSystem, WeatherReading

_EXPORTS: dict[str, str] = {
    "CarNumber": "entry",
    "ChampionshipRules": "championship",
    "Classification": "classification",
    "ClassificationRules": "ruleset",
    "ClassificationStatus": "classification",
    "ClassifiedCar": "classification",
    "CountingPart": "championship",
    "Driver": "entry",
    "Entry": "entry",
    "Flag": "lap",
    "FormatError": "errors",
    "Gap": "gap",
    "Lap": "lap",
    "Millis": "clock",
    "Penalty": "penalty",
    "PenaltyKind": "penalty",
    "PitStop": "classification",
    "PitboardError": "errors",
    "PointsSystem": "championship",
    "PositionDropScope": "ruleset",
    "RaceOverride": "championship",
    "RoundScore": "championship",
    "RulesError": "errors",
    "ScoredResult": "championship",
    "Session": "session",
    "SessionKind": "session",
    "SharedDrive": "championship",
    "Standing": "championship",
    "Stint": "classification",
    "UnitSystem": "weather",
    "WeatherReading": "weather",
    "format_duration": "clock",
    "format_gap": "gap",
    "format_lap_time": "clock",
    "parse_duration": "clock",
    "parse_gap": "gap",
}

__all__ = [
    "CarNumber",
    "ChampionshipRules",
    "Classification",
    "ClassificationRules",
    "ClassificationStatus",
    "ClassifiedCar",
    "CountingPart",
    "Driver",
    "Entry",
    "Flag",
    "FormatError",
    "Gap",
    "Lap",
    "Millis",
    "Penalty",
    "PenaltyKind",
    "PitStop",
    "PitboardError",
    "PointsSystem",
    "PositionDropScope",
    "RaceOverride",
    "RoundScore",
    "RulesError",
    "ScoredResult",
    "Session",
    "SessionKind",
    "SharedDrive",
    "Standing",
    "Stint",
    "UnitSystem",
    "WeatherReading",
    "format_duration",
    "format_gap",
    "format_lap_time",
    "parse_duration",
    "parse_gap",
]


def __getattr__(name: str) -> object:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})

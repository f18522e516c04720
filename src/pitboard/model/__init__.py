"""Value types of the sport (standard library only)."""

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

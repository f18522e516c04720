"""Value types of the sport (standard library only).

`from pitboard.model import Lap` is the one way in; each name below is re-exported once
(`X as X`). A name loads its submodule on first use (module `__getattr__`, PEP 562):
`pitboard classify` needs laps, entries and the classification, not the championship, passing
or weather types, and each dataclass created at import runs the compiler for its methods
(bench/classify.py times the whole process).
"""

# ruff: noqa: I001 (isort would split each `X as X` re-export onto its own import line)
from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from typing import Any

    from pitboard.model.championship import (
        ChampionshipRules as ChampionshipRules,
        CountingPart as CountingPart,
        PointsSystem as PointsSystem,
        RaceOverride as RaceOverride,
        RoundScore as RoundScore,
        ScoredResult as ScoredResult,
        SharedDrive as SharedDrive,
        Standing as Standing,
    )
    from pitboard.model.classification import (
        Classification as Classification,
        ClassificationStatus as ClassificationStatus,
        ClassifiedCar as ClassifiedCar,
        PitStop as PitStop,
        Stint as Stint,
    )
    from pitboard.model.clock import (
        Millis as Millis,
        format_duration as format_duration,
        format_lap_time as format_lap_time,
        parse_duration as parse_duration,
        parse_durations as parse_durations,
    )
    from pitboard.model.entry import (
        CarNumber as CarNumber,
        Driver as Driver,
        Entry as Entry,
    )
    from pitboard.model.errors import (
        FormatError as FormatError,
        PitboardError as PitboardError,
        RulesError as RulesError,
    )
    from pitboard.model.gap import (
        Gap as Gap,
        format_gap as format_gap,
        parse_gap as parse_gap,
    )
    from pitboard.model.lap import (
        Flag as Flag,
        Lap as Lap,
    )
    from pitboard.model.penalty import (
        Penalty as Penalty,
        PenaltyKind as PenaltyKind,
    )
    from pitboard.model.ruleset import (
        ClassificationRules as ClassificationRules,
        PositionDropScope as PositionDropScope,
    )
    from pitboard.model.session import (
        Session as Session,
        SessionKind as SessionKind,
    )
    from pitboard.model.weather import (
        UnitSystem as UnitSystem,
        WeatherReading as WeatherReading,
    )

# name -> the submodule that defines it (tests/test_model_exports.py keeps it complete).
_EXPORTS: dict[str, str] = {
    "ChampionshipRules": "championship",
    "CountingPart": "championship",
    "PointsSystem": "championship",
    "RaceOverride": "championship",
    "RoundScore": "championship",
    "ScoredResult": "championship",
    "SharedDrive": "championship",
    "Standing": "championship",
    "Classification": "classification",
    "ClassificationStatus": "classification",
    "ClassifiedCar": "classification",
    "PitStop": "classification",
    "Stint": "classification",
    "Millis": "clock",
    "format_duration": "clock",
    "format_lap_time": "clock",
    "parse_duration": "clock",
    "parse_durations": "clock",
    "CarNumber": "entry",
    "Driver": "entry",
    "Entry": "entry",
    "FormatError": "errors",
    "PitboardError": "errors",
    "RulesError": "errors",
    "Gap": "gap",
    "format_gap": "gap",
    "parse_gap": "gap",
    "Flag": "lap",
    "Lap": "lap",
    "Penalty": "penalty",
    "PenaltyKind": "penalty",
    "ClassificationRules": "ruleset",
    "PositionDropScope": "ruleset",
    "Session": "session",
    "SessionKind": "session",
    "UnitSystem": "weather",
    "WeatherReading": "weather",
}
__all__ = list(_EXPORTS)


def __getattr__(name: str) -> Any:
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    # `__import__`, not importlib.import_module: `python -X importtime` then lists the submodule
    value = getattr(__import__(f"{__name__}.{module}", fromlist=[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_EXPORTS})

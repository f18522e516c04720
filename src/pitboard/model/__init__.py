"""Value types of the sport (standard library only).

`from pitboard.model import Lap` is the one way in; each name below is re-exported once
(`X as X`). The whole package imports in a few milliseconds (bench/classify.py times the
`classify` process it is part of), so it loads eagerly.
"""

# ruff: noqa: I001 (isort would split each `X as X` re-export onto its own import line)
from __future__ import annotations

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

"""The series rules that classification needs, kept as data."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from fractions import Fraction


class PositionDropScope(enum.Enum):
    OVERALL = "overall"
    CLASS = "class"


@dataclass(frozen=True, slots=True)
class ClassificationRules:
    """A ruleset's classification rules (`pitboard.rules.rulesets` loads them)."""

    name: str = "default"
    # A car is classified when it has covered at least this share of the winner's laps
    # (of its class winner when `minimum_distance_per_class`).
    minimum_distance: Fraction = Fraction(0)
    minimum_distance_per_class: bool = False
    # Must the car take the chequered flag to be classified? When False, a car that
    # retired but covered the minimum distance is still classified (IMSA, GR Cup).
    chequered_flag_required: bool = False
    position_drop_scope: PositionDropScope = PositionDropScope.OVERALL
    # Do cars that are not classified (NC, DNF, DNS, DSQ) carry an overall and a class
    # position on the results? When False they are listed after the classified cars, unranked.
    not_classified_positions: bool = True

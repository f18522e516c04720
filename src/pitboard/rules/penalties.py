"""Stewards' decisions applied to a classification, the same way whatever the input format."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pitboard import model

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from pitboard.model import CarNumber, Penalty

# `model.PenaltyKind` is looked up only for a penalty there is: a run without any (every
# `pitboard classify` without --penalties) never loads `pitboard.model.penalty`, whose
# dataclass runs the compiler at import (bench/classify.py).


def penalties_by_car(penalties: Iterable[Penalty]) -> dict[CarNumber, list[Penalty]]:
    grouped: dict[CarNumber, list[Penalty]] = defaultdict(list)
    for penalty in penalties:
        grouped[penalty.car].append(penalty)
    return grouped


def added_time(penalties: Sequence[Penalty]) -> int:
    return sum(p.millis for p in penalties if p.kind is model.PenaltyKind.TIME)


def deducted_laps(penalties: Sequence[Penalty]) -> int:
    return sum(p.laps for p in penalties if p.kind is model.PenaltyKind.LAPS)


def dropped_positions(penalties: Sequence[Penalty]) -> int:
    return sum(p.positions for p in penalties if p.kind is model.PenaltyKind.POSITIONS)


def sent_to_the_back(penalties: Sequence[Penalty]) -> bool:
    return any(p.kind is model.PenaltyKind.TO_THE_BACK for p in penalties)


def is_disqualified(penalties: Sequence[Penalty]) -> bool:
    return any(p.kind is model.PenaltyKind.DISQUALIFICATION for p in penalties)


def deleted_laps(penalties: Sequence[Penalty]) -> set[int]:
    return {
        p.lap for p in penalties if p.kind is model.PenaltyKind.DELETE_LAP and p.lap is not None
    }

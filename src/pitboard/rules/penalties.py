"""Stewards' decisions applied to a classification, the same way whatever the input format."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

from pitboard.model import CarNumber, Penalty, PenaltyKind


def penalties_by_car(penalties: Iterable[Penalty]) -> dict[CarNumber, list[Penalty]]:
    grouped: dict[CarNumber, list[Penalty]] = defaultdict(list)
    for penalty in penalties:
        grouped[penalty.car].append(penalty)
    return grouped


def added_time(penalties: Sequence[Penalty]) -> int:
    return sum(p.millis for p in penalties if p.kind is PenaltyKind.TIME)


def deducted_laps(penalties: Sequence[Penalty]) -> int:
    return sum(p.laps for p in penalties if p.kind is PenaltyKind.LAPS)


def dropped_positions(penalties: Sequence[Penalty]) -> int:
    return sum(p.positions for p in penalties if p.kind is PenaltyKind.POSITIONS)


def sent_to_the_back(penalties: Sequence[Penalty]) -> bool:
    return any(p.kind is PenaltyKind.TO_THE_BACK for p in penalties)


def is_disqualified(penalties: Sequence[Penalty]) -> bool:
    return any(p.kind is PenaltyKind.DISQUALIFICATION for p in penalties)


def deleted_laps(penalties: Sequence[Penalty]) -> set[int]:
    return {p.lap for p in penalties if p.kind is PenaltyKind.DELETE_LAP and p.lap is not None}

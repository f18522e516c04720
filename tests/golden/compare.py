"""Row-by-row comparison of a computed classification with an official one, and its table."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pitboard.model import ClassifiedCar

Getter = Callable[[ClassifiedCar], Any]

FIELDS: dict[str, Getter] = {
    "position": lambda r: r.position,
    "class_position": lambda r: r.class_position,
    "laps": lambda r: r.laps,
    "total_time": lambda r: r.total_time,
    "gap_first": lambda r: None if r.gap_first is None else str(r.gap_first),
    "gap_previous": lambda r: None if r.gap_previous is None else str(r.gap_previous),
    "best_lap": lambda r: r.best_lap,
    "best_lap_number": lambda r: r.best_lap_number,
    "status": lambda r: r.status.value,
}


@dataclass
class Comparison:
    name: str
    rows: int = 0
    exact: int = 0
    differences: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.rows > 0 and self.exact == self.rows


def compare(
    name: str,
    ours: Sequence[ClassifiedCar],
    official: Sequence[ClassifiedCar],
    fields: Sequence[str],
) -> Comparison:
    """Match rows by car number; every official row must be found and equal on `fields`."""
    result = Comparison(name)
    by_number = {row.number: row for row in ours}
    for theirs in official:
        result.rows += 1
        mine = by_number.get(theirs.number)
        if mine is None:
            result.differences.append(f"#{theirs.number}: missing from our classification")
            continue
        wrong = [
            f"{f} ours={FIELDS[f](mine)!r} official={FIELDS[f](theirs)!r}"
            for f in fields
            if FIELDS[f](mine) != FIELDS[f](theirs)
        ]
        if wrong:
            result.differences.append(f"#{theirs.number}: " + "; ".join(wrong))
        else:
            result.exact += 1
    return result


def match_table(results: Sequence[Comparison]) -> str:
    """The printed golden table: one line per session, then every difference."""
    width = max((len(r.name) for r in results), default=10)
    lines = [f"{'session':<{width}}  rows  exact  match"]
    for r in results:
        share = 100.0 * r.exact / r.rows if r.rows else 0.0
        lines.append(f"{r.name:<{width}}  {r.rows:>4}  {r.exact:>5}  {share:5.1f}%")
        lines.extend(f"    {d}" for d in r.differences)
    total = sum(r.rows for r in results)
    exact = sum(r.exact for r in results)
    lines.append(
        f"{'TOTAL':<{width}}  {total:>4}  {exact:>5}  {100.0 * exact / max(total, 1):5.1f}%"
    )
    return "\n".join(lines)

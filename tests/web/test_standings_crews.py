"""Crew-mates share one line of the standings even when another crew level with them sorts in
between by name (the Misano demo: cars 40 and 10 both on 18 points, listed Cleo, Diego, Kasper,
Oskar)."""

from __future__ import annotations

from decimal import Decimal

from pitboard.model import Standing
from pitboard.model.championship import RoundScore
from pitboard.web.standings import crews


def _row(name: str, *points: int) -> Standing:
    rounds = tuple(RoundScore(n, Decimal(p)) for n, p in enumerate(points, start=1))
    return Standing(9, name, Decimal(sum(points)), 0, rounds=rounds, tied=True)


def test_crews_level_on_points_are_grouped_by_their_race_scores() -> None:
    rows = [_row("Cleo", 10, 8), _row("Diego", 8, 10), _row("Kasper", 10, 8), _row("Oskar", 8, 10)]
    names = [[row.driver for row in group] for group in crews(rows)]
    assert names == [["Cleo", "Kasper"], ["Diego", "Oskar"]]


def test_scoreless_drivers_stay_one_a_line() -> None:
    rows = [_row("A", 0, 0), _row("B", 0, 0)]
    assert [[row.driver for row in group] for group in crews(rows)] == [["A"], ["B"]]

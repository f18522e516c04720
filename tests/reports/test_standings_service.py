"""The standings service the site and the CLI share: crews, ranks among crews, rank text."""

from __future__ import annotations

from decimal import Decimal

from pitboard.model import Standing
from pitboard.model.championship import RoundScore
from pitboard.reports.standings import crews, points_text, rank_text

Cars = dict[str, tuple[tuple[int, str], ...]]


def _row(name: str, position: int, *points: int) -> Standing:
    rounds = tuple(RoundScore(n, Decimal(p)) for n, p in enumerate(points, start=1))
    return Standing(position, name, Decimal(sum(points)), 0, rounds=rounds, tied=True)


def test_crews_level_on_points_are_grouped_by_their_race_scores() -> None:
    # the Misano demo: cars 40 and 10 both on 18 points, listed Cleo, Diego, Kasper, Oskar
    rows = [_row(n, 9, *p) for n, p in (("Cleo", (10, 8)), ("Diego", (8, 10)))]
    rows += [_row(n, 9, *p) for n, p in (("Kasper", (10, 8)), ("Oskar", (8, 10)))]
    cars: Cars = {"Cleo": ((1, "40"),), "Kasper": ((1, "40"),)}
    cars |= {"Diego": ((1, "10"),), "Oskar": ((1, "10"),)}
    assert [c.names for c in crews(rows, cars)] == [("Cleo", "Kasper"), ("Diego", "Oskar")]


def test_scoreless_crew_mates_share_a_line_and_other_scoreless_cars_do_not() -> None:
    rows = [_row("W", 1, 25, 25), _row("A", 2, 0, 0), _row("B", 2, 0, 0), _row("C", 2, 0, 0)]
    cars: Cars = {"W": ((1, "1"), (2, "1")), "A": ((1, "7"), (2, "7")), "B": ((1, "7"), (2, "7"))}
    cars["C"] = ((1, "9"), (2, "9"))
    found = crews(rows, cars)
    assert [c.names for c in found] == [("W",), ("A", "B"), ("C",)]
    assert [rank_text(c.rank, c.tied) for c in found] == ["1", "2=", "2="]


def test_crews_are_ranked_among_themselves() -> None:
    # two drivers a car: the drivers rank 1, 1, 3, 3, 5, 5, 5, 5 (two cars level on 10)
    scores = [("A", 1, 25), ("B", 1, 25), ("C", 3, 18), ("D", 3, 18)]
    scores += [("E", 5, 10), ("F", 5, 10), ("G", 5, 10), ("H", 5, 10)]
    rows = [_row(name, position, points) for name, position, points in scores]
    car = {"A": "1", "B": "1", "C": "2", "D": "2", "E": "3", "F": "3", "G": "4", "H": "4"}
    found = crews(rows, {name: ((1, number),) for name, number in car.items()})
    assert [rank_text(c.rank, c.tied) for c in found] == ["1", "2", "3=", "3="]


def test_points_text() -> None:
    assert [points_text(Decimal(p)) for p in ("48", "13.50", "4.142857")] == ["48", "13.5", "4.14"]

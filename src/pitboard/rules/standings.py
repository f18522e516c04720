"""Drivers' standings: counted results (best N, per part of a season), count-back, genuine ties."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace
from decimal import Decimal

from pitboard.model import ChampionshipRules, CountingPart, RoundScore, ScoredResult, Standing
from pitboard.model.championship import ZERO
from pitboard.rules.points import award_points_parts


def compute_standings(
    results: Iterable[ScoredResult],
    rules: ChampionshipRules,
    distances: Mapping[int, Decimal] | None = None,
) -> list[Standing]:
    """Final drivers' standings: most counted points, then count-back; equal on both = tied.

    Count-back looks at the classified finishing positions as published (in class, when the
    results are per class), not at the places after points passed down.
    """
    per_round: dict[str, dict[Result, Decimal]] = defaultdict(lambda: defaultdict(lambda: ZERO))
    bonuses: dict[tuple[str, int], Decimal] = defaultdict(lambda: ZERO)
    places: dict[str, list[int]] = defaultdict(list)
    entered: set[str] = set()  # drivers with any eligible result: the others are not listed
    for row, points, bonus in award_points_parts(results, rules, distances):
        if not row.eligible:
            continue
        entered.add(row.driver)
        per_round[row.driver][(row.round, row.car if rules.count_each_car else "")] += points
        bonuses[(row.driver, row.round)] += bonus
        if row.classified and row.position is not None and not row.sprint:
            places[row.driver].append(row.position)
    _add_bonuses(per_round, bonuses)
    depth = max((max(p) for p in places.values() if p), default=0)
    rows = [
        _row(driver, _counted(rounds, rules.counting), _finishes(places[driver], depth))
        for driver, rounds in per_round.items()
        if driver in entered
    ]
    return _rank(rows, set(rules.excluded))


def _add_bonuses(
    per_round: dict[str, dict[Result, Decimal]], bonuses: dict[tuple[str, int], Decimal]
) -> None:
    """A round's fastest-lap and pole points go with the driver's best-scoring car of the
    round (FIA 1954-1957: Gonzalez, 1954 Italian GP, fastest lap in the car he retired and 3rd
    in a shared one: one result of 3, not 1 and 2)."""
    for (driver, round_), bonus in bonuses.items():
        if not bonus:
            continue
        results = per_round[driver]
        cars = [key for key in results if key[0] == round_]
        best = max(cars, key=lambda key: (results[key], key[1])) if cars else (round_, "")
        results[best] += bonus


def _row(driver: str, rounds: tuple[RoundScore, ...], finishes: tuple[int, ...]) -> Standing:
    points = sum((r.points for r in rounds if r.counted), ZERO)
    wins = finishes[0] if finishes else 0
    return Standing(0, driver, points, wins, finishes, rounds)


def _finishes(places: Sequence[int], depth: int) -> tuple[int, ...]:
    counts = [0] * depth
    for place in places:
        counts[place - 1] += 1
    return tuple(counts)


Result = tuple[int, str]  # (round, car): the car is "" unless each car counts as a result


def _counted(
    rounds: dict[Result, Decimal], parts: Sequence[CountingPart]
) -> tuple[RoundScore, ...]:
    """Mark which results count: all of them, or the best N within each part. A result is a
    round, or each car a driver scored with in a round (`count_each_car`)."""
    kept: set[Result] = set(rounds)
    for part in parts:
        inside = sorted((r for r in rounds if part.covers(r[0])), key=lambda r: (-rounds[r], r))
        kept -= set(inside[part.best :])
    return tuple(RoundScore(r[0], rounds[r], r in kept) for r in sorted(rounds))


SortKey = tuple[bool, Decimal, tuple[int, ...]]


def _sort_key(row: Standing) -> SortKey:
    return (row.excluded, -row.points, tuple(-n for n in row.finishes))


def _rank(rows: list[Standing], excluded: set[str]) -> list[Standing]:
    """Order by points then count-back; excluded drivers last; equal keys share a position."""
    marked = [replace(r, excluded=r.driver in excluded) for r in rows]
    marked.sort(key=lambda r: (_sort_key(r), r.driver))
    keys = [_sort_key(r) for r in marked]
    ranked: list[Standing] = []
    for index, row in enumerate(marked):
        tied_before = index > 0 and keys[index - 1] == keys[index]
        tied_after = index + 1 < len(marked) and keys[index + 1] == keys[index]
        position = ranked[-1].position if tied_before else index + 1
        ranked.append(replace(row, position=position, tied=tied_before or tied_after))
    return ranked


def explain_tie(a: Standing, b: Standing) -> str:
    """In words: why `a` ranks above `b` (or that they are tied), when points alone do not say."""
    if a.points != b.points:
        high, low = (a, b) if a.points > b.points else (b, a)
        return f"{high.driver} ranks above {low.driver} on points: {_num(high.points)} to " + _num(
            low.points
        )
    depth = max(len(a.finishes), len(b.finishes))
    mine = list(a.finishes) + [0] * (depth - len(a.finishes))
    theirs = list(b.finishes) + [0] * (depth - len(b.finishes))
    same: list[str] = []
    for place, (x, y) in enumerate(zip(mine, theirs, strict=True), start=1):
        if x != y:
            high, low = (a, b) if x > y else (b, a)
            lead = f"{high.driver} ranks above {low.driver} on count-back"
            prefix = f" (both have {', '.join(same)})" if same else ""
            return f"{lead}{prefix}: {max(x, y)} {_places(place, max(x, y))} to {min(x, y)}"
        if x:
            same.append(f"{x} {_places(place, x)}")
    return (
        f"{a.driver} and {b.driver} are tied: {_num(a.points)} points each "
        "and the same number of finishes in every position"
    )


def _places(place: int, count: int) -> str:
    if place == 1:
        return "win" if count == 1 else "wins"
    noun = "place" if count == 1 else "places"
    return f"{_ordinal(place)} {noun}"


def _ordinal(n: int) -> str:
    if 10 <= n % 100 <= 20:
        return f"{n}th"
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n % 10, 'th') }"


def _num(points: Decimal) -> str:
    text = format(points.quantize(Decimal("0.01")).normalize(), "f")
    return text

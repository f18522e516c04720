"""compute_standings: best N (overall and per part), count-back, genuine ties, explain_tie."""

from __future__ import annotations

from decimal import Decimal

from pitboard.model import ChampionshipRules, CountingPart, PointsSystem, ScoredResult
from pitboard.rules.championships import load_championship
from pitboard.rules.standings import compute_standings, explain_tie

TABLE = PointsSystem(tuple(Decimal(p) for p in ("9", "6", "4", "3", "2", "1")))


def _rules(*parts: CountingPart) -> ChampionshipRules:
    return ChampionshipRules("test", 1967, TABLE, counting=parts)


def _results(driver: str, positions: list[int | None]) -> list[ScoredResult]:
    return [
        ScoredResult(1967, n, driver, p, classified=p is not None)
        for n, p in enumerate(positions, start=1)
    ]


def test_best_n_overall_drops_the_lowest_scores() -> None:
    rows = compute_standings(_results("a", [1, 2, 3, 4]), _rules(CountingPart(1, None, 2)))
    assert rows[0].points == 15 and rows[0].gross == 22
    assert [r.round for r in rows[0].dropped] == [3, 4]


def test_best_n_per_part_of_the_season_1967() -> None:
    rules = load_championship("f1", 1967)  # best 5 of the first 6, best 4 of the last 5
    rows = compute_standings(_results("a", [1] * 11), rules)
    assert rows[0].points == 9 * 9 and len(rows[0].dropped) == 2
    assert {r.round for r in rows[0].dropped} == {6, 11}


def test_count_back_most_wins_then_most_seconds() -> None:
    results = _results("a", [1, 6, 6, 6]) + _results("b", [2, 3, 6, 6])
    rows = compute_standings(results, _rules())
    assert [r.points for r in rows] == [12, 12]
    assert [r.driver for r in rows] == ["a", "b"]
    assert [r.position for r in rows] == [1, 2]


def test_genuine_tie_shares_the_position() -> None:
    results = _results("a", [3, None]) + _results("b", [None, 3]) + _results("c", [4, None])
    rows = compute_standings(results, _rules())
    assert [(r.driver, r.position, r.tied) for r in rows] == [
        ("a", 1, True),
        ("b", 1, True),
        ("c", 3, False),
    ]


def test_explain_tie_names_the_deciding_place() -> None:
    results = _results("Prost", [1, 2, 5]) + _results("Senna", [1, 3, 3])
    first, second = compute_standings(results, _rules())
    assert explain_tie(first, second) == (
        "Prost ranks above Senna on count-back (both have 1 win): 1 2nd place to 0"
    )


def test_explain_tie_on_wins() -> None:
    results = _results("a", [1, None]) + _results("b", [2, 4])
    first, second = compute_standings(results, _rules())
    assert explain_tie(first, second) == "a ranks above b on count-back: 1 win to 0"


def test_explain_a_genuine_tie() -> None:
    results = _results("a", [2, None]) + _results("b", [None, 2])
    first, second = compute_standings(results, _rules())
    assert explain_tie(first, second) == (
        "a and b are tied: 6 points each and the same number of finishes in every position"
    )


def test_explain_different_points() -> None:
    results = _results("a", [1]) + _results("b", [2])
    first, second = compute_standings(results, _rules())
    assert explain_tie(second, first) == "a ranks above b on points: 9 to 6"


def test_counting_each_car_drops_a_second_car_of_the_same_round() -> None:
    # Round 1: 1st in car 1 (9) and 6th in car 2 (1); round 2: 3rd (4). Best 2 results.
    results = [
        ScoredResult(1956, 1, "a", 1, classified=True, car="1"),
        ScoredResult(1956, 1, "a", 6, classified=True, car="2"),
        ScoredResult(1956, 2, "a", 3, classified=True, car="1"),
    ]
    by_round = ChampionshipRules("t", 1956, TABLE, counting=(CountingPart(1, None, 2),))
    each_car = ChampionshipRules(
        "t", 1956, TABLE, counting=(CountingPart(1, None, 2),), count_each_car=True
    )
    assert compute_standings(results, by_round)[0].points == 14  # rounds: 10 and 4
    assert compute_standings(results, each_car)[0].points == 13  # results: 9, 4 (1 dropped)


def test_a_fastest_lap_counts_with_the_best_scoring_car_of_the_round() -> None:
    fast = PointsSystem(TABLE.positions, fastest_lap=Decimal(1))
    results = [  # fastest lap in the car he retired, 3rd in another: one result of 5
        ScoredResult(1954, 1, "a", None, classified=False, car="1", fastest_lap=True),
        ScoredResult(1954, 1, "a", 3, classified=True, car="2"),
        ScoredResult(1954, 2, "a", 4, classified=True, car="1"),
    ]
    rules = ChampionshipRules("t", 1954, fast, counting=(CountingPart(1, None, 1),))
    each_car = ChampionshipRules(
        "t", 1954, fast, counting=(CountingPart(1, None, 1),), count_each_car=True
    )
    assert compute_standings(results, each_car)[0].points == 5
    assert compute_standings(results, rules)[0].points == 5


def test_count_back_goes_on_through_the_places_that_score_nothing() -> None:
    # No points for either; b's 12th equals a's best, and b's 13th is one more finish.
    results = _results("a", [12, None]) + _results("b", [13, 12]) + _results("c", [None, 14])
    rows = compute_standings(results, _rules())
    assert [(r.driver, r.position, r.tied) for r in rows] == [
        ("b", 1, False),
        ("a", 2, False),
        ("c", 3, False),
    ]


def test_a_sprint_place_is_not_a_count_back_finish() -> None:
    rules = ChampionshipRules("test", 2022, TABLE, sprint=PointsSystem((Decimal(0),)))
    results = [
        ScoredResult(2022, 1, "a", 1, sprint=True),
        ScoredResult(2022, 1, "a", 8),
        ScoredResult(2022, 1, "b", 8),
    ]
    rows = compute_standings(results, rules)
    assert [(r.driver, r.position, r.tied, r.wins) for r in rows] == [
        ("a", 1, True, 0),
        ("b", 1, True, 0),
    ]

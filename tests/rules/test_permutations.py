"""title_permutations on small seasons written by hand: who can still win, clinched, needs."""

from __future__ import annotations

from decimal import Decimal

from pitboard.model import (
    ChampionshipRules,
    CountingPart,
    PointsSystem,
    ScoredResult,
    SharedDrive,
)
from pitboard.rules.permutations import TitleChance, title_permutations

TABLE = PointsSystem(tuple(Decimal(p) for p in ("10", "6", "4", "3", "2", "1")))


def _rules(*parts: CountingPart) -> ChampionshipRules:
    return ChampionshipRules("test", 2000, TABLE, counting=parts)


def _race(round_: int, *drivers: str) -> list[ScoredResult]:
    return [ScoredResult(2000, round_, d, p) for p, d in enumerate(drivers, start=1)]


def _chances(
    results: list[ScoredResult], rules: ChampionshipRules, remaining: list[int]
) -> dict[str, TitleChance]:
    return {c.driver: c for c in title_permutations(results, rules, remaining)}


def test_a_driver_who_cannot_reach_the_leader_even_winning_is_ruled_out() -> None:
    # a 20, b 12, c 7 with one race left (10 to the winner): c at best 17. a 5th (2) is 22, as
    # b's win, and a has two wins to b's one.
    results = _race(1, "a", "b", "c") + _race(2, "a", "b", "d", "c")
    chances = _chances(results, _rules(), [3])
    assert chances["a"].can_win and chances["b"].can_win and not chances["c"].can_win
    assert chances["a"].needs == "champion if 5th or better; or if b does not win"
    assert chances["b"].needs == "needs a win"


def test_level_on_points_after_a_win_count_back_decides() -> None:
    # a 14 (1st, 3rd), b 12 (2nd, 2nd). a 2nd (6) is 20, b's win 22: a needs the win. If a
    # scores nothing, b's 5th (2) makes 14 each, and a's win decides.
    results = _race(1, "a", "b") + _race(2, "x", "b", "a")
    chances = _chances(results, _rules(), [3])
    # x won race 2 (10): x's 3rd (4) would tie a on points and on count-back.
    assert chances["a"].needs == (
        "champion with a win; or if b finishes 5th or lower and x finishes 4th or lower"
    )


def test_dropped_scores_can_rule_out_a_driver_whose_gross_would_be_enough() -> None:
    # best 2 count: a has 10 + 10; b 6 + 6 (+4 dropped: 16 gross). A win gives b 10 + 6 = 16.
    results = _race(1, "a", "b") + _race(2, "a", "b") + _race(3, "x", "y", "b")
    chances = _chances(results, _rules(CountingPart(1, None, 2)), [4])
    assert not chances["b"].can_win
    # x (10) winning ties a at 20 with two wins each; any place for a wins the count-back
    # (a 6th's point is dropped, the 6th place is not).
    assert chances["x"].can_win and not chances["a"].clinched
    assert chances["a"].needs == "champion if 6th or better; or if x does not win"


def test_clinched_when_no_rival_can_catch_up() -> None:
    results = _race(1, "a", "b") + _race(2, "a", "b") + _race(3, "a", "b")
    chances = _chances(results, _rules(), [4])
    assert chances["a"].clinched and chances["a"].needs == "champion whatever happens"
    assert not chances["b"].can_win  # 18 + 10 < 30


def test_several_rounds_left_give_the_gap() -> None:
    results = _race(1, "a", "b")
    chances = _chances(results, _rules(), [2, 3])
    assert chances["a"].needs == "leads by 4 with 2 rounds to run"
    assert chances["b"].needs == "4 behind with 2 rounds to run"


def test_no_round_left_the_champion_has_clinched() -> None:
    chances = _chances(_race(1, "a", "b"), _rules(), [])
    assert chances["a"].clinched and not chances["b"].can_win


def test_a_crew_plays_forward_together_and_is_no_rival_of_itself() -> None:
    # GT: a1 and a2 share car 1 (won: 10 each, in full), b drove car 2 (2nd: 6). A 2nd for car
    # 1 (16) against b's win (16) ties on count-back too; if car 1 scores nothing, b's 3rd (10)
    # ties on points and loses on wins.
    rules = ChampionshipRules(
        "gt", 2000, PointsSystem(TABLE.positions, shared_drives=SharedDrive.FULL)
    )
    results = [
        ScoredResult(2000, 1, "a1", 1, shared=2, car="1"),
        ScoredResult(2000, 1, "a2", 1, shared=2, car="1"),
        ScoredResult(2000, 1, "b", 2, car="2"),
    ]
    chances = _chances(results, rules, [2])
    expected = "champion with a win; or if b finishes 3rd or lower"
    assert chances["a1"].needs == chances["a2"].needs == expected

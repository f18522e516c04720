"""award_points: positions, shared drives, fastest lap, half points, short races, no-points."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pitboard.model import (
    ChampionshipRules,
    PointsSystem,
    RaceOverride,
    RulesError,
    ScoredResult,
    SharedDrive,
)
from pitboard.rules.championships import load_championship, parse_championship
from pitboard.rules.points import award_points

D = Decimal


def _rules(**kwargs: object) -> ChampionshipRules:
    race = PointsSystem(tuple(D(p) for p in ("8", "6", "4", "3", "2")), fastest_lap=D(1))
    return ChampionshipRules("test", 1950, race, **kwargs)  # type: ignore[arg-type]


def _points(results: list[ScoredResult], rules: ChampionshipRules) -> list[Decimal]:
    return [p for _, p in award_points(results, rules)]


def test_positions_score_from_the_table_and_unclassified_score_nothing() -> None:
    results = [
        ScoredResult(1950, 1, "a", 1),
        ScoredResult(1950, 1, "b", 6),
        ScoredResult(1950, 1, "c", None, classified=False),
    ]
    assert _points(results, _rules()) == [8, 0, 0]


def test_shared_drive_split_none_and_full() -> None:
    row = ScoredResult(1950, 1, "a", 1, shared=2)
    split = _rules()
    none = ChampionshipRules("t", 1958, PointsSystem((D(8),), shared_drives=SharedDrive.NONE))
    full = ChampionshipRules("t", 2023, PointsSystem((D(8),), shared_drives=SharedDrive.FULL))
    assert [_points([row], r)[0] for r in (split, none, full)] == [4, 0, 8]


def test_fastest_lap_shared_by_several_drivers_is_split() -> None:
    results = [ScoredResult(1954, 5, d, None, False, fastest_lap=True) for d in "abcdefg"]
    assert sum(_points(results, _rules())) == 1
    assert _points(results, _rules())[0] == D(1) / D(7)


def test_fastest_lap_only_in_the_top_ten() -> None:
    rules = load_championship("f1", 2019)
    in_top = ScoredResult(2019, 1, "a", 10, fastest_lap=True)
    outside = ScoredResult(2019, 1, "b", 11, fastest_lap=True)
    assert _points([in_top], rules) == [2]
    assert _points([outside], rules) == [0]


def test_half_points_1975_spanish_gp() -> None:
    rules = load_championship("f1", 1975)
    assert _points([ScoredResult(1975, 4, "mass", 1)], rules) == [D("4.5")]


def test_double_points_2014_abu_dhabi() -> None:
    rules = load_championship("f1", 2014)
    assert _points([ScoredResult(2014, 19, "hamilton", 1)], rules) == [50]


def test_2021_belgian_gp_half_points_no_fastest_lap() -> None:
    rules = load_championship("f1", 2021)
    row = ScoredResult(2021, 12, "verstappen", 1, fastest_lap=True)
    assert _points([row], rules) == [D("12.5")]


def test_short_race_scale_by_distance_2022() -> None:
    rules = load_championship("f1", 2022)
    rows = [ScoredResult(2022, 5, "a", 1)]
    assert [p for _, p in award_points(rows, rules, {5: D("0.4")})] == [13]
    assert [p for _, p in award_points(rows, rules, {5: D("0.9")})] == [25]


def test_sprint_points_2022() -> None:
    rules = load_championship("f1", 2022)
    assert _points([ScoredResult(2022, 4, "a", 1, sprint=True)], rules) == [8]


def test_no_points_with_reallocation_passes_points_down() -> None:
    override = RaceOverride(1, no_points=("f2",), reallocate=True)
    rules = _rules(overrides=(override,))
    results = [ScoredResult(1967, 1, "f2", 1), ScoredResult(1967, 1, "b", 2)]
    assert _points(results, rules) == [0, 8]


def test_unknown_key_in_a_ruleset_is_an_error() -> None:
    data = {"series": "f1", "seasons": [1, 2], "race": {"positions": ["1"]}, "bonus": 1}
    with pytest.raises(RulesError, match="unknown key 'bonus'"):
        parse_championship(data, 1, "bad")


def test_no_ruleset_for_a_season_is_an_error() -> None:
    with pytest.raises(RulesError):
        load_championship("f1", 1949)


@pytest.mark.parametrize("season", range(1950, 2026))
def test_every_f1_season_has_rules(season: int) -> None:
    assert load_championship("f1", season).season == season

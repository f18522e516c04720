"""class_standings: hand-made multi-class races -> per-class drivers' and teams' standings."""

from __future__ import annotations

from decimal import Decimal

import pytest

from pitboard.model import (
    ChampionshipRules,
    Classification,
    ClassificationStatus,
    ClassifiedCar,
    CountingPart,
    Driver,
    Entry,
    PointsSystem,
    SessionKind,
    SharedDrive,
    Stint,
)
from pitboard.model.championship import ShortRace
from pitboard.rules.championships import load_championship, parse_championship
from pitboard.rules.class_standings import class_standings
from pitboard.rules.standings import explain_tie

D = Decimal
OK = ClassificationStatus.CLASSIFIED
MINUTE = 60_000
GT4 = PointsSystem(
    tuple(D(p) for p in ("25", "18", "15", "12", "10", "8", "6", "4", "2", "1")),
    shared_drives=SharedDrive.FULL,
)


def _rules(**kwargs: object) -> ChampionshipRules:
    return ChampionshipRules("gt", 2023, GT4, **kwargs)  # type: ignore[arg-type]


def _car(
    number: str,
    car_class: str,
    class_position: int,
    drivers: tuple[str, ...] = (),
    team: str = "",
    status: ClassificationStatus = OK,
    minutes: tuple[int, ...] = (),
) -> ClassifiedCar:
    entry = Entry(number, car_class, team, drivers=tuple(Driver(d) for d in drivers))
    stints = [Stint(d, 1, 10, m * MINUTE) for d, m in zip(drivers, minutes, strict=False)]
    return ClassifiedCar(0, entry, status, class_position, stints=stints)


def _race(*cars: ClassifiedCar) -> Classification:
    return Classification(SessionKind.RACE, list(cars), sorted({c.entry.car_class for c in cars}))


def _points(standings: object) -> dict[str, Decimal]:
    return {s.driver: s.points for s in standings}  # type: ignore[attr-defined]


def test_both_drivers_of_a_car_score_the_class_points_per_class() -> None:
    race = _race(
        _car("1", "Silver", 1, ("Ann", "Bo"), "Alpha"),
        _car("2", "Am", 1, ("Cy", "Di"), "Beta"),
        _car("3", "Silver", 2, ("Ed", "Flo"), "Beta"),
    )
    result = class_standings([race], _rules())
    assert set(result) == {"Am", "Silver"}
    assert _points(result["Silver"].drivers) == {"Ann": 25, "Bo": 25, "Ed": 18, "Flo": 18}
    assert _points(result["Am"].drivers) == {"Cy": 25, "Di": 25}


def test_teams_score_each_of_their_cars_within_the_class() -> None:
    races = [
        _race(_car("1", "Am", 1, ("A",), "Alpha"), _car("2", "Am", 2, ("B",), "Alpha")),
        _race(_car("1", "Am", 2, ("A",), "Alpha"), _car("3", "Am", 1, ("C",), "Gamma")),
    ]
    teams = class_standings(races, _rules())["Am"].teams
    assert [(t.driver, t.points) for t in teams] == [("Alpha", 61), ("Gamma", 25)]


def test_only_classified_finishers_score() -> None:
    race = _race(
        _car("1", "Am", 1, ("A",)),
        _car("2", "Am", 2, ("B",), status=ClassificationStatus.NOT_CLASSIFIED),
        _car("3", "Am", 3, ("C",), status=ClassificationStatus.DNF),
        _car("4", "Am", 0, ("E",), status=ClassificationStatus.DSQ),
    )
    assert _points(class_standings([race], _rules())["Am"].drivers) == {
        "A": 25,
        "B": 0,
        "C": 0,
        "E": 0,
    }


def test_minimum_drive_time_a_driver_below_it_scores_nothing_the_car_keeps_its_place() -> None:
    race = _race(
        _car("1", "Am", 1, ("Long", "Short"), "T", minutes=(40, 20)),
        _car("2", "Am", 2, ("X", "Y"), "U", minutes=(30, 30)),
    )
    result = class_standings([race], _rules(min_drive_time=25 * MINUTE))["Am"]
    assert _points(result.drivers) == {"Long": 25, "Short": 0, "X": 18, "Y": 18}
    assert _points(result.teams) == {"T": 25, "U": 18}


def test_reduced_points_for_a_short_race() -> None:
    rules = _rules(short_races=(ShortRace(D("0.75"), factor=D("0.5")),))
    races = [_race(_car("1", "Am", 1, ("A",))), _race(_car("1", "Am", 1, ("A",)))]
    result = class_standings(races, rules, distances={1: D("0.5"), 2: D("0.9")})
    assert result["Am"].drivers[0].round_points(1) == D("12.5")
    assert result["Am"].drivers[0].round_points(2) == 25


def test_unregistered_car_scores_nothing_and_with_pass_down_leaves_its_place() -> None:
    race = _race(
        _car("9", "Am", 1, ("Guest",)),
        _car("1", "Am", 2, ("A",)),
        _car("2", "Am", 3, ("B",)),
    )
    kept = class_standings([race], _rules(), registered={"A", "B"})["Am"]
    passed = class_standings([race], _rules(pass_down=True), registered={"A", "B"})["Am"]
    assert _points(kept.drivers) == {"A": 18, "B": 15}  # the guest is not listed
    assert _points(passed.drivers) == {"A": 25, "B": 18}


def test_a_car_with_one_registered_driver_keeps_its_place() -> None:
    race = _race(_car("1", "Am", 1, ("A", "Guest")), _car("2", "Am", 2, ("B",)))
    result = class_standings([race], _rules(pass_down=True), registered={"A", "B"})["Am"]
    assert _points(result.drivers) == {"A": 25, "B": 18}


def test_best_n_per_part_of_the_season_per_class() -> None:
    rules = _rules(counting=(CountingPart(1, 2, 1), CountingPart(3, None, 1)))
    races = [_race(_car("1", "Am", p, ("A",))) for p in (1, 2, 3, 1)]
    row = class_standings(races, rules)["Am"].drivers[0]
    assert row.points == 25 + 25 and [r.round for r in row.dropped] == [2, 3]


def _season(*orders: tuple[str, ...]) -> list[Classification]:
    """One race per order: drivers (car number = driver name) in class finishing order."""
    return [
        _race(*(_car(d, "Am", p, (d,)) for p, d in enumerate(order, start=1))) for order in orders
    ]


def test_genuine_tie_shares_the_position_and_says_so() -> None:
    races = _season(("A", "B", "C"), ("B", "A", "C"), ("C", "x", "y", "A", "B"))
    races += _season(("C", "x", "y", "B", "A"))
    rows = class_standings(races, _rules())["Am"].drivers
    a, b = (next(r for r in rows if r.driver == n) for n in "AB")
    assert (a.points, b.points) == (65, 65)
    assert (a.position, b.position, a.tied, b.tied) == (2, 2, True, True)
    assert explain_tie(a, b) == (
        "A and B are tied: 65 points each and the same number of finishes in every position"
    )


def test_count_back_decides_equal_points_and_explains() -> None:
    races = _season(("A", "B", "C"), ("x", "y", "B", "C", "z", "A"))
    rows = class_standings(races, _rules())["Am"].drivers
    a, b = (next(r for r in rows if r.driver == n) for n in "AB")
    assert (a.points, b.points) == (33, 33)
    assert a.position < b.position and not a.tied
    assert explain_tie(a, b) == "A ranks above B on count-back: 1 win to 0"


def test_pole_from_qualifying_and_fastest_lap_in_class_score_when_the_ruleset_says() -> None:
    system = PointsSystem(
        GT4.positions, fastest_lap=D(1), pole=D(1), shared_drives=SharedDrive.FULL
    )
    rules = ChampionshipRules("gt", 2023, system)
    fast = _car("2", "Am", 2, ("B",))
    fast.best_lap = 100_000
    slow = _car("1", "Am", 1, ("A",))
    slow.best_lap = 101_000
    quali = _race(_car("1", "Am", 2, ("A",)), _car("2", "Am", 1, ("B",)))
    result = class_standings([_race(slow, fast)], rules, qualifying={1: quali})["Am"]
    assert _points(result.drivers) == {"A": 25, "B": 20}


def test_gt4_europe_2023_ruleset_loads() -> None:
    rules = load_championship("gt4-europe", 2023)
    assert rules.race.positions[:3] == (25, 18, 15) and len(rules.race.positions) == 10
    assert rules.race.shared_drives is SharedDrive.FULL


@pytest.mark.parametrize(
    ("key", "value"),
    [("pass_down", "yes"), ("min_drive_seconds", -1), ("min_drive_seconds", 1.5)],
)
def test_bad_rule_values_are_rules_errors(key: str, value: object) -> None:
    from pitboard.model import RulesError

    data = {"series": "x", "seasons": [2023, 2023], "race": {"positions": ["1"]}, key: value}
    with pytest.raises(RulesError, match=key):
        parse_championship(data, 2023, "x")


def test_min_drive_seconds_in_the_file_is_milliseconds_in_the_rules() -> None:
    data = {"series": "x", "seasons": [2023, 2023], "race": {"positions": ["1"]}}
    rules = parse_championship({**data, "min_drive_seconds": 1500}, 2023, "x")
    assert rules.min_drive_time == 1_500_000

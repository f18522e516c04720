"""Results lifecycle: a decision after the race changes the official result and the standings,
and every version can still be read. On SQLite and PostgreSQL (the store fixtures)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest
from tests.store.conftest import (  # noqa: F401  (fixtures)
    migrated_postgresql,
    migrated_sqlite,
    postgres_server,
    store,
)

from pitboard.formats.season import load_season
from pitboard.model import (
    ChampionshipRules,
    ClassificationStatus,
    Driver,
    Entry,
    Lap,
    Penalty,
    PenaltyKind,
    PointsSystem,
    Session,
    SessionKind,
    SharedDrive,
)
from pitboard.model.decision import Decision, ResultState
from pitboard.rules.class_standings import class_standings
from pitboard.rules.lifecycle import can_publish, classify_version
from pitboard.store import Store

RACE = "gt4-europe-2023-misano-race1"
FLAG = datetime(2023, 7, 15, 14, 50, tzinfo=UTC)  # 16:50 at Misano
CARS = {
    "7": Entry(
        "7",
        "Silver",
        "Nordic",
        drivers=(Driver("Ann Berg", "Silver"), Driver("Ole Dahl", "Silver")),
    ),
    "21": Entry(
        "21", "Silver", "Hale", drivers=(Driver("Eli Moe", "Silver"), Driver("Ivo Rask", "Silver"))
    ),
    "33": Entry(
        "33", "Pro-Am", "Zeta", drivers=(Driver("Kim Ode", "Gold"), Driver("Lis Ahl", "Bronze"))
    ),
}
# Class points as in SRO GT4 (25-18-15-12-10-8-6-4-2-1), every driver of the car scoring in full.
POINTS = ChampionshipRules(
    "gt4-test",
    2023,
    PointsSystem(
        tuple(Decimal(p) for p in (25, 18, 15, 12, 10, 8, 6, 4, 2, 1)),
        shared_drives=SharedDrive.FULL,
    ),
)


def _laps(car: str, lap_time: int, laps: int = 30) -> list[Lap]:
    first, second = CARS[car].driver_names
    return [
        Lap(car, n, lap_time, elapsed=n * lap_time, driver=first if n <= 15 else second)
        for n in range(1, laps + 1)
    ]


def _race() -> Session:
    # Car 7 wins Silver by 2.4 s over 30 laps (7 at 120.00 s a lap, 21 at 120.08 s).
    laps = _laps("7", 120_000) + _laps("21", 120_080) + _laps("33", 121_000)
    return Session(SessionKind.RACE, dict(CARS), laps, "Race 1")


def _five_seconds_to_the_winner() -> Decision:
    penalty = Penalty("7", PenaltyKind.TIME, millis=5_000, reason="Track limits, turn 8 (4th time)")
    return Decision(penalty, "Panel of Stewards", FLAG + timedelta(minutes=40))


def _silver_points(at: Store) -> dict[str, Decimal]:
    races = [result.classification for result in at.load_season_results("gt4-europe-2023")]
    silver = class_standings(races, POINTS)["Silver"]
    return {row.driver: row.points for row in silver.drivers}


@pytest.fixture
def misano(store: Store) -> Store:  # noqa: F811
    store.save_season_plan(load_season("gt4-europe-2023"))
    store.save_entries(CARS.values(), season="gt4-europe-2023")
    store.save_session(RACE, _race())
    store.publish_result(RACE, ResultState.PROVISIONAL, reason="after the flag", at=FLAG)
    return store


def test_a_five_second_penalty_to_the_winner_changes_the_official_result_and_the_standings(
    misano: Store,
) -> None:
    provisional = misano.load_classification(RACE).classification
    assert [r.number for r in provisional.by_class("Silver")] == ["7", "21"]
    assert _silver_points(misano)["Ann Berg"] == 25
    assert _silver_points(misano)["Eli Moe"] == 18

    misano.save_penalties(RACE, [_five_seconds_to_the_winner()])
    # Taken but not yet published: the standings still follow the provisional result.
    assert _silver_points(misano)["Ann Berg"] == 25
    official = misano.publish_result(
        RACE,
        ResultState.OFFICIAL,
        reason="+5 s to car 7",
        by="Clerk of the Course",
        at=FLAG + timedelta(minutes=45),
    )

    result = misano.load_classification(RACE)
    assert result.version == official
    silver = result.classification.by_class("Silver")
    assert [(r.number, r.class_position) for r in silver] == [("21", 1), ("7", 2)]
    assert silver[1].penalty_time == 5_000
    assert silver[1].total_time == 30 * 120_000 + 5_000
    points = _silver_points(misano)
    assert points == {"Eli Moe": 25, "Ivo Rask": 25, "Ann Berg": 18, "Ole Dahl": 18}


def test_the_history_shows_both_versions_and_each_can_still_be_read(misano: Store) -> None:
    misano.save_penalties(RACE, [_five_seconds_to_the_winner()])
    misano.publish_result(
        RACE, ResultState.OFFICIAL, reason="+5 s to car 7", at=FLAG + timedelta(hours=1)
    )
    history = misano.load_result_history(RACE)
    assert [(v.number, v.state, v.reason) for v in history] == [
        (1, ResultState.PROVISIONAL, "after the flag"),
        (2, ResultState.OFFICIAL, "+5 s to car 7"),
    ]
    first = misano.load_classification(RACE, version=1).classification
    second = misano.load_classification(RACE, version=2).classification
    assert first.by_class("Silver")[0].number == "7"
    assert second.by_class("Silver")[0].number == "21"
    decision = misano.load_penalties(RACE, version=2)[0]
    assert (decision.decided_by, decision.penalty.reason) == (
        "Panel of Stewards",
        "Track limits, turn 8 (4th time)",
    )
    assert decision.decided_at == FLAG + timedelta(minutes=40)


def test_a_revision_after_an_appeal_is_a_third_version(misano: Store) -> None:
    misano.save_penalties(RACE, [_five_seconds_to_the_winner()])
    misano.publish_result(RACE, ResultState.OFFICIAL, at=FLAG + timedelta(hours=1))
    dsq = Penalty("33", PenaltyKind.DISQUALIFICATION, reason="Technical: ride height")
    misano.save_penalties(RACE, [Decision(dsq, "Court of Appeal", FLAG + timedelta(days=20))])
    misano.publish_result(RACE, ResultState.REVISED, reason="appeal", at=FLAG + timedelta(days=20))
    latest = misano.load_classification(RACE).classification
    assert latest.by_class("Pro-Am")[0].status is ClassificationStatus.DSQ
    assert misano.load_classification(RACE, 2).classification.by_class("Pro-Am")[0].status is (
        ClassificationStatus.CLASSIFIED
    )
    assert [v.state for v in misano.load_result_history(RACE)] == [
        ResultState.PROVISIONAL,
        ResultState.OFFICIAL,
        ResultState.REVISED,
    ]


# -- the pure core: a version is the laps plus the decisions it includes ---------------------


def _decision(penalty: Penalty, version: int | None) -> Decision:
    return Decision(penalty, "Stewards", FLAG, result_version=version)


@pytest.mark.parametrize(
    ("penalty", "order"),
    [
        (Penalty("7", PenaltyKind.TIME, millis=3_000), ["21", "7", "33"]),
        (Penalty("7", PenaltyKind.TIME, millis=2_000), ["7", "21", "33"]),  # 2.4 s ahead
        (Penalty("7", PenaltyKind.LAPS, laps=1), ["21", "33", "7"]),  # 29 laps, 33 has 30
        (Penalty("21", PenaltyKind.LAPS, laps=1), ["7", "33", "21"]),
        (Penalty("7", PenaltyKind.DISQUALIFICATION), ["21", "33", "7"]),
        (Penalty("7", PenaltyKind.POSITIONS, positions=1), ["21", "7", "33"]),
    ],
)
def test_each_kind_of_decision_changes_the_version_it_is_part_of(
    penalty: Penalty, order: list[str]
) -> None:
    decisions = [_decision(penalty, 2)]
    before = classify_version(_race(), decisions, 1)
    after = classify_version(_race(), decisions, 2)
    assert [r.number for r in before.rows] == ["7", "21", "33"]
    assert [r.number for r in after.rows] == order


def test_a_deleted_lap_is_no_longer_the_best_lap() -> None:
    session = _race()
    session.laps[4] = Lap("7", 5, 119_000, elapsed=session.laps[4].elapsed)  # 7's best, lap 5
    decisions = [_decision(Penalty("7", PenaltyKind.DELETE_LAP, lap=5), 2)]
    assert classify_version(session, decisions, 1).rows[0].best_lap == 119_000
    assert classify_version(session, decisions, 2).rows[0].best_lap == 120_000


def test_a_decision_not_yet_published_is_in_no_version() -> None:
    decisions = [_decision(Penalty("7", PenaltyKind.DISQUALIFICATION), None)]
    assert classify_version(_race(), decisions, 5).rows[0].number == "7"


@pytest.mark.parametrize(
    ("last", "state", "allowed"),
    [
        (None, ResultState.PROVISIONAL, True),
        (None, ResultState.OFFICIAL, True),
        (None, ResultState.REVISED, False),
        (ResultState.PROVISIONAL, ResultState.OFFICIAL, True),
        (ResultState.OFFICIAL, ResultState.OFFICIAL, False),
        (ResultState.OFFICIAL, ResultState.PROVISIONAL, False),
        (ResultState.REVISED, ResultState.REVISED, True),
    ],
)
def test_the_lifecycle_goes_one_way(
    last: ResultState | None, state: ResultState, allowed: bool
) -> None:
    assert can_publish(last, state) is allowed

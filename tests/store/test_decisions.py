"""Stewards' decisions with who, when and why; the result's versions and their history."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
import sqlalchemy as sa

from pitboard.model import Entry, Lap, Penalty, PenaltyKind, Session, SessionKind
from pitboard.store import Decision, NotFound, ResultState, Store, StoreError

ROME = timezone(timedelta(hours=2))
AFTER_THE_FLAG = datetime(2023, 5, 13, 17, 52, 10, 123456, tzinfo=ROME)


@pytest.fixture
def race(store: Store) -> str:
    entries = {n: Entry(n, "Pro-Am") for n in ("7", "021", "21")}
    laps = [Lap(n, 1, 100_000) for n in entries] + [Lap("99", 1, 120_000)]  # 99: not entered
    store.save_session("misano-race1", Session(SessionKind.RACE, entries, laps, "Race 1"))
    return "misano-race1"


def _five_seconds(car: str = "021", at: datetime = AFTER_THE_FLAG) -> Decision:
    penalty = Penalty(car, PenaltyKind.TIME, millis=5_000, reason="Track limits, turn 8, lap 17")
    return Decision(penalty, decided_by="Panel of Stewards", decided_at=at)


def test_penalties_come_back_with_who_when_and_why(store: Store, race: str) -> None:
    deleted = Decision(
        Penalty("21", PenaltyKind.DELETE_LAP, lap=1, reason="Pit lane speeding"),
        decided_by="Race Director",
        decided_at=AFTER_THE_FLAG + timedelta(minutes=3),
    )
    ids = store.save_penalties(race, [_five_seconds(), deleted])
    loaded = store.load_penalties(race)
    assert [d.id for d in loaded] == ids
    assert [d.penalty for d in loaded] == [_five_seconds().penalty, deleted.penalty]
    assert loaded[0].decided_by == "Panel of Stewards"
    assert loaded[0].decided_at == AFTER_THE_FLAG
    assert loaded[0].decided_at.utcoffset() == timedelta(0)
    assert loaded[0].penalty.reason == "Track limits, turn 8, lap 17"
    assert loaded[1].penalty.lap == 1


def test_a_penalty_for_a_car_only_seen_in_the_laps_is_accepted(store: Store, race: str) -> None:
    store.save_penalties(race, [_five_seconds("99")])
    assert [d.penalty.car for d in store.load_penalties(race)] == ["99"]


def test_a_penalty_for_an_unknown_car_writes_nothing(store: Store, race: str) -> None:
    with pytest.raises(StoreError, match="car '0021', not in session 'misano-race1'"):
        store.save_penalties(race, [_five_seconds("21"), _five_seconds("0021")])
    assert store.load_penalties(race) == []


def test_a_penalty_needs_someone_who_decided_it(store: Store, race: str) -> None:
    anonymous = Decision(_five_seconds().penalty, decided_by="", decided_at=AFTER_THE_FLAG)
    with pytest.raises(StoreError, match="nobody decided"):
        store.save_penalties(race, [anonymous])


def test_a_penalty_for_an_unknown_session_is_refused(store: Store) -> None:
    with pytest.raises(NotFound, match="no session 'nowhere'"):
        store.save_penalties("nowhere", [_five_seconds()])


def test_a_naive_decision_time_is_refused(store: Store, race: str) -> None:
    with pytest.raises(sa.exc.StatementError, match="naive datetime"):
        store.save_penalties(race, [_five_seconds(at=datetime(2023, 5, 13, 17, 52))])


def test_results_go_provisional_official_revised_and_keep_their_history(
    store: Store, race: str
) -> None:
    t0 = datetime(2023, 5, 13, 16, 0, tzinfo=UTC)
    first = store.publish_result(race, ResultState.PROVISIONAL, reason="after the flag", at=t0)
    store.save_penalties(race, [_five_seconds()])
    official = store.publish_result(
        race,
        ResultState.OFFICIAL,
        reason="+5 s to car 021",
        by="Clerk of the Course",
        at=t0 + timedelta(minutes=30),
    )
    store.publish_result(
        race, ResultState.REVISED, reason="appeal upheld", at=t0 + timedelta(days=9)
    )
    history = store.load_result_history(race)
    assert [(v.number, v.state) for v in history] == [
        (1, ResultState.PROVISIONAL),
        (2, ResultState.OFFICIAL),
        (3, ResultState.REVISED),
    ]
    assert history[0] == first
    assert history[1] == official
    assert history[1].published_by == "Clerk of the Course"
    assert store.load_result_version(race) == history[2]
    assert store.load_result_version(race, 1) == first


def test_each_version_includes_the_decisions_taken_before_it(store: Store, race: str) -> None:
    store.publish_result(race, ResultState.PROVISIONAL)
    store.save_penalties(race, [_five_seconds()])
    store.publish_result(race, ResultState.OFFICIAL)
    store.save_penalties(race, [_five_seconds("7")])
    assert [d.penalty.car for d in store.load_penalties(race, version=1)] == []
    assert [d.penalty.car for d in store.load_penalties(race, version=2)] == ["021"]
    assert [d.penalty.car for d in store.load_penalties(race)] == ["021", "7"]
    assert [d.result_version for d in store.load_penalties(race)] == [2, None]
    store.publish_result(race, ResultState.REVISED)
    assert [d.result_version for d in store.load_penalties(race, version=3)] == [2, 3]


@pytest.mark.parametrize(
    ("steps", "refused"),
    [
        ([], ResultState.REVISED),
        ([ResultState.PROVISIONAL], ResultState.REVISED),
        ([ResultState.OFFICIAL], ResultState.OFFICIAL),
        ([ResultState.OFFICIAL], ResultState.PROVISIONAL),
        ([ResultState.OFFICIAL, ResultState.REVISED], ResultState.PROVISIONAL),
    ],
)
def test_results_cannot_go_backwards(
    store: Store, race: str, steps: list[ResultState], refused: ResultState
) -> None:
    for state in steps:
        store.publish_result(race, state)
    with pytest.raises(StoreError, match=f"cannot publish {refused.value}"):
        store.publish_result(race, refused)
    assert len(store.load_result_history(race)) == len(steps)


def test_a_session_without_a_result_says_so(store: Store, race: str) -> None:
    assert store.load_result_history(race) == []
    with pytest.raises(NotFound, match="no published result"):
        store.load_result_version(race)
    store.publish_result(race, ResultState.OFFICIAL)
    with pytest.raises(NotFound, match="no result version 2"):
        store.load_result_version(race, 2)

"""The journal gives back every raw input in the order it arrived."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from pitboard.model import Lap, Session, SessionKind
from pitboard.store import NotFound, Store, StoreError

START = datetime(2023, 5, 13, 14, 45, 0, 1, tzinfo=UTC)


@pytest.fixture
def live(store: Store) -> str:
    store.save_session("misano-race2", Session(SessionKind.RACE, name="Race 2"))
    return "misano-race2"


def test_records_come_back_in_the_order_they_were_appended(store: Store, live: str) -> None:
    inputs = [
        ("passing", {"transponder": "4711", "loop": "SF", "timestamp_us": 52_200_000_001}),
        ("flag", {"flag": "fcy", "sectors": [1, 2]}),
        ("passing", {"transponder": "0815", "loop": "SF", "timestamp_us": 52_200_000_000}),
        ("penalty", {"car": "021", "kind": "time", "millis": 5000, "reason": "Track limits"}),
    ]
    ids = [
        store.append_journal(kind, payload, session=live, received_at=START + timedelta(seconds=i))
        for i, (kind, payload) in enumerate(inputs)
    ]
    assert ids == sorted(ids)
    records = store.read_journal(session=live)
    assert [(r.kind, r.payload) for r in records] == inputs
    assert [r.id for r in records] == ids
    assert records[0].received_at == START
    assert {r.session for r in records} == {live}


def test_reading_resumes_after_an_id_and_filters_by_kind(store: Store, live: str) -> None:
    ids = [store.append_journal("passing", {"n": n}, session=live) for n in range(5)]
    store.append_journal("flag", {"flag": "red"}, session=live)
    assert [r.payload["n"] for r in store.read_journal(after=ids[1], kinds={"passing"})] == [
        2,
        3,
        4,
    ]
    assert [r.payload["n"] for r in store.read_journal(after=ids[0], limit=2)] == [1, 2]
    assert [r.kind for r in store.read_journal(kinds={"flag"})] == ["flag"]


def test_records_of_other_sessions_and_of_none_stay_apart(store: Store, live: str) -> None:
    store.save_session("misano-race1", Session(SessionKind.RACE, name="Race 1"))
    store.append_journal("flag", {"flag": "green"}, session="misano-race1")
    store.append_journal("note", {"text": "track open"})
    store.append_journal("flag", {"flag": "chequered"}, session=live)
    assert [r.payload["flag"] for r in store.read_journal(session=live)] == ["chequered"]
    assert [r.session for r in store.read_journal()] == ["misano-race1", None, live]


def test_a_record_for_an_unknown_session_or_without_a_kind_is_refused(store: Store) -> None:
    with pytest.raises(NotFound, match="no session 'nowhere'"):
        store.append_journal("flag", {"flag": "red"}, session="nowhere")
    with pytest.raises(StoreError, match="needs a kind"):
        store.append_journal("", {})
    assert store.read_journal() == []


def test_a_journal_batch_and_its_laps_raise_the_revision_once_committed(
    store: Store, live: str
) -> None:
    """The journal's and the laps' rows go in on the driver's cursor (`insert_rows`), past
    SQLAlchemy's statement events: the store's revision, which readers compare, still moves
    with a committed batch, and not with one rolled back."""
    at = store.revision()
    batch = store.begin_journal([("flag", {"flag": "sc"}, live, START)])
    batch.rollback()
    assert store.revision() == at
    batch = store.begin_journal([("flag", {"flag": "sc"}, live, START)])
    batch.append_laps(live, [Lap("7", 1, 95_000)])
    batch.commit()
    assert store.revision() > at
    assert [lap.time for lap in store.load_session(live).laps] == [95_000]
    at = store.revision()
    store.append_laps(live, [Lap("7", 2, 94_000)])
    assert store.revision() > at

"""Results published by someone else are result versions with their rows (not journal records);
a database that kept them in the journal moves them on upgrade; the journal takes batches."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from pitboard.model import Entry, Session, SessionKind
from pitboard.store import (
    JournalInput,
    NotFound,
    ResultState,
    SessionInfo,
    Store,
    StoreError,
    create_engine,
    open_store,
    upgrade_database,
)
from pitboard.store.journal import encode_payload

ROWS = [
    {"number": "5", "position": 1, "status": "Classified", "driver": "Ann Berg"},
    {"number": "7", "position": None, "status": "Retired", "driver": "Ole Dahl"},
]


def _race(store: Store, key: str = "r1") -> None:
    entries = {n: Entry(n, "GT4") for n in ("5", "7")}
    store.save_session(key, Session(SessionKind.RACE, entries))


def test_an_imported_result_is_the_official_version_with_its_rows(store: Store) -> None:
    _race(store)
    version = store.save_result("r1", "ergast", ROWS)
    assert (version.number, version.state, version.published_by) == (
        1,
        ResultState.OFFICIAL,
        "ergast",
    )
    found = store.load_result("r1")
    assert found is not None and found.source == "ergast" and found.session == "r1"
    assert list(found.rows) == ROWS
    assert store.read_journal(session="r1") == []


def test_importing_again_is_a_revised_version_and_the_first_stays_readable(store: Store) -> None:
    _race(store)
    store.save_result("r1", "alkamel", ROWS)
    swapped = [ROWS[1] | {"position": 1}, ROWS[0] | {"position": 2}]
    version = store.save_result("r1", "alkamel", swapped, reason="appeal upheld")
    assert (version.number, version.state, version.reason) == (
        2,
        ResultState.REVISED,
        "appeal upheld",
    )
    latest, first = store.load_result("r1"), store.load_result("r1", 1)
    assert latest is not None and [r["number"] for r in latest.rows] == ["7", "5"]
    assert first is not None and [r["number"] for r in first.rows] == ["5", "7"]


def test_a_version_published_by_the_stewards_has_no_imported_rows(store: Store) -> None:
    _race(store)
    store.publish_result("r1", ResultState.PROVISIONAL, by="RD")
    assert store.load_result("r1") is None
    version = store.save_result("r1", "alkamel", ROWS)
    assert version.state is ResultState.OFFICIAL and version.number == 2
    assert store.load_result("r1", 1) is None


def test_a_result_for_a_session_that_does_not_exist_writes_nothing(store: Store) -> None:
    with pytest.raises(NotFound, match="'r9'"):
        store.save_result("r9", "ergast", ROWS)
    _race(store)
    with pytest.raises(StoreError, match="source"):
        store.save_result("r1", "", ROWS)
    assert store.load_result_history("r1") == []


def test_the_journal_takes_a_batch_in_one_transaction(store: Store) -> None:
    _race(store)
    at = datetime(2023, 7, 15, 13, 45, tzinfo=UTC)
    batch = [
        JournalInput("flag", {"flag": "green"}, "r1", at),
        JournalInput("flag", {"flag": "red"}),
    ]
    last = store.append_journal_many(batch)
    records = store.read_journal()
    assert [(r.kind, r.payload, r.session) for r in records] == [
        ("flag", {"flag": "green"}, "r1"),
        ("flag", {"flag": "red"}, None),
    ]
    assert records[0].received_at == at and records[-1].id == last
    assert store.append_journal_many([]) == 0
    with pytest.raises(NotFound):
        store.append_journal_many([JournalInput("flag", {"flag": "sc"}, "nope")])
    assert len(store.read_journal()) == 2


def test_upgrading_moves_published_results_out_of_the_journal(database: str) -> None:
    engine = create_engine(database)
    upgrade_database(engine, "0003")
    engine.dispose()
    with open_store(database, migrate=False) as store:
        store.save_session_info(SessionInfo("r1", SessionKind.RACE))
        with store.engine.begin() as connection:  # what the importers wrote up to 0003
            for rows in ([ROWS[1]], ROWS):
                payload = {"source": "ergast", "rows": rows}
                connection.execute(
                    sa.text(
                        "INSERT INTO journal (session_id, kind, payload, received_at)"
                        " VALUES (1, 'published-result', :payload, 0)"
                    ).bindparams(sa.bindparam("payload", type_=sa.JSON)),
                    {"payload": payload},
                )
    with open_store(database) as store:
        found = store.load_result("r1")
        assert found is not None and list(found.rows) == ROWS  # the newest record
        assert found.version.state is ResultState.OFFICIAL and found.version.number == 1
        assert store.read_journal() == []


@pytest.mark.parametrize(
    "payload",
    [
        {"kind": "passing", "timestamp_us": 1695556800123456, "loop": "finish", "number": 17},
        {"car": "7", "reason": 'é "quoted" \n ✓ 🏁', "lap": None, "valid": True, "x": False},
        {"nested": {"a": [1, 2.5, -3, 1e300, 2**70]}, "empty": {}, "list": []},
    ],
)
def test_journal_payloads_are_encoded_as_json_dumps_does(payload: dict[str, object]) -> None:
    assert encode_payload(payload) == json.dumps(payload)

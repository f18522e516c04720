"""A batch's doubled and stray reads reach the viewers as ONE `issues` message listing each of
them, just before the batch's `changes` (one JSON message per read cost the writer a third of its
publishing time in bench/ingest.py). Nothing a read says is lost: every issue the fold reported
is in the list, in order."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.live.test_live_api import RACE

from pitboard.live.ingest import Ingest
from pitboard.model import Session, SessionKind
from pitboard.model.passing import Loop, Passing, PassingIssue
from pitboard.store import open_store


def _listened(tmp_path: Path) -> tuple[Ingest, list[dict[str, Any]]]:
    """A race's writer, and the list of every message it publishes from now on."""
    store = open_store(str(tmp_path / "live.db"))
    store.save_session("r1", Session(SessionKind.RACE, {e.number: e for e in RACE.entries}))
    ingest = Ingest.open(store, "r1")
    sent: list[dict[str, Any]] = []
    ingest.broadcast.listeners.append(sent.append)
    return ingest, sent


def test_a_batch_s_issues_go_out_as_one_message_before_its_changes(tmp_path: Path) -> None:
    ingest, sent = _listened(tmp_path)
    ingest.submit(RACE.inputs[:80])
    sent.clear()
    reported: list[str] = []
    ingest.watchers.append(
        lambda outcomes: reported.extend(str(o) for o in outcomes if isinstance(o, PassingIssue))
    )
    at = max(getattr(item, "timestamp", 0) or 0 for item in RACE.inputs[:80])
    strays = [Passing(at + 1_000 * n, Loop.FINISH, transponder=f"UNKNOWN-{n}") for n in (1, 2, 3)]

    ingest.submit(strays)

    assert len(reported) == 3  # the fold reported each stray read
    kinds = [message["type"] for message in sent]
    assert kinds == ["issues", "changes"]
    assert [issue["text"] for issue in sent[0]["issues"]] == reported
    assert {issue["kind"] for issue in sent[0]["issues"]} == {"unknown_transponder"}


def test_a_batch_without_issues_sends_no_issues_message(tmp_path: Path) -> None:
    ingest, sent = _listened(tmp_path)
    ingest.submit(RACE.inputs[:80])  # the race has no noise: no doubled or stray read
    assert sent and all(message["type"] != "issues" for message in sent)

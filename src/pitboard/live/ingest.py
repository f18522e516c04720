"""Journal-first ingest: every input is committed to the journal before it is applied.

`Ingest.open` rebuilds the session by replaying its journal through the same `apply` path the
live inputs take, so a restart after `kill -9` ends in the same state as a run that never stopped.
Feed errors (a bad P3 frame, a refused HTTP record) are journaled too, as `feed_error`, and
counted; they change nothing else. One writer per SQLite database: `open` takes a lock file.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import IO, Any

from pitboard.live.fanout import Broadcast, Message
from pitboard.live.finished import FinishedSession
from pitboard.live.inputs import KINDS, input_from_json, input_to_json
from pitboard.live.journal import LiveJournal
from pitboard.live.recorder import Recorder
from pitboard.live.tower_json import tower_changes, tower_to_json
from pitboard.model import ClassificationRules, PitboardError
from pitboard.model.passing import LiveInput, Passing, PassingIssue
from pitboard.rules.live import LiveSession, Outcome
from pitboard.rules.passings import PassingRules
from pitboard.store import Store

FEED_ERROR = "feed_error"
# what a replay reads: the journal's other records (weather, media, quotes) are no timing inputs
REPLAYED = {*KINDS, FEED_ERROR}


class WriterBusy(PitboardError):
    """Another process already writes this SQLite database."""


class Ingest:
    def __init__(self, live: LiveSession, journal: LiveJournal) -> None:
        self.live = live
        self.journal = journal
        self.broadcast = Broadcast(self.snapshot)
        self.watchers: list[Callable[[Sequence[Outcome]], None]] = []  # laps, e.g. RMonitor $J
        self.feed_errors = 0
        self.seen: set[tuple[str, int]] = set()  # (decoder, passing number) journaled
        self._sent: dict[str, Any] | None = None
        self._lock: IO[str] | None = None
        self.recorder = Recorder(journal.store, journal.session, live)

    @classmethod
    def open(
        cls,
        store: Store,
        session: str,
        rules: ClassificationRules | None = None,
        passing_rules: PassingRules | None = None,
        lock: bool = True,
    ) -> Ingest:
        """The session rebuilt from its journal, with the ruleset of its season; the laps and
        decisions the store lacks written; `lock`: become the database's one writer."""
        stored = store.load_session(session)
        lock_file = take_writer_lock(store) if lock else None
        rules = rules or store.load_session_rules(session)
        entries = list(stored.entries.values())
        live = LiveSession(entries, stored.kind, rules, passing_rules, stored.name)
        ingest = cls(live, LiveJournal(store, session))
        ingest._lock = lock_file
        ingest.replay()
        ingest.recorder.catch_up(stored.laps)
        return ingest

    def replay(self) -> int:
        """Apply the whole journal (a restart); returns the number of records read."""
        count = 0
        for record in self.journal.read(kinds=REPLAYED):
            count += 1
            if record.kind == FEED_ERROR:
                self.feed_errors += 1
            else:
                self._apply(input_from_json(record.payload, f"journal#{record.id}", record.kind))
        return count

    def submit(self, inputs: Sequence[LiveInput]) -> list[Outcome]:
        """Journal the inputs (one commit), then apply them, then tell the subscribers."""
        self.journal.append([(doc.pop("kind"), doc) for doc in map(input_to_json, inputs)])
        outcomes = [outcome for item in inputs for outcome in self._apply(item)]
        for problem in self.recorder.record(inputs, outcomes):
            self.report("penalty", problem)
        self.publish(outcomes)
        return outcomes

    def report(self, source: str, error: str, raw: str = "") -> None:
        """A feed error: journaled, counted, shown to the subscribers; the feed goes on."""
        self.journal.append([(FEED_ERROR, {"source": source, "error": error, "raw": raw[:512]})])
        self.feed_errors += 1
        self.broadcast.publish({"type": "feed_error", "source": source, "error": error})

    def _apply(self, item: LiveInput) -> list[Outcome]:
        if isinstance(item, Passing) and item.number is not None:
            self.seen.add((item.decoder, item.number))
        return self.live.apply(item)

    def snapshot(self) -> Message:
        return {"type": "snapshot", **tower_to_json(self.live.tower())}

    def tower_json(self) -> Message:
        return tower_to_json(self.live.tower())

    def publish(self, outcomes: Sequence[Outcome] = ()) -> None:
        for watch in self.watchers:
            watch(outcomes)
        if not self.broadcast.subscribers and not self.broadcast.listeners:
            return
        for issue in (o for o in outcomes if isinstance(o, PassingIssue)):
            self.broadcast.publish({"type": "issue", "kind": issue.kind.value, "text": str(issue)})
        tower = tower_to_json(self.live.tower())
        self.broadcast.publish(tower_changes(self._sent, tower))
        self._sent = tower

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def take_writer_lock(store: Store) -> IO[str] | None:
    """An exclusive lock beside a SQLite file (released by the OS if the process dies)."""
    database = store.engine.url.database
    if store.engine.url.get_backend_name() != "sqlite" or database in (None, "", ":memory:"):
        return None
    handle = open(Path(f"{database}.writer"), "a", encoding="utf-8")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise WriterBusy(f"{database}: another process is the writer of this database") from None
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return handle


class LiveHub:
    """The ingests of one process, one per session, opened (and replayed) on first use; a
    finished session with stored laps and no live journal is served from the store."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ingests: dict[str, Ingest] = {}
        self.finished: dict[str, FinishedSession] = {}
        self._lock: IO[str] | None = None

    def get(self, session: str) -> Ingest | FinishedSession:
        if session in self.finished:
            return self.finished[session]
        if session not in self.ingests:
            self.store.load_session_info(session)  # NotFound before taking the lock
            finished = FinishedSession.of(self.store, session)
            if finished is not None:
                self.finished[session] = finished
                return finished
            if self._lock is None:
                self._lock = take_writer_lock(self.store)
            self.ingests[session] = Ingest.open(self.store, session, lock=False)
        return self.ingests[session]

    def close(self) -> None:
        if self._lock is not None:
            self._lock.close()
            self._lock = None

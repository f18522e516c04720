"""Journal-first ingest: every input is committed to the journal before anything of it is shown
or stored. A batch is applied while its commit syncs to disk; if the commit fails, the state is
made again from the journal, so none is left that the journal lacks.

`Ingest.open` rebuilds the session by replaying its journal through the same `apply` path the
live inputs take, so a restart after `kill -9` ends in the same state as a run that never stopped.
Feed errors (a bad P3 frame, a refused HTTP record) are journaled too, as `feed_error`, and
counted; they change nothing else. One writer per database (`take_writer_lock`: a lock file
beside a SQLite file, an advisory lock on PostgreSQL); readers never take it (`LiveHub.get`).

An input the session cannot apply (`LiveSession.check`: a car not entered, an implausible time)
is refused before it is journaled; one journaled before that check existed is skipped on replay
and reported (`skipped`), so no record can stop a restart.
"""

from __future__ import annotations

import asyncio
import contextlib
import fcntl
import itertools
import logging
import os
import threading
import time
from collections.abc import Callable, Sequence
from concurrent import futures
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path
from typing import IO, Any, Literal

import sqlalchemy as sa

from pitboard.live.fanout import Broadcast, Message
from pitboard.live.finished import FinishedSession
from pitboard.live.inputs import (
    ID_FIELD,
    KINDS,
    input_from_json,
    input_id,
    input_key,
    input_to_json,
    passing_payload_text,
)
from pitboard.live.journal import LiveJournal
from pitboard.live.recorder import Recorder
from pitboard.live.tower_json import TowerEncoder, tower_changes
from pitboard.model import ClassificationRules, Lap, PitboardError
from pitboard.model.passing import LiveInput, Passing, PassingIssue
from pitboard.rules.live import LiveSession, Outcome
from pitboard.rules.passings import PassingRules
from pitboard.store import Store
from pitboard.store.journal import encode_payload
from pitboard.store.revision import has_revision

FEED_ERROR = "feed_error"
# what a replay reads: the journal's other records (weather, media, quotes) are no timing inputs
REPLAYED = {*KINDS, FEED_ERROR}
FEED_ERROR_SECONDS = 1.0  # at most one feed-error record a second a source
# The group commit under heavy traffic (as PostgreSQL's commit_siblings and commit_delay): after
# a group of at least COMMIT_SIBLINGS requests, the next waits up to COMMIT_DELAY_S for as many
# to come before it commits, so that senders answered by one commit join the next rather than
# travel in alternating halves. Light traffic (a smaller group) never waits.
COMMIT_SIBLINGS = 8
COMMIT_DELAY_S = 0.002
log = logging.getLogger(__name__)
# to send (each with its JSON text), and the tower they bring the subscribers to
Messages = tuple[list[tuple[Message, str]], Message]
Folded = tuple[list[Outcome], Messages | None]  # a batch applied: outcomes, messages to send
Record = tuple[str, dict[str, Any] | str]  # a journal record: kind, payload (or its JSON text)
Fresh = tuple[LiveInput, Record, bytes]  # an input to apply: its journal record, its `input_key`


class WriterBusy(PitboardError):
    """Another process already writes this database."""


class Ingest:
    def __init__(self, live: LiveSession, journal: LiveJournal) -> None:
        self.live = live
        self.journal = journal
        self.broadcast = Broadcast(self.snapshot)
        self.watchers: list[Callable[[Sequence[Outcome]], None]] = []  # laps, e.g. RMonitor $J
        self.feed_errors = 0
        self.seen: set[tuple[str, int]] = set()  # (decoder, passing number) journaled
        self.skipped: list[str] = []  # journal records replay could not apply
        self.applied: set[bytes] = set()  # `input_key` of every input applied: each applies once
        self.duplicates = 0  # inputs sent again (a retry), not applied again
        self._sent: dict[str, Any] | None = None  # the tower the subscribers have
        self._encoder = TowerEncoder()
        self._tower: tuple[int, Message] | None = None  # (inputs applied, the tower's JSON)
        self._lock: WriterLock | None = None
        self.last_id = 0  # the newest journal record applied (or written) here
        self.recorder: Recorder | None = None  # the writer's: laps and live decisions to the store
        self._reported_at: dict[str, float] = {}  # feed errors: when each source's last went in
        self._unreported: dict[str, int] = {}  # and how many came since
        # `submit_soon`: the inputs waiting for the next group commit, and who waits for them
        self._waiting: list[tuple[Sequence[LiveInput], Sequence[str | None]]] = []
        self._waiters: list[asyncio.Future[None]] = []
        self._committing: asyncio.Task[None] | None = None  # the task committing the groups
        self._last_group = 0  # requests in the group committed last
        self._enough: asyncio.Future[None] | None = None  # done when the group is as large
        self._journaling: ThreadPoolExecutor | None = None  # the thread the commits run in
        self._held: Message | None = None  # the tower readers get while a commit is under way
        self._stale = False  # a commit failed and the state is not yet made again from the journal

    @classmethod
    def open(
        cls,
        store: Store,
        session: str,
        rules: ClassificationRules | None = None,
        passing_rules: PassingRules | None = None,
        lock: bool = True,
        record: bool = True,
    ) -> Ingest:
        """The session rebuilt from its journal, with the ruleset of its season; `lock`: become
        the database's one writer; `record`: write the laps and decisions the store lacks (a
        reader, `LiveHub.get`, does not)."""
        stored = store.load_session(session)
        lock_file = take_writer_lock(store) if lock else None
        rules = rules or store.load_session_rules(session)
        entries = list(stored.entries.values())
        live = LiveSession(entries, stored.kind, rules, passing_rules, stored.name)
        ingest = cls(live, LiveJournal(store, session))
        ingest._lock = lock_file
        ingest.replay()
        if record:
            ingest.start_recording(stored.laps)
        return ingest

    def start_recording(self, stored_laps: Sequence[Lap] | None = None) -> None:
        """Become the session's recorder (the writer only): from now on each completed lap and
        each live penalty goes to the store; first what the store lacks after the replay."""
        if self.recorder is None:
            store, session = self.journal.store, self.journal.session
            self.recorder = Recorder(store, session, self.live)
            laps = stored_laps if stored_laps is not None else store.load_session(session).laps
            self.recorder.catch_up(laps)

    def replay(self) -> int:
        """Apply the journal after `last_id` (all of it on a restart; what the writer added
        since, for a reader); returns the number of records read."""
        count = 0
        for record in self.journal.read(after=self.last_id, kinds=REPLAYED):
            count += 1
            self.last_id = record.id
            if record.kind == FEED_ERROR:
                self.feed_errors += _count(record.payload)
                continue
            where = f"journal#{record.id}"
            try:
                item = input_from_json(record.payload, where, record.kind)
                key = input_key(item, input_id(record.payload, where))
                self.live.check(item, where)
            except PitboardError as error:
                self._skip(str(error))
                continue
            if key in self.applied:
                self.duplicates += 1  # journaled twice before inputs had ids
                continue
            self.applied.add(key)
            self._apply((item,))
        return count

    def _skip(self, error: str) -> None:
        self.skipped.append(error)
        self.feed_errors += 1
        log.warning("replay skipped %s", error)

    def submit(self, inputs: Sequence[LiveInput], ids: Sequence[str | None] = ()) -> list[Outcome]:
        """Journal the inputs that are new (by `input_key`; `ids`: the clients' ids) and that
        the session can apply, in one commit, and apply them (`_journal_and_fold`); tell the
        subscribers once the commit returned.
        Inputs it cannot apply are reported as feed errors. Only a writer submits, so the
        first submit makes this ingest the session's recorder if it was not yet.

        While a group commit (`submit_soon`) is under way the inputs join its next group
        instead, so that they are applied in the order they are journaled (a P3 feed beside
        HTTP senders); then nothing is returned yet."""
        if self._committing is not None:
            self.submit_soon(inputs, ids)
            return []
        kept, records = self._admit(inputs, ids)
        commit, outcomes = self._journal_and_fold(kept, records)
        return self._committed(commit, kept, outcomes)

    def _admit(
        self, inputs: Sequence[LiveInput], ids: Sequence[str | None]
    ) -> tuple[list[Fresh], list[Record]]:
        """The inputs to journal and apply (with their records and keys), and their records."""
        if self._stale:
            self._rebuild()
        self.start_recording()
        fresh = self._fresh(inputs, ids)
        admitted, refused = self.live.admit([("input", item) for item, _, _ in fresh])
        if refused:
            self.report("input", str(refused[0]), count=len(refused))
            admitted_ids = {id(item) for item in admitted}
            kept = [entry for entry in fresh if id(entry[0]) in admitted_ids]
        else:
            kept = fresh
        return kept, [record for _, record, _ in kept]

    def _journal_and_fold(
        self,
        kept: Sequence[Fresh],
        records: Sequence[Record],
    ) -> tuple[Future[int], Folded]:
        """Append `records` to the journal in a transaction, apply the inputs, add the laps they
        complete to the transaction, and commit it in the journal's thread while the subscribers'
        messages are made (the disk's sync lets go of the GIL). Nothing is shown before the
        commit returned (`_committed`); until then readers get the tower as it was (`_held`),
        and a batch that fails to apply or commit leaves the state made again from the journal."""
        batch = self.journal.begin(records)
        try:
            if self._committing is not None:  # the event loop serves readers meanwhile
                self._held = self.tower_json()  # made already if anyone watches
            self.applied.update(key for _, _, key in kept)
            outcomes = self._apply([item for item, _, _ in kept])
            laps = [outcome for outcome in outcomes if isinstance(outcome, Lap)]
            if laps:
                batch.append_laps(self.journal.session, laps)
        except BaseException:
            batch.rollback()
            self._held = None
            self._rebuild()  # applied in part, and not journaled
            raise
        commit = self._commit_in_thread(batch.commit)
        try:
            return commit, (outcomes, self._messages(outcomes))
        except BaseException:
            futures.wait([commit])  # the journal's thread is done with the batch before we go on
            self._held = None
            if commit.exception() is not None:
                self._rebuild()
            raise

    def _committed(
        self,
        commit: Future[int],
        kept: Sequence[Fresh],
        folded: Folded,
    ) -> list[Outcome]:
        """After the journal commit (the laps went in with it): store the decisions, tell the
        subscribers. A failed commit leaves inputs applied that are not durable: the state is
        made again from the journal (`_rebuild`) before the error goes on."""
        try:
            last = commit.result()
        except BaseException:
            self._rebuild()
            raise
        finally:
            self._held = None
        self.last_id = max(self.last_id, last)
        outcomes, messages = folded
        if self.recorder is not None:
            for problem in self.recorder.record([item for item, _, _ in kept]):
                self.report("penalty", problem)
        self._send(outcomes, messages)
        return outcomes

    def _commit_in_thread(self, commit: Callable[[], int]) -> Future[int]:
        """`commit` run in the journal's thread, once it is under way: this thread waits until
        the journal's has the interpreter lock, which it keeps until the commit lets go of it
        for the disk's sync; without the wait it would get the lock only when this thread waits
        for the commit, and nothing would go on during the sync."""
        if self._journaling is None:
            self._journaling = ThreadPoolExecutor(1, thread_name_prefix="journal")
        started = threading.Event()

        def run() -> int:
            started.set()
            return commit()

        future = self._journaling.submit(run)
        started.wait()
        return future

    def _rebuild(self) -> None:
        """The session made again from its journal (a fresh `LiveSession`, the journal replayed):
        after a failed commit the inputs applied meanwhile are gone. The counters (feed errors,
        duplicates, skipped records) stay as they were: none of them was in the failed batch."""
        self._stale = True  # until the replay is through (it may fail too)
        counters = self.feed_errors, self.duplicates, list(self.skipped)
        self.live = self.live.fresh()
        if self.recorder is not None:
            self.recorder.live = self.live
        self.applied, self.seen, self.last_id, self._tower = set(), set(), 0, None
        self.replay()
        self.feed_errors, self.duplicates, self.skipped = counters
        self._stale = False

    def submit_soon(
        self, inputs: Sequence[LiveInput], ids: Sequence[str | None] = ()
    ) -> asyncio.Future[None]:
        """`submit` in a group commit: the inputs of every request that arrives while the
        journal commits the group before go in the next commit, together. The commit (the
        disk's sync) runs in a thread, so the event loop reads and parses requests meanwhile;
        the more requests come, the more each commit takes, instead of one commit each. The
        groups are journaled and applied one after the other, in the order they came. The
        future is done once the inputs are journaled and applied and the update had one turn of
        the event loop to leave (the relay's publisher); it fails as `submit` would."""
        loop = asyncio.get_running_loop()
        waiter: asyncio.Future[None] = loop.create_future()
        self._waiting.append((inputs, ids))
        self._waiters.append(waiter)
        enough = self._enough
        if enough is not None and len(self._waiters) >= self._last_group and not enough.done():
            enough.set_result(None)
        if self._committing is None:
            self._committing = loop.create_task(self._commit_waiting())
        return waiter

    async def _commit_waiting(self) -> None:
        try:
            while self._waiters:
                await asyncio.sleep(0)  # the other requests of this turn join the group
                await self._siblings()
                waiting, waiters = self._waiting, self._waiters
                self._waiting, self._waiters = [], []
                self._last_group = len(waiters)
                inputs: list[LiveInput] = []
                ids: list[str | None] = []
                for some, their_ids in waiting:
                    inputs += some
                    ids += [their_ids[i] if i < len(their_ids) else None for i in range(len(some))]
                try:
                    kept, records = self._admit(inputs, ids)
                    commit, outcomes = self._journal_and_fold(kept, records)
                    try:
                        with contextlib.suppress(Exception):  # `_committed` raises it
                            await asyncio.wrap_future(commit)  # requests are read meanwhile
                    finally:  # even if cancelled meanwhile: the batch ends as it would have
                        futures.wait([commit])
                        self._committed(commit, kept, outcomes)
                except Exception as error:  # each request answers for itself (a 500, logged)
                    for waiter in waiters:
                        if not waiter.done():
                            waiter.set_exception(error)
                    continue
                try:  # one turn first: the relay's publisher (a task) puts the update on the
                    await asyncio.sleep(0)  # bus before the requests are answered
                finally:
                    for waiter in waiters:
                        if not waiter.done():
                            waiter.set_result(None)
        finally:
            self._committing = None

    async def _siblings(self) -> None:
        """After a large group, wait (up to `COMMIT_DELAY_S`) for as many requests to come."""
        if self._last_group < COMMIT_SIBLINGS or len(self._waiters) >= self._last_group:
            return
        self._enough = asyncio.get_running_loop().create_future()
        try:
            await asyncio.wait([self._enough], timeout=COMMIT_DELAY_S)
        finally:
            self._enough = None

    def _fresh(self, inputs: Sequence[LiveInput], ids: Sequence[str | None]) -> list[Fresh]:
        """The inputs not applied before (nor twice in `inputs`), each with its journal record
        (with its client id) and its `input_key`; a passing's key made from its record's text
        (`passing_payload_text`), not a second encoding of its fields."""
        fresh: list[Fresh] = []
        batch: set[bytes] = set()
        applied, payload_text, key_of = self.applied, passing_payload_text, input_key
        clients = itertools.chain(ids, itertools.repeat(None))  # no id past the last given
        for item, client in zip(inputs, clients, strict=False):
            if type(item) is Passing:
                text = payload_text(item, client)
                key = key_of(item, client, text)
                record: Record = "passing", text
            else:
                key, record = key_of(item, client), _record(item, client)
            if key in applied or key in batch:
                self.duplicates += 1
                continue
            batch.add(key)
            fresh.append((item, record, key))
        return fresh

    def report(self, source: str, error: str, raw: str = "", count: int = 1) -> None:
        """`count` feed errors (one read's, `error` the first): counted, journaled as one record
        at most once per `FEED_ERROR_SECONDS` a source (the errors meanwhile go in the next
        one's count), shown to the subscribers; the feed goes on."""
        self.feed_errors += count
        pending = self._unreported.pop(source, 0) + count
        now = time.monotonic()
        if now - self._reported_at.get(source, -FEED_ERROR_SECONDS) < FEED_ERROR_SECONDS:
            self._unreported[source] = pending
            return
        self._reported_at[source] = now
        payload = {"source": source, "error": error, "raw": raw[:512], "count": pending}
        self.last_id = self.journal.append([(FEED_ERROR, payload)])
        self.broadcast.publish({"type": "feed_error", "source": source, "error": error})

    def _apply(self, items: Sequence[LiveInput]) -> list[Outcome]:
        """Apply the inputs in order; the laps they completed and the issues they raised."""
        outcomes: list[Outcome] = []
        apply, seen = self.live.apply, self.seen
        for item in items:
            if isinstance(item, Passing) and item.number is not None:
                seen.add((item.decoder, item.number))
            found = apply(item)
            if found:
                outcomes += found
        return outcomes

    def snapshot(self) -> Message:
        return {"type": "snapshot", **self.tower_json()}

    def tower_json(self) -> Message:
        """The tower as JSON, made once for each state (the inputs applied so far): the batch's
        changes, viewers' snapshots and `GET /live` share it. Not to be changed by its readers.
        While a batch's journal commit is under way, the tower before it."""
        if self._held is not None:
            return self._held
        if self._tower is None or self._tower[0] != self.live.inputs:
            self._tower = self.live.inputs, self._encoder(self.live.tower())
        return self._tower[1]

    def _messages(self, outcomes: Sequence[Outcome]) -> Messages | None:
        """What the subscribers are to be sent for `outcomes` and the state now (None: there
        are no subscribers): the batch's issues, if any, then the tower's changes; each with
        its JSON text, made here (while the journal commits) and once for every subscriber."""
        if not self.broadcast.subscribers and not self.broadcast.listeners:
            return None
        issues = [
            {"kind": o.kind._value_, "text": str(o)} for o in outcomes if type(o) is PassingIssue
        ]
        held, self._held = self._held, None
        tower = self.tower_json()
        self._held = held
        changes = tower_changes(self._sent, tower)
        messages: list[tuple[Message, str]] = []
        if issues:  # one message for the batch's doubled and stray reads, not one for each
            message = {"type": "issues", "issues": issues}
            messages.append((message, encode_payload(message)))
        messages.append((changes, self._encoder.text(changes)))
        return messages, tower

    def _send(self, outcomes: Sequence[Outcome], messages: Messages | None) -> None:
        for watch in self.watchers:
            watch(outcomes)
        if not self.broadcast.subscribers and not self.broadcast.listeners:
            return
        if messages is None or messages[1] is not self.tower_json():  # subscribed meanwhile
            messages = self._messages(outcomes)
        assert messages is not None
        for message, text in messages[0]:
            self.broadcast.publish(message, text)
        self._sent = messages[1]
        self.broadcast.flush()  # to the viewers now, not after the HTTP response

    def close(self) -> None:
        """Journal the feed errors the rate limit held back; let go of the writer role."""
        for source, count in self._unreported.items():
            payload = {"source": source, "error": "(counted, not shown)", "count": count}
            self.journal.append([(FEED_ERROR, payload)])
        self._unreported.clear()
        if self._journaling is not None:
            self._journaling.shutdown()
            self._journaling = None
        if self._lock is not None:
            self._lock.close()
            self._lock = None


def _count(payload: dict[str, Any]) -> int:
    count = payload.get("count", 1)
    return count if isinstance(count, int) and count > 0 else 1


def _record(item: LiveInput, client_id: str | None) -> Record:
    """The input's journal record, not a passing's (`Ingest._fresh`): its kind, its payload."""
    payload = input_to_json(item)
    if client_id:
        payload[ID_FIELD] = client_id
    return payload.pop("kind"), payload


class SessionFinished(PitboardError):
    """A finished session, served from its stored laps, takes no live inputs."""


class WriterLock:
    """The writer role of one database, held until `close` or the process ends (the OS drops a
    file lock, PostgreSQL an advisory lock with its connection)."""

    def __init__(self, release: Callable[[], None]) -> None:
        self._release: Callable[[], None] | None = release

    def close(self) -> None:
        if self._release is not None:
            self._release()
            self._release = None


def take_writer_lock(store: Store) -> WriterLock | None:
    """Become the one writer of the store's database, or `WriterBusy` (one line)."""
    backend = store.engine.url.get_backend_name()
    if backend == "postgresql":
        return _advisory_lock(store.engine)
    database = store.engine.url.database
    if backend != "sqlite" or database in (None, "", ":memory:"):
        return None
    handle: IO[str] = open(Path(f"{database}.writer"), "a", encoding="utf-8")  # noqa: SIM115
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        handle.close()
        raise WriterBusy(f"{database}: another process is the writer of this database") from None
    handle.write(f"{os.getpid()}\n")
    handle.flush()
    return WriterLock(handle.close)


# one key per database and schema (search_path): test schemas side by side do not collide
_ADVISORY_KEY = (
    "hashtextextended('pitboard writer ' || current_database() || '.' || current_schema(), 0)"
)


def _advisory_lock(engine: sa.Engine) -> WriterLock:
    """A session-level advisory lock on a connection of its own, kept open while writing."""
    connection = engine.connect()
    try:
        taken = connection.execute(sa.text(f"SELECT pg_try_advisory_lock({_ADVISORY_KEY})"))
        got = bool(taken.scalar())
        connection.commit()
    except Exception:
        connection.close()
        raise
    if not got:
        connection.close()
        where = engine.url.render_as_string(hide_password=True)
        raise WriterBusy(f"{where}: another process is the writer of this database")

    def release() -> None:  # a pooled connection would keep the session, and the lock, alive
        connection.invalidate()
        connection.close()

    return WriterLock(release)


class LiveHub:
    """The live sessions of one process, one per session, opened (and replayed) on first use.

    `get` is for reading: it never takes the writer role, and unless this process is the writer
    it catches up with what the writer journaled since. `writer` takes the role (the database's
    writer lock) for a process that writes: `pitboard ingest`, or race control in the web app
    when no ingest runs; `WriterBusy` when another process has it. A finished session with
    stored laps and no live journal is served from the store (`FinishedSession`) and takes no
    writes (`SessionFinished`)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.ingests: dict[str, Ingest] = {}
        self.finished: dict[str, FinishedSession] = {}
        self._lock: WriterLock | None = None
        # the store's revision when each session's journal was last read (False: no revision)
        self._revisions: dict[str, int] | Literal[False] | None = None

    @property
    def is_writer(self) -> bool:
        return self._lock is not None

    def get(self, session: str) -> Ingest | FinishedSession:
        if session in self.finished:
            return self.finished[session]
        if session not in self.ingests:
            self.store.load_session_info(session)  # NotFound first
            finished = FinishedSession.of(self.store, session)
            if finished is not None:
                self.finished[session] = finished
                return finished
            if not self.is_writer:
                self._written(session)  # the revision the replay below catches up with
            self.ingests[session] = Ingest.open(self.store, session, lock=False, record=False)
        elif not self.is_writer and self._written(session):
            self.ingests[session].replay()
        return self.ingests[session]

    def _written(self, session: str) -> bool:
        """Whether the store may have been written since this reader last caught up with the
        session's journal: the store's revision (raised by every write transaction, whoever
        wrote) moved, or the database has no revision. So a reader's `GET /live` reads the
        journal only after a write, and is served from the tower in memory otherwise."""
        if self._revisions is None:
            self._revisions = {} if has_revision(self.store.engine) else False
        if self._revisions is False:
            return True
        revision = self.store.revision()  # read before the journal: a write after it shows
        if self._revisions.get(session) == revision:
            return False
        self._revisions[session] = revision
        return True

    def writer(self, session: str) -> Ingest:
        if self._lock is None:
            self.store.load_session_info(session)
            self._lock = take_writer_lock(self.store) or WriterLock(lambda: None)
            for ingest in self.ingests.values():
                ingest.replay()  # what the last writer journaled since
        source = self.get(session)
        if isinstance(source, FinishedSession):
            raise SessionFinished(source.refusal())
        source.start_recording()
        return source

    def close(self) -> None:
        for ingest in self.ingests.values():
            ingest.close()
        if self._lock is not None:
            self._lock.close()
            self._lock = None

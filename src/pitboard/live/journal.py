"""The live journal: many inputs appended in one transaction (group commit), read back in order.

`Store.append_journal` commits one record per transaction; at decoder rates the ingest commits a
batch at a time instead (`Store.append_journal_many`) — every input of the batch is on disk
before any of them is shown or stored. The laps a batch completes go in its transaction
(`LiveJournal.begin`), committed once the batch is applied.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from pitboard.store import JournalRecord, Store
from pitboard.store.journal import JournalTransaction

PAGE = 5_000


class LiveJournal:
    """The journal of one session in one store."""

    def __init__(self, store: Store, session: str) -> None:
        self.store = store
        self.session = session
        store.load_session_info(session)  # an unknown session fails here, not at the first input
        self._ids: dict[str | None, int | None] = {}  # the session's id, found by the first batch

    def append(self, records: Sequence[tuple[str, dict[str, Any]]]) -> int:
        """Append `(kind, payload)` records in one committed transaction; the last id."""
        if not records:
            return 0
        return self.begin(records).commit()

    def begin(self, records: Sequence[tuple[str, dict[str, Any] | str]]) -> JournalTransaction:
        """`append` with the transaction left open, for the laps the records complete (in this
        journal's session, `session`); a payload may be its JSON text (`JournalRow`)."""
        now = datetime.now(UTC)
        session = self.session
        rows = [(kind, data, session, now) for kind, data in records]
        return self.store.begin_journal(rows, self._ids)

    def read(self, after: int = 0, kinds: set[str] | None = None) -> Iterator[JournalRecord]:
        """The session's records (of `kinds`, else all) after id `after`, oldest first, a page
        at a time."""
        while True:
            page = self.store.read_journal(
                session=self.session, after=after, kinds=kinds, limit=PAGE
            )
            yield from page
            if len(page) < PAGE:
                return
            after = page[-1].id

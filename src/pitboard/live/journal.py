"""The live journal: many inputs appended in one transaction (group commit), read back in order.

`Store.append_journal` commits one record per transaction; at decoder rates the ingest commits a
batch at a time instead (`Store.append_journal_many`) — every input of the batch is on disk
before any of them is shown or stored. The laps a batch completes go in its transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from pitboard.model import Lap
from pitboard.store import JournalInput, JournalRecord, Store

PAGE = 5_000


class LiveJournal:
    """The journal of one session in one store."""

    def __init__(self, store: Store, session: str) -> None:
        self.store = store
        self.session = session
        store.load_session_info(session)  # an unknown session fails here, not at the first input

    def append(
        self,
        records: Sequence[tuple[str, dict[str, Any]]],
        laps: Callable[[], Sequence[Lap]] | None = None,
    ) -> int:
        """Append `(kind, payload)` records in one committed transaction; the last id. `laps`:
        the laps they complete, asked for once the records are in and stored with them."""
        if not records:
            return 0
        now = datetime.now(UTC)
        return self.store.append_journal_many(
            [JournalInput(kind, payload, self.session, now) for kind, payload in records],
            None if laps is None else (self.session, laps),
        )

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

"""The live journal: many inputs appended in one transaction (group commit), read back in order.

`Store.append_journal` commits one record per transaction; at decoder rates the ingest commits a
batch at a time instead — every input of the batch is on disk before any of them is applied.
This writes the store's `journal` table directly (the same rows `Store.read_journal` returns).
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

import sqlalchemy as sa

from pitboard.store import JournalRecord, Store
from pitboard.store import schema as t
from pitboard.store.sessions import session_id_of

PAGE = 5_000


class LiveJournal:
    """The journal of one session in one store."""

    def __init__(self, store: Store, session: str) -> None:
        self.store = store
        self.session = session
        with store.engine.connect() as connection:
            self.session_id = session_id_of(connection, session)

    def append(self, records: Sequence[tuple[str, dict[str, Any]]]) -> int:
        """Append `(kind, payload)` records in one committed transaction; the last id."""
        if not records:
            return 0
        now = datetime.now(UTC)
        rows = [
            {"session_id": self.session_id, "kind": kind, "payload": payload, "received_at": now}
            for kind, payload in records
        ]
        with self.store.engine.begin() as connection:
            connection.execute(sa.insert(t.journal), rows)
            last = connection.execute(sa.select(sa.func.max(t.journal.c.id))).scalar_one()
        return int(last)

    def read(self, after: int = 0) -> Iterator[JournalRecord]:
        """Every record of the session after id `after`, oldest first, a page at a time."""
        while True:
            page = self.store.read_journal(session=self.session, after=after, limit=PAGE)
            yield from page
            if len(page) < PAGE:
                return
            after = page[-1].id

"""An ACC server result file into the store: the session (entries, laps) and the penalties the
server gave after the flag as stewards' decisions, in one transaction."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pitboard.formats.acc import AccResult, read_acc
from pitboard.importers.progress import Progress, quiet_progress
from pitboard.store import Decision, SessionInfo, Store
from pitboard.store import decisions as store_decisions
from pitboard.store import sessions as store_sessions

DECIDED_BY = "ACC server"


def import_acc(
    store: Store,
    key: str,
    path: str | Path,
    *,
    event: str | None = None,
    progress: Progress | None = None,
) -> AccResult:
    """Read `path` and save it as session `key` (optionally in `event`); returns what was read."""
    progress = progress or quiet_progress()
    progress.start(f"ACC {Path(path).name}", 2)
    result = read_acc(path)
    progress.advance()
    decided_at = datetime.fromtimestamp(Path(path).stat().st_mtime, UTC)
    name = result.session.name or f"{result.track} {result.session.kind.value}".strip()
    info = SessionInfo(key, result.session.kind, name=name, event=event)
    taken = [Decision(p, DECIDED_BY, decided_at) for p in result.penalties]
    with store.engine.begin() as connection:
        store_sessions.save_session(connection, info, result.session)
        if taken:
            store_decisions.save_penalties(connection, key, taken)
    progress.advance()
    return result

"""`open_store()` and the `Store`: the season, sessions, decisions, results and journal on disk.

Every call is one transaction: it is written whole or not at all (a penalty for an unknown car
writes nothing). One writer per SQLite database; readers may open their own `Store`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import Any

import sqlalchemy as sa

from pitboard.model import ClassificationRules, Entry, Lap, Millis, Session
from pitboard.model.decision import PublishedResult
from pitboard.model.grid import GridPenalty, GridSlot
from pitboard.model.season import CarClass, SeasonPlan
from pitboard.store import decisions, journal, published, results, sessions
from pitboard.store import grid as grids
from pitboard.store import season as seasons
from pitboard.store.database import (
    create_engine,
    database_url,
    unreachable,
    unsynced,
    upgrade_database,
)
from pitboard.store.records import (
    Circuit,
    Decision,
    Event,
    JournalInput,
    JournalRecord,
    PublishedRows,
    ResultState,
    ResultVersion,
    Season,
    Series,
    SessionInfo,
    StoreError,
)
from pitboard.store.revision import has_revision, load_revision, watch_writes


def open_store(url: str | None = None, *, migrate: bool = True) -> Store:
    """Open the store at `url` (else `PITBOARD_DB`, else `./pitboard.db`), migrated to head."""
    try:
        engine = create_engine(url)
    except (sa.exc.ArgumentError, ImportError) as error:
        raise StoreError(f"cannot use the database URL {_shown(url)!r}: {error}") from None
    try:
        if migrate:
            upgrade_database(engine)
        watched = has_revision(engine)
    except sa.exc.DBAPIError as error:
        engine.dispose()
        raise StoreError(unreachable(engine, error)) from None
    if watched:
        watch_writes(engine)
    return Store(engine)


def _shown(url: str | None) -> str:
    """The URL without its password, for an error message."""
    text = database_url(url)
    try:
        return sa.make_url(text).render_as_string(hide_password=True)
    except sa.exc.ArgumentError:
        return text


class Store:
    """The persistence of pitboard, in the sport's words. Use as a context manager or `close()`."""

    def __init__(self, engine: sa.Engine) -> None:
        self.engine = engine

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    def close(self) -> None:
        self.engine.dispose()

    def revision(self) -> int:
        """A number raised by every write transaction (see `pitboard.store.revision`)."""
        with self.engine.connect() as connection:
            return load_revision(connection)

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- the season around the sessions ---------------------------------------------------

    def save_series(self, series: Series) -> None:
        with self.engine.begin() as connection:
            seasons.save_series(connection, series)

    def load_series(self, key: str) -> Series:
        with self.engine.connect() as connection:
            return seasons.load_series(connection, key)

    def save_season(self, record: Season) -> None:
        with self.engine.begin() as connection:
            seasons.save_season(connection, record)

    def load_season(self, key: str) -> Season:
        with self.engine.connect() as connection:
            return seasons.load_season(connection, key)

    def save_circuit(self, circuit: Circuit) -> None:
        with self.engine.begin() as connection:
            seasons.save_circuit(connection, circuit)

    def load_circuit(self, key: str) -> Circuit:
        with self.engine.connect() as connection:
            return seasons.load_circuit(connection, key)

    def save_event(self, event: Event) -> None:
        with self.engine.begin() as connection:
            seasons.save_event(connection, event)

    def load_event(self, key: str) -> Event:
        with self.engine.connect() as connection:
            return seasons.load_event(connection, key)

    def load_events(self, season_key: str) -> list[Event]:
        """The season's rounds in round order."""
        with self.engine.connect() as connection:
            return seasons.load_events(connection, season_key)

    def save_entries(
        self, entries: Iterable[Entry], *, season: str | None = None, event: str | None = None
    ) -> None:
        """Replace the entry list of a season or of an event; crews are checked against the
        season's classes (a StoreError lists every problem, and nothing is written)."""
        entries = list(entries)
        with self.engine.begin() as connection:
            scope = sessions.entry_scope(connection, season=season, event=event)
            owner = season or seasons.season_of_event(connection, str(event))
            seasons.check_entries(entries, seasons.load_classes(connection, owner))
            sessions.save_entries(connection, scope, entries)

    def save_classes(self, season: str, classes: Iterable[CarClass]) -> None:
        """Replace the season's classes (by crew category), in their order."""
        with self.engine.begin() as connection:
            seasons.save_classes(connection, season, list(classes))

    def load_classes(self, season: str) -> list[CarClass]:
        with self.engine.connect() as connection:
            return seasons.load_classes(connection, season)

    def save_season_plan(self, plan: SeasonPlan) -> None:
        """Save a whole season file (all or nothing); saving it again updates it in place."""
        with self.engine.begin() as connection:
            seasons.save_season_plan(connection, plan)

    def load_season_plan(self, key: str) -> SeasonPlan:
        with self.engine.connect() as connection:
            return seasons.load_season_plan(connection, key)

    def load_entries(self, *, season: str | None = None, event: str | None = None) -> list[Entry]:
        with self.engine.connect() as connection:
            scope = sessions.entry_scope(connection, season=season, event=event)
            return sessions.load_entries(connection, scope)

    # -- sessions: entries and laps ---------------------------------------------------------

    def save_session(
        self,
        key: str,
        session: Session,
        *,
        event: str | None = None,
        scheduled_start: datetime | None = None,
        duration: Millis | None = None,
        race_laps: int | None = None,
    ) -> SessionInfo:
        """Save `session` (entries and laps) as `key`, replacing its entries and laps.

        The session's place in the weekend (event, schedule, grid link, pit window) is kept from
        what the store holds unless given here."""
        info = SessionInfo(
            key=key,
            kind=session.kind,
            name=session.name,
            event=event,
            scheduled_start=scheduled_start,
            duration=duration,
            race_laps=race_laps,
        )
        with self.engine.begin() as connection:
            sessions.save_session(connection, info, session)
            return sessions.load_session_info(connection, key)

    def append_laps(self, key: str, laps: Sequence[Lap]) -> None:
        """Add laps after the session's stored laps, in one transaction (live timing writes
        each lap as it completes; `load_session` gives them back in this order).

        Such laps are derived from the journal, which a restart replays to write whatever was
        lost, so on SQLite the commit does not wait for the disk (`synchronous=NORMAL`: the
        next journal commit syncs the log up to it). Measured: the sync halved ingest rates."""
        with self.engine.connect() as connection, unsynced(connection), connection.begin():
            sessions.append_laps(connection, key, laps)

    def load_session_rules(self, key: str) -> ClassificationRules:
        """The classification ruleset of the session's season (the default without a season)."""
        with self.engine.connect() as connection:
            return results.session_rules(connection, key)

    def save_session_info(self, info: SessionInfo) -> None:
        """Schedule a session (or change its schedule) without touching its entries and laps."""
        with self.engine.begin() as connection:
            sessions.save_session_info(connection, info)

    def load_session(self, key: str) -> Session:
        with self.engine.connect() as connection:
            return sessions.load_session(connection, key)

    def load_session_info(self, key: str) -> SessionInfo:
        with self.engine.connect() as connection:
            return sessions.load_session_info(connection, key)

    def load_sessions(self, event: str | None = None) -> list[SessionInfo]:
        """The event's sessions in schedule order (every session when `event` is None)."""
        with self.engine.connect() as connection:
            return sessions.load_sessions(connection, event)

    # -- stewards' decisions and result versions --------------------------------------------

    def save_penalties(self, session: str, penalties: Iterable[Decision]) -> list[int]:
        """Append decisions to the session (all or none); returns their ids."""
        with self.engine.begin() as connection:
            return decisions.save_penalties(connection, session, penalties)

    def load_penalties(self, session: str, *, version: int | None = None) -> list[Decision]:
        """All decisions (also those not yet published), or those result `version` includes."""
        with self.engine.connect() as connection:
            return decisions.load_penalties(connection, session, version)

    def publish_result(
        self,
        session: str,
        state: ResultState,
        *,
        reason: str = "",
        by: str = "",
        at: datetime | None = None,
    ) -> ResultVersion:
        """Publish the next version: provisional -> official -> revised."""
        with self.engine.begin() as connection:
            return decisions.publish_result(connection, session, state, reason=reason, by=by, at=at)

    def load_classification(
        self, session: str, version: int | None = None, rules: ClassificationRules | None = None
    ) -> PublishedResult:
        """Result `version` of the session (the latest by default), rebuilt from its laps and
        the decisions it includes, with the ruleset of the session's season."""
        with self.engine.connect() as connection:
            return results.load_classification(connection, session, version, rules)

    def load_season_results(
        self, season: str, rules: ClassificationRules | None = None
    ) -> list[PublishedResult]:
        """Every race's latest published result in calendar order: what standings follow
        (`pitboard.rules.class_standings([r.classification for r in ...], rules)`)."""
        with self.engine.connect() as connection:
            return results.load_season_results(connection, season, rules)

    def load_result_history(self, session: str) -> list[ResultVersion]:
        with self.engine.connect() as connection:
            return decisions.load_result_history(connection, session)

    def load_result_version(self, session: str, number: int | None = None) -> ResultVersion:
        """One version of the result, the latest by default."""
        with self.engine.connect() as connection:
            return decisions.load_result_version(connection, session, number)

    def save_result(
        self,
        session: str,
        source: str,
        rows: Sequence[Mapping[str, Any]],
        *,
        reason: str = "",
        at: datetime | None = None,
    ) -> ResultVersion:
        """Keep a classification someone else published (rows in the published order) as the
        session's next result version: official, or revised after an official one."""
        with self.engine.begin() as connection:
            return published.save_result(connection, session, source, rows, reason=reason, at=at)

    def load_result(self, session: str, version: int | None = None) -> PublishedRows | None:
        """The rows published as `version` (else the newest published rows), or None."""
        with self.engine.connect() as connection:
            return published.load_result(connection, session, version)

    # -- grids ------------------------------------------------------------------------------

    def save_grid_penalties(
        self,
        race: str,
        penalties: Iterable[GridPenalty],
        *,
        by: str,
        at: datetime | None = None,
    ) -> list[int]:
        """Record grid penalties (places, pit-lane start) for the race: all or none."""
        with self.engine.begin() as connection:
            return grids.save_grid_penalties(connection, race, penalties, by=by, at=at)

    def load_grid_penalties(self, race: str) -> list[GridPenalty]:
        with self.engine.connect() as connection:
            return grids.load_grid_penalties(connection, race)

    def load_entry_list(self, key: str) -> list[Entry]:
        """The session's entry list: its own, else its event's, its season's, or (a race) its
        qualifying's."""
        with self.engine.connect() as connection:
            return grids.race_entries(connection, sessions.load_session_info(connection, key))

    def load_grid(self, race: str) -> list[GridSlot]:
        """The race's grid, built from the qualifying the weekend format links to it."""
        with self.engine.connect() as connection:
            return grids.load_grid(connection, race)

    # -- the journal of raw live inputs ---------------------------------------------------

    def append_journal(
        self,
        kind: str,
        payload: Mapping[str, Any],
        *,
        session: str | None = None,
        received_at: datetime | None = None,
    ) -> int:
        """Append one raw input durably (committed on return); returns its id."""
        with self.engine.begin() as connection:
            return journal.append_journal(
                connection, kind, payload, session=session, received_at=received_at
            )

    def append_journal_many(self, records: Iterable[JournalInput]) -> int:
        """Append many raw inputs in one transaction (group commit); returns the last id
        (0 when `records` is empty). Each record: (kind, payload, session, received_at)."""
        return self.begin_journal(records).commit()

    def begin_journal(
        self,
        records: Iterable[journal.JournalRow],
        ids: dict[str | None, int | None] | None = None,
    ) -> journal.JournalTransaction:
        """`append_journal_many` with the transaction left open: live timing adds the laps the
        records complete once it applied them, and commits in a thread while it goes on.
        `ids`: the sessions' ids by key, known and to be filled (`JournalTransaction`)."""
        return journal.JournalTransaction(self.engine, records, ids)

    def read_journal(
        self,
        *,
        session: str | None = None,
        after: int = 0,
        kinds: set[str] | None = None,
        limit: int | None = None,
    ) -> list[JournalRecord]:
        """Records after id `after`, in the order they were appended."""
        with self.engine.connect() as connection:
            return journal.read_journal(
                connection, session=session, after=after, kinds=kinds, limit=limit
            )


__all__ = ["Store", "database_url", "open_store"]

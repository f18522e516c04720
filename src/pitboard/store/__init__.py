"""Persistence: the inputs of a season (SQLAlchemy Core + Alembic; SQLite by default, PostgreSQL
by URL). Derived results are recomputed from what is stored here, never stored themselves;
results published by someone else (Ergast, an official results file) are inputs, kept row by
row with the result version they were published as (`save_result` / `load_result`).

    with open_store() as store:              # PITBOARD_DB, else ./pitboard.db
        store.save_session("gt4-2023-misano-race1", session)
        session = store.load_session("gt4-2023-misano-race1")
"""

from pitboard.store.database import (
    create_engine,
    database_revision,
    database_url,
    downgrade_database,
    head_revision,
    upgrade_database,
)
from pitboard.store.records import (
    Circuit,
    Decision,
    Event,
    JournalInput,
    JournalRecord,
    NotFound,
    PublishedRows,
    ResultState,
    ResultVersion,
    Season,
    Series,
    SessionInfo,
    StoreError,
)
from pitboard.store.store import Store, open_store

__all__ = [
    "Circuit",
    "Decision",
    "Event",
    "JournalInput",
    "JournalRecord",
    "NotFound",
    "PublishedRows",
    "ResultState",
    "ResultVersion",
    "Season",
    "Series",
    "SessionInfo",
    "Store",
    "StoreError",
    "create_engine",
    "database_revision",
    "database_url",
    "downgrade_database",
    "head_revision",
    "open_store",
    "upgrade_database",
]

"""Replay: a journal (a store's, or a simulator's JSON-lines file) through the live session."""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pitboard.live.inputs import KINDS, input_from_json
from pitboard.live.journal import LiveJournal
from pitboard.model import ClassificationRules, Driver, Entry, FormatError, SessionKind
from pitboard.model.passing import LiveInput
from pitboard.rules.live import LiveSession
from pitboard.store import open_store

FEED_ERROR = "feed_error"


@dataclass(frozen=True, slots=True)
class Recording:
    """What a replay folds: the session (entries, kind, ruleset) and its inputs in order."""

    entries: list[Entry]
    inputs: list[LiveInput]
    kind: SessionKind = SessionKind.RACE
    rules: ClassificationRules | None = None
    name: str = ""

    def session(self) -> LiveSession:
        return LiveSession(self.entries, self.kind, self.rules, name=self.name)


def read_jsonl(path: Path) -> Recording:
    """A header line with the entries, then one input a line (`pitboard simulate --to file:`)."""
    entries: list[Entry] = []
    inputs: list[LiveInput] = []
    with path.open(encoding="utf-8", errors="replace") as lines:  # bad bytes: not JSON below
        for number, line in enumerate(lines, start=1):
            try:
                data = json.loads(line)
            except (ValueError, RecursionError):
                raise FormatError(
                    "not JSON (or nested too deeply)", path=str(path), line=number, value=line[:80]
                ) from None
            if isinstance(data, dict) and data.get("kind") == "race":
                entries = _entries(data, f"{path}:{number}")
            elif not (isinstance(data, dict) and data.get("kind") == FEED_ERROR):
                inputs.append(input_from_json(data, f"{path}:{number}"))
    return Recording(entries, inputs)


def _entries(header: dict[str, Any], where: str) -> list[Entry]:
    listed = header.get("entries", [])
    if not isinstance(listed, list) or not all(
        isinstance(e, dict) and "number" in e for e in listed
    ):
        raise FormatError("entries: expected a list of objects with a number", path=where)
    return [_entry(entry) for entry in listed]


def _entry(data: dict[str, object]) -> Entry:
    names = data.get("drivers", [])
    drivers = tuple(Driver(str(name)) for name in names) if isinstance(names, list) else ()
    return Entry(
        str(data["number"]),
        str(data.get("class", "")),
        str(data.get("team", "")),
        str(data.get("vehicle", "")),
        drivers,
    )


def read_store_journal(database: str, session: str, skipped: list[str] | None = None) -> Recording:
    """The session's timing inputs (not its weather, media or quotes) with its ruleset; a record
    that cannot be read (journaled by an older version) is left out and its error added to
    `skipped`, as the ingest does."""
    inputs: list[LiveInput] = []
    with open_store(database) as store:
        stored = store.load_session(session)
        for record in LiveJournal(store, session).read(kinds=set(KINDS)):
            try:
                inputs.append(input_from_json(record.payload, f"journal#{record.id}", record.kind))
            except FormatError as error:
                if skipped is not None:
                    skipped.append(str(error))
        rules = store.load_session_rules(session)
    return Recording(list(stored.entries.values()), inputs, stored.kind, rules, stored.name)


def run(recording: Recording, speed: float = 0.0) -> LiveSession:
    """Fold the inputs; with `speed` > 0 wait so that decoder time runs `speed` times faster.
    An input the session cannot apply (`LiveSession.check`) is skipped, as the ingest does."""
    live = recording.session()
    first: tuple[int, float] | None = None
    for item in recording.inputs:
        try:
            live.check(item)
        except FormatError:
            continue
        stamp = getattr(item, "timestamp", None)
        if speed > 0 and stamp:
            first = first or (stamp, time.monotonic())
            due = first[1] + (stamp - first[0]) / 1e6 / speed
            time.sleep(max(0.0, due - time.monotonic()))
        live.apply(item)
    return live

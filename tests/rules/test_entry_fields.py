"""One limit on entry fields for forms, API and importers (issue 11, item 7): the store refuses
an entry list past it, whichever importer it came from."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitboard.model import Driver, Entry, FormatError, Session, SessionKind
from pitboard.rules.entry_fields import LIMITS, entry_problems
from pitboard.store import open_store


def test_each_field_past_its_limit_is_named() -> None:
    long = Entry("7", "GT3", "T" * 121, "V" * 121, (Driver("D" * 81),))
    assert [name for name, _ in entry_problems(long)] == ["team", "vehicle", "driver"]
    fits = Entry("7" * 10, "C" * 40, "T" * 120, "V" * 120, (Driver("D" * 80),))
    assert entry_problems(fits) == []
    assert LIMITS["team"] == 120


def test_the_store_refuses_an_imported_entry_list_past_the_limits(tmp_path: Path) -> None:
    entry = Entry("7", "GT3", "=HYPERLINK(x)" + "t" * 200)
    refused = pytest.raises(FormatError, match=r"entry 7\.team: at most 120 characters")
    with open_store(str(tmp_path / "s.db")) as store, refused:
        store.save_session("r1", Session(SessionKind.RACE, {"7": entry}))

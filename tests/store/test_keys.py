"""A `"` or CRLF in a session key was accepted on import (issue 11, low): keys are checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from pitboard.model import Session, SessionKind
from pitboard.store import StoreError, open_store


@pytest.mark.parametrize("key", ['r1"', "r1\r\nSet-Cookie: x", "a/b", "", "k" * 101, "a b"])
def test_a_bad_session_key_is_refused(tmp_path: Path, key: str) -> None:
    with (
        open_store(str(tmp_path / "k.db")) as store,
        pytest.raises(StoreError, match="bad session key"),
    ):
        store.save_session(key, Session(SessionKind.RACE, {}))


def test_usual_keys_are_kept(tmp_path: Path) -> None:
    with open_store(str(tmp_path / "k.db")) as store:
        for key in ("gt4-2023-misano-race1", "f1-1950-r01-race", "wec_2024:spa.r"):
            store.save_session(key, Session(SessionKind.RACE, {}))
            assert store.load_session_info(key).key == key

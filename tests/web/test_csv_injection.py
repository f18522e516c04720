"""CSV formula injection (issue 11, item 8): `=HYPERLINK(…)`, `=1+2`, `+1+1`, `@SUM…` in a team,
class, driver or vehicle came out as is in the public results.csv. Escaped per OWASP now."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import replace
from pathlib import Path

from fastapi.testclient import TestClient

from pitboard.demo import demo_session
from pitboard.formats.text import spreadsheet_safe
from pitboard.model import Driver
from pitboard.store import open_store
from pitboard.web import create_app

HOSTILE = ['=HYPERLINK("http://x","y")', "=1+2", "+1+1", "@SUM(A1:A9)", "-2+3", "\t=1"]


def test_spreadsheet_safe_escapes_formulas_and_keeps_numbers() -> None:
    assert [spreadsheet_safe(text) for text in HOSTILE] == ["'" + text for text in HOSTILE]
    for plain in ("-3", "+0.170", "+1:02.345", "-", "1 Lap", "Team =", "", 7):
        assert spreadsheet_safe(plain) == str(plain)


def test_results_csv_has_no_formula_in_any_cell(tmp_path: Path) -> None:
    session = demo_session()
    numbers = list(session.entries)[: len(HOSTILE)]
    for number, text in zip(numbers, HOSTILE, strict=True):
        entry = session.entries[number]
        hostile = replace(entry, team=text, vehicle=text, drivers=(Driver(text),))
        session.entries[number] = hostile
    with open_store(str(tmp_path / "web.db")) as store:
        store.save_session("r1", session)
        with TestClient(create_app(store=store, secret="s")) as client:
            response = client.get("/sessions/r1/results.csv")
    assert response.status_code == 200
    cells = [cell for row in csv.reader(io.StringIO(response.text)) for cell in row]
    starts = ("=", "+", "-", "@", "\t", "\r")
    # a gap (+1.234, -3) or the leader's lone "-" is not a formula
    risky = [c for c in cells if c.startswith(starts) and not re.fullmatch(r"[+-][0-9.:]*", c)]
    assert risky == []
    assert "'=1+2" in cells and "'@SUM(A1:A9)" in cells

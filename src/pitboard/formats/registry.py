"""Which reader for which file: sniffed from the header, or named by the caller."""

from __future__ import annotations

import re
from pathlib import Path

from pitboard.formats.alkamel.analysis import looks_like_analysis, read_analysis
from pitboard.formats.text import open_table
from pitboard.model import FormatError, Session, SessionKind

_KIND_WORDS = (
    (re.compile(r"race", re.IGNORECASE), SessionKind.RACE),
    (re.compile(r"qual|\bq\d", re.IGNORECASE), SessionKind.QUALIFYING),
    (re.compile(r"practice|\bfp\d?|test|warm", re.IGNORECASE), SessionKind.PRACTICE),
)


def guess_session_kind(path: str | Path) -> SessionKind:
    """From the file name: `race` wins (a "qualifying race" is a race), then `qual`/`Q1`,
    then `practice`/`FP`/`test`/`warm`; with none of these words, a race."""
    name = Path(path).name.replace("_", " ").replace("-", " ")
    for pattern, kind in _KIND_WORDS:
        if pattern.search(name):
            return kind
    return SessionKind.RACE


def read_session(path: str | Path, kind: SessionKind | None = None) -> Session:
    """Read a lap file of any known format into a session."""
    table = open_table(path)
    header = table.header
    table.rows.close()  # type: ignore[attr-defined]
    kind = kind or guess_session_kind(path)
    if looks_like_analysis(header):
        return read_analysis(path, kind)
    raise FormatError(
        "not a lap file pitboard knows (expected an Al Kamel lap analysis with NUMBER, "
        "LAP_NUMBER, LAP_TIME, LAP_IMPROVEMENT columns)",
        path=str(path),
        line=1,
    )

"""Fuzz every reader: any bytes, or mutated real-looking CSV text, give records or a FormatError."""

from __future__ import annotations

import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pitboard.formats.penalties import read_penalties
from pitboard.model import FormatError

from .samples import PENALTIES, READERS, Reader

FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
ALL_READERS: dict[str, tuple[str, Reader]] = {**READERS, "penalties": (PENALTIES, read_penalties)}
NAMES = sorted(ALL_READERS)


def _read(reader: Callable[[Path], object], data: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "fuzz.csv"
        path.write_bytes(data)
        try:
            reader(path)
        except FormatError as error:
            assert "\n" not in str(error)  # one line for the CLI


# Pieces that look like the real thing: separators, quotes, times, gaps, flags, odd bytes.
TOKENS = st.sampled_from(
    [
        ";",
        ",",
        "\t",
        '"',
        "\n",
        "\r\n",
        "",
        " ",
        ":",
        ".",
        "+",
        "-",
        "'",
        "1:4x.285",
        "1:38.123",
        "17:31:33.055",
        "0:01:27.261",
        "1.0",
        "-999",
        "1 Lap",
        "35 Laps",
        "-15 Laps",
        "+1'00.991",
        "B",
        "GF",
        "FCY",
        "Not started",
        "\ufeff",
        "\x00",
        "é",
        "²",
        "١",
        "NaN",
        "1e5",
        "9" * 30,
    ]
)


@st.composite
def mutated(draw: st.DrawFn, text: str) -> bytes:
    """The sample with a few edits: a token inserted, a slice deleted or duplicated."""
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate", "cut"]))
        if action == "insert":
            text = text[:at] + draw(TOKENS) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 8)) :]
        elif action == "duplicate":
            text = text[:at] + text[at : at + 40] + text[at:]
        else:
            text = text[:at]
    encoding = draw(st.sampled_from(["utf-8", "utf-8", "latin-1", "utf-16"]))
    return text.encode(encoding, "replace")


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.binary(max_size=600))
def test_any_bytes(name: str, data: bytes) -> None:
    _read(ALL_READERS[name][1], data)


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(data=st.data())
def test_mutated_text(name: str, data: st.DataObject) -> None:
    text, reader = ALL_READERS[name]
    _read(reader, data.draw(mutated(text)))


@pytest.mark.parametrize("name", NAMES)
@FUZZ
@given(rows=st.lists(st.lists(TOKENS, max_size=25), max_size=6))
def test_header_then_token_rows(name: str, rows: list[list[str]]) -> None:
    text, reader = ALL_READERS[name]
    header = text.splitlines()[0]
    body = "\n".join(";".join(row) for row in rows)
    _read(reader, (header + "\n" + body).encode("utf-8", "surrogatepass"))

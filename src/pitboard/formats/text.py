"""Delimited text as the timekeepers write it: BOM or not, `;` or `,`, padded header names,
a trailing separator on every line. Rows stream out with their line numbers."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from pitboard.model import FormatError

SEPARATORS = (";", ",", "\t")


@dataclass(frozen=True, slots=True)
class Table:
    """An open delimited file: its normalised header and a stream of (line, fields)."""

    path: str
    header: list[str]
    separator: str
    rows: Iterator[tuple[int, list[str]]]

    def optional(self, *names: str) -> int | None:
        """Position of the first of `names` in the header (names are upper case, unpadded)."""
        for name in names:
            if name in self.header:
                return self.header.index(name)
        return None

    def column(self, *names: str) -> int:
        """Like `optional`, but the column must be there."""
        index = self.optional(*names)
        if index is None:
            raise FormatError(f"missing column {names[0]}", path=self.path, line=1)
        return index


def normalise_header(fields: list[str]) -> list[str]:
    names = [name.strip().upper() for name in fields]
    while names and names[-1] == "":
        names.pop()  # the trailing separator
    return names


def sniff_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def open_table(path: str | Path) -> Table:
    """Open a delimited file for streaming; raise FormatError for anything not a table."""
    name = str(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by _rows
    except OSError as error:
        raise FormatError(f"cannot open file: {error.strerror}", path=name) from None
    return table_from_stream(handle, name)


def table_from_text(text: str, path: str = "<text>") -> Table:
    return table_from_stream(io.StringIO(text.removeprefix("\ufeff"), newline=""), path)


def table_from_stream(handle: io.TextIOBase | io.TextIOWrapper, path: str) -> Table:
    try:
        first = handle.readline()
    except UnicodeDecodeError:
        handle.close()
        raise FormatError("not UTF-8 text", path=path, line=1) from None
    if not first.strip():
        handle.close()
        raise FormatError("empty file, expected a header line", path=path, line=1)
    if "\x00" in first:
        handle.close()
        raise FormatError("binary data, expected a text table", path=path, line=1)
    separator = sniff_separator(first)
    header = normalise_header(next(csv.reader([first], delimiter=separator)))
    return Table(path, header, separator, _rows(handle, path, separator))


def _rows(handle: io.TextIOBase, path: str, separator: str) -> Iterator[tuple[int, list[str]]]:
    reader = csv.reader(handle, delimiter=separator)
    line = 1
    try:
        while True:
            try:
                fields = next(reader)
            except StopIteration:
                return
            except UnicodeDecodeError:
                raise FormatError("not UTF-8 text", path=path, line=line + 1) from None
            except csv.Error as error:
                raise FormatError(f"bad CSV ({error})", path=path, line=line + 1) from None
            line = reader.line_num + 1
            if "\x00" in "".join(fields):
                raise FormatError("binary data in a text table", path=path, line=line)
            if fields and any(field.strip() for field in fields):
                yield line, fields
    finally:
        handle.close()

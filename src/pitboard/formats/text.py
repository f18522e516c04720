"""Delimited text as the timekeepers write it: BOM or not, `;` or `,`, padded header names,
a trailing separator on every line. Rows stream out with their line numbers.

Anything that is not such a table (a missing file, a directory, an empty file, binary data, text
that is not UTF-8) raises a FormatError naming the file and, where there is one, the line.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
from collections.abc import Iterable, Iterator
from itertools import chain, islice, repeat

from pitboard.model import FormatError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (pitboard.cli.batch)
if TYPE_CHECKING:
    from os import PathLike

    Source = str | PathLike[str]  # a file's path (no pathlib on the `classify` path)

SEPARATORS = (";", ",", "\t")
MAX_HEADER = 1 << 20  # a header line longer than this is not a header
CSV_FIELD_LIMIT = csv.field_size_limit()  # a longer line may hold a field `csv` refuses


class Block:
    """Lines of a table read together by `Table.blocks`: the number of the line before them,
    the lines as read, and their text joined, every line ending `\\n`."""

    __slots__ = ("after", "lines", "text")

    def __init__(self, after: int, lines: list[str], text: str) -> None:
        self.after, self.lines, self.text = after, lines, text


class Table:
    """An open delimited file: its normalised header, then the rest read once, as `rows`, a
    stream of (line, fields), or as `blocks`, many lines at a time, then `rows` if need be.
    A plain class (a dataclass runs the compiler at import, on every command's path)."""

    __slots__ = ("_handle", "_source", "header", "path", "rows", "separator")

    def __init__(
        self,
        path: str,
        header: list[str],
        separator: str,
        handle: io.TextIOBase | io.TextIOWrapper,
        source: Source | None = None,
    ) -> None:
        self.path, self.header, self.separator = path, header, separator
        self._handle, self._source = handle, source
        self.rows: Iterator[tuple[int, list[str]]] = _rows(handle, handle, path, separator, source)

    def blocks(self, size: int) -> Iterator[Block]:
        """The rest of the file `size` lines at a time, as long as it is plain text: no quote,
        NUL or lone CR, no line longer than `csv` allows, so that each line's fields are what
        `rows` makes of it, `line.split(separator)`. At the first block that is not, it stops
        and `rows` reads the rest, from that block's first line. Many lines split in one call
        (`fields`) are what lets a reader do no Python work per row (bench/classify.py)."""
        handle, after = self._handle, 1
        path, separator, source = self.path, self.separator, self._source
        while True:
            try:
                lines = list(islice(handle, size))
            except UnicodeDecodeError:
                handle.close()
                raise _decode_error(path, source) from None
            if not lines:
                handle.close()
                self.rows = iter(())
                return
            text = "".join(lines)
            if "\r" in text:
                text = text.replace("\r\n", "\n")
            if (
                '"' in text
                or "\x00" in text
                or "\r" in text
                or (len(text) > CSV_FIELD_LIMIT and max(map(len, lines)) > CSV_FIELD_LIMIT)
            ):
                self.rows = _rows(handle, chain(lines, handle), path, separator, source, after)
                return
            yield Block(after, lines, text)
            after += len(lines)

    def fields(self, block: Block) -> tuple[list[str], int] | None:
        """The fields of a block whose lines all have the same number of fields, split at
        once, and that number: row r's field i is `flat[r * width + i]`, column i
        `flat[i : len(block.lines) * width : width]`. None when the number of fields differs
        between the lines (a blank line has one)."""
        separator = self.separator
        counts = set(map(str.count, block.lines, repeat(separator)))
        if len(counts) != 1:
            return None
        return block.text.replace("\n", separator).split(separator), counts.pop() + 1

    def rows_from(self, block: Block) -> Iterator[tuple[int, list[str]]]:
        """`rows` from the first line of `block` (the last block `blocks` gave) on."""
        handle, lines = self._handle, chain(block.lines, self._handle)
        return _rows(handle, lines, self.path, self.separator, self._source, block.after)

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

    def close(self) -> None:
        close = getattr(self.rows, "close", None)
        if close is not None:
            close()
        self._handle.close()

    def truncated(self, line: int, fields: list[str]) -> FormatError:
        """The error for a row that ends before the columns a reader needs."""
        missing = self.header[len(fields)] if len(fields) < len(self.header) else "?"
        return FormatError(
            f"truncated row, {len(fields)} of {len(self.header)} fields, ends before column "
            f"{missing}:",
            path=self.path,
            line=line,
            value=self.separator.join(fields),
        )


def normalise_header(fields: list[str]) -> list[str]:
    names = [name.strip().upper() for name in fields]
    while names and names[-1] == "":
        names.pop()  # the trailing separator
    return names


def sniff_separator(first_line: str) -> str:
    counts = {sep: first_line.count(sep) for sep in SEPARATORS}
    best = max(counts, key=lambda sep: counts[sep])
    return best if counts[best] else ","


def open_table(path: Source) -> Table:
    """Open a delimited file for streaming; raise FormatError for anything not a table."""
    name = str(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed by _rows
    except OSError as error:
        raise FormatError(f"cannot open file: {error.strerror or error}", path=name) from None
    return table_from_stream(handle, name, path)


def table_from_stream(
    handle: io.TextIOBase | io.TextIOWrapper, path: str, source: Source | None = None
) -> Table:
    try:
        first = _first_line(handle, path, source)
    except BaseException:
        handle.close()
        raise
    separator = sniff_separator(first)
    try:
        header = normalise_header(next(csv.reader([first], delimiter=separator)))
    except (csv.Error, StopIteration):
        handle.close()
        raise FormatError("bad header line", path=path, line=1, value=first[:80]) from None
    return Table(path, header, separator, handle, source)


def _first_line(handle: io.TextIOBase | io.TextIOWrapper, path: str, source: Source | None) -> str:
    try:
        first = handle.readline(MAX_HEADER)
    except UnicodeDecodeError:
        raise _decode_error(path, source) from None
    except OSError as error:
        raise FormatError(f"cannot read file: {error.strerror or error}", path=path) from None
    if "\x00" in first:
        raise FormatError("binary data, expected a text table", path=path, line=1)
    if not first.strip():
        raise FormatError("empty file, expected a header line", path=path, line=1)
    if len(first) >= MAX_HEADER:
        raise FormatError("header line too long, expected a text table", path=path, line=1)
    return first


def _rows(
    handle: io.TextIOBase | io.TextIOWrapper,
    lines: Iterable[str],
    path: str,
    separator: str,
    source: Source | None,
    line: int = 1,
) -> Iterator[tuple[int, list[str]]]:
    """Rows with their line numbers (`lines` come after line `line`; `handle` is closed at the
    end). A line without quotes, NUL or an overlong field is split on the separator, which is
    exactly what `csv` makes of it, three times faster (timing files never quote); from the
    first line that has any of them on, `csv` reads the rest."""
    lines = iter(lines)
    try:
        for text in lines:
            line += 1
            if '"' in text or "\x00" in text or len(text) > CSV_FIELD_LIMIT:
                yield from _csv_rows(chain([text], lines), path, separator, source, line - 1)
                return
            fields = text.rstrip("\r\n").split(separator)
            if fields[0].strip() or any(field.strip() for field in fields):
                yield line, fields
    except UnicodeDecodeError:
        raise _decode_error(path, source) from None
    finally:
        handle.close()


def _csv_rows(
    lines: Iterator[str], path: str, separator: str, source: Source | None, before: int
) -> Iterator[tuple[int, list[str]]]:
    """The `csv` module's rows of `lines`, the first of which is line `before + 1`."""
    reader = csv.reader(lines, delimiter=separator)
    line = before
    while True:
        try:
            fields = next(reader)
        except StopIteration:
            return
        except UnicodeDecodeError:
            raise _decode_error(path, source) from None
        except csv.Error as error:
            raise FormatError(f"bad CSV ({error})", path=path, line=line + 1) from None
        line = before + reader.line_num
        if "\x00" in "".join(fields):
            raise FormatError("binary data in a text table", path=path, line=line)
        if fields and (fields[0].strip() or any(field.strip() for field in fields)):
            yield line, fields


def _decode_error(path: str, source: Source | None) -> FormatError:
    """Find the first line that is not UTF-8 (the decoder reads ahead, so look again)."""
    if source is None:
        return FormatError("not UTF-8 text", path=path)
    try:
        with open(source, "rb") as raw:
            return _locate_bad_bytes(raw, path)
    except OSError:
        return FormatError("not UTF-8 text", path=path)


def _locate_bad_bytes(raw: io.BufferedReader, path: str) -> FormatError:
    start = raw.read(4)
    if _looks_like_utf16(start):
        return FormatError("not UTF-8 text (looks like UTF-16)", path=path, line=1)
    if b"\x00" in start:
        return FormatError("binary data, expected a text table", path=path, line=1)
    raw.seek(0)
    header: list[str] = []
    separator = b","
    for number, data in enumerate(raw, start=1):
        try:
            text = data.decode("utf-8-sig" if number == 1 else "utf-8")
        except UnicodeDecodeError as error:
            return _bad_bytes_error(path, number, data, error.start, separator, header)
        if number == 1:
            separator = sniff_separator(text).encode()
            header = normalise_header(text.split(separator.decode()))
    return FormatError("not UTF-8 text", path=path)


def _looks_like_utf16(start: bytes) -> bool:
    """A UTF-16 byte order mark, or ASCII text with every other byte zero."""
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return True
    zeros = [byte == 0 for byte in start]
    return len(start) == 4 and zeros in ([False, True, False, True], [True, False, True, False])


def _bad_bytes_error(
    path: str, line: int, data: bytes, offset: int, separator: bytes, header: list[str]
) -> FormatError:
    index = data[:offset].count(separator)
    field = data.split(separator)[index].rstrip(b"\r\n")
    return FormatError(
        "not UTF-8 text (Latin-1?)",
        path=path,
        line=line,
        column=(header[index] or None) if index < len(header) else None,
        value=field.decode("utf-8", "backslashreplace"),
    )


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?[0-9][0-9.,:]*")


def spreadsheet_safe(cell: object) -> str:
    """A CSV cell a spreadsheet will not run as a formula (OWASP CSV injection): text that
    starts with `= + - @`, a tab or a carriage return gets a leading `'`; numbers and gaps
    (`-3`, `+0.170`, `+1:02.345`) and the leader's gap `-` alone stay as they are. Every CSV
    the site serves goes through it."""
    text = "" if cell is None else str(cell)
    if text.startswith(_FORMULA_START) and text != "-" and not _NUMBER.fullmatch(text):
        return "'" + text
    return text

"""Rich tables for the terminal, one per class, one line per car at any width from 80 columns.

Times, gaps and intervals are never cut or wrapped; the gap and the interval (to the car ahead)
are within the class (`rules.results_table`). Narrower terminals lose columns, least useful
first: the team (under 120 columns), the overall position and a race's best lap (under 100).
Drivers are shown by surname when their full names do not fit, and a name too long for the
room left ends in an ellipsis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich import box
from rich.console import Console
from rich.table import Table

from pitboard.rules.results_table import (
    ResultRow,
    ResultTable,
    best_lap_number_text,
    gap_text,
    lap_time_text,
    position_text,
    status_text,
    time_text,
)

WIDE = 120  # full driver names, team, interval
MEDIUM = 100  # surnames; overall position still shown
MIN_NAME = 8  # a name column is never cut below this
MIN_CUT = 14  # the team may be cut to this to keep full driver names


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    cell: Callable[[ResultRow], str]
    right: bool = True
    shrinks: bool = False  # may be cut with an ellipsis (names); others never are
    short: Callable[[ResultRow], str] | None = None  # tried before cutting


def print_classification(
    result: ResultTable, title: str = "", console: Console | None = None
) -> None:
    """One table per class, gaps and intervals within the class (`rules.results_table`)."""
    console = console or Console()
    columns = choose_columns(console.width, result.race)
    for car_class in result.classes:
        rows = result.by_class(car_class)
        if rows:
            heading = f"{title} — {car_class}" if title else car_class
            console.print(class_table(heading, rows, columns, console.width))


GAP = 2  # characters between two columns


def class_table(heading: str, rows: list[ResultRow], columns: list[Column], width: int) -> Table:
    """One class; every column gets a fixed width so that nothing wraps."""
    cells = [[column.cell(row) for column in columns] for row in rows]
    if not fits(columns, cells, width):
        columns = [replace(c, cell=c.short) if c.short else c for c in columns]
        cells = [[column.cell(row) for column in columns] for row in rows]
    widths = column_widths(columns, cells, width)
    table = Table(
        title=heading,
        title_justify="left",
        title_style="bold",
        box=box.SIMPLE_HEAD,
        show_edge=False,
        padding=(0, GAP - 1, 0, 0),
    )
    for column, column_width in zip(columns, widths, strict=True):
        table.add_column(
            column.header,
            justify="right" if column.right else "left",
            no_wrap=True,
            overflow="ellipsis",
            width=column_width,
        )
    for line in cells:
        table.add_row(*line)
    return table


def fits(columns: list[Column], cells: list[list[str]], width: int) -> bool:
    """Whether the long forms fit, other name columns (the team) cut to MIN_CUT at most."""
    widths = [
        min(w, MIN_CUT) if c.shrinks and c.short is None else w
        for w, c in zip(_widest(columns, cells), columns, strict=True)
    ]
    return sum(widths) + GAP * len(columns) <= width


def _widest(columns: list[Column], cells: list[list[str]]) -> list[int]:
    return [
        max([len(column.header), *(len(line[index]) for line in cells)])
        for index, column in enumerate(columns)
    ]


def column_widths(columns: list[Column], cells: list[list[str]], width: int) -> list[int]:
    """Each column as wide as its widest cell; when that is too wide, the team gives way first
    (down to MIN_CUT), then every name column shares what is left."""
    widths = _widest(columns, cells)
    over = sum(widths) + GAP * len(columns) - width
    for index, column in enumerate(columns):
        if over > 0 and column.shrinks and column.short is None:
            cut = min(over, max(0, widths[index] - MIN_CUT))
            widths[index] -= cut
            over -= cut
    if over > 0:
        shrinking = [i for i, c in enumerate(columns) if c.shrinks]
        names = sum(widths[i] for i in shrinking)
        room = max(0, names - over)
        for index in shrinking:
            widths[index] = max(MIN_NAME, widths[index] * room // max(1, names))
    return widths


def choose_columns(width: int, race: bool) -> list[Column]:
    wide, medium = width >= WIDE, width >= MEDIUM
    columns = [
        Column("Pos", lambda r: position_text(r.position)) if medium else None,
        Column("PIC", lambda r: position_text(r.class_position)),
        Column("No", lambda r: r.number),
        Column("Drivers", _full_names, right=False, shrinks=True, short=_surnames)
        if wide
        else Column("Drivers", _surnames, right=False, shrinks=True),
        Column("Team", lambda r: r.entry.team, right=False, shrinks=True) if wide else None,
        Column("Laps", lambda r: str(r.laps)),
        Column("Time" if race else "Best", lambda r: time_text(r, race)),
        Column("Gap", lambda r: gap_text(r.class_gap)),
        Column("Int", lambda r: gap_text(r.class_interval)),
        Column("Best lap", lambda r: lap_time_text(r.car.best_lap)) if race and medium else None,
        Column("Lap", best_lap_number_text) if wide and not race else None,
        Column("Pit", lambda r: str(r.pit_stops)),
        Column("", status_text, right=False),
    ]
    return [column for column in columns if column is not None]


def _full_names(row: ResultRow) -> str:
    return " / ".join(row.entry.driver_names)


def _surnames(row: ResultRow) -> str:
    return " / ".join(_surname(name) for name in row.entry.driver_names)


def _surname(name: str) -> str:
    """The last word, in the case the timekeeper gave it: `Patrick PILET` -> `PILET`."""
    words = name.split()
    return words[-1] if words else name

"""Rich tables for the terminal, one per class, one line per car at any width from 80 columns.

Times and gaps are never cut or wrapped. Narrower terminals lose columns, least useful first:
the team and the interval (under 120 columns), the overall position (under 100). Drivers are
shown by surname when their full names do not fit, and a name too long for the room left ends
in an ellipsis.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

from rich import box
from rich.console import Console
from rich.table import Table

from pitboard.model import (
    Classification,
    ClassifiedCar,
    Gap,
    format_duration,
    format_lap_time,
)

WIDE = 120  # full driver names, team, interval
MEDIUM = 100  # surnames; overall position still shown
MIN_NAME = 8  # a name column is never cut below this
MIN_CUT = 14  # the team may be cut to this to keep full driver names


@dataclass(frozen=True, slots=True)
class Column:
    header: str
    cell: Callable[[ClassifiedCar], str]
    right: bool = True
    shrinks: bool = False  # may be cut with an ellipsis (names); others never are
    short: Callable[[ClassifiedCar], str] | None = None  # tried before cutting


def print_classification(
    result: Classification, title: str = "", console: Console | None = None
) -> None:
    console = console or Console()
    race = result.kind.value == "race"
    columns = choose_columns(console.width, race)
    for car_class in result.classes:
        rows = with_class_gaps(result.by_class(car_class), race)
        if rows:
            heading = f"{title} — {car_class}" if title else car_class
            console.print(class_table(heading, rows, columns, console.width))


GAP = 2  # characters between two columns


def with_class_gaps(rows: list[ClassifiedCar], race: bool) -> list[ClassifiedCar]:
    """Copies of one class's rows (in order) whose gaps are to the class leader and to the car
    ahead in the class, as the results by class print them."""
    shown: list[ClassifiedCar] = []
    for row in rows:
        if not shown:
            shown.append(replace(row, gap_first=Gap.reference(), gap_previous=Gap.reference()))
            continue
        leader, ahead = shown[0], shown[-1]
        shown.append(
            replace(row, gap_first=_gap(row, leader, race), gap_previous=_gap(row, ahead, race))
        )
    return shown


def _gap(row: ClassifiedCar, reference: ClassifiedCar, race: bool) -> Gap | None:
    """Race: whole laps behind, else the time; qualifying: the difference in best laps."""
    if race and row.laps < reference.laps:
        return Gap.behind_by_laps(reference.laps - row.laps)
    mine, theirs = (
        (row.total_time, reference.total_time) if race else (row.best_lap, reference.best_lap)
    )
    if mine is None or theirs is None:
        return None
    return Gap.time(max(0, mine - theirs))


def class_table(
    heading: str, rows: list[ClassifiedCar], columns: list[Column], width: int
) -> Table:
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
        Column("Pos", lambda r: str(r.position)) if medium else None,
        Column("PIC", lambda r: str(r.class_position)),
        Column("No", lambda r: r.number),
        Column("Drivers", _full_names, right=False, shrinks=True, short=_surnames)
        if wide
        else Column("Drivers", _surnames, right=False, shrinks=True),
        Column("Team", lambda r: r.entry.team, right=False, shrinks=True) if wide else None,
        Column("Laps", lambda r: str(r.laps)),
        Column("Time", _total_time) if race else Column("Best", _best_lap),
        Column("Gap", lambda r: _gap_text(r.gap_first)),
        Column("Int", lambda r: _gap_text(r.gap_previous)) if wide else None,
        Column("Best lap", _best_lap) if race else None,
        Column("Lap", _best_lap_number) if wide and not race else None,
        Column("Pit", lambda r: str(len(r.pit_stops))),
        Column("", lambda r: r.status.mark, right=False),
    ]
    return [column for column in columns if column is not None]


def _full_names(row: ClassifiedCar) -> str:
    return " / ".join(row.entry.driver_names)


def _surnames(row: ClassifiedCar) -> str:
    return " / ".join(_surname(name) for name in row.entry.driver_names)


def _surname(name: str) -> str:
    """The last word, in the case the timekeeper gave it: `Patrick PILET` -> `PILET`."""
    words = name.split()
    return words[-1] if words else name


def _total_time(row: ClassifiedCar) -> str:
    return "" if row.total_time is None else format_duration(row.total_time)


def _best_lap(row: ClassifiedCar) -> str:
    return "" if row.best_lap is None else format_lap_time(row.best_lap)


def _best_lap_number(row: ClassifiedCar) -> str:
    return "" if row.best_lap_number is None else str(row.best_lap_number)


def _gap_text(gap: object) -> str:
    return "" if gap is None else str(gap)

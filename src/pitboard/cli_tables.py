"""Rich tables for the terminal, one per class."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from pitboard.model import Classification, ClassifiedCar, format_duration, format_lap_time


def print_classification(
    result: Classification, title: str = "", console: Console | None = None
) -> None:
    console = console or Console()
    for car_class in result.classes:
        rows = result.by_class(car_class)
        if rows:
            console.print(_class_table(result, car_class, rows, title))


def _class_table(
    result: Classification, car_class: str, rows: list[ClassifiedCar], title: str
) -> Table:
    race = result.kind.value == "race"
    table = Table(title=f"{title} — {car_class}" if title else car_class, title_justify="left")
    for name, justify in (
        ("Pos", "right"),
        ("PIC", "right"),
        ("No", "right"),
        ("Drivers", "left"),
        ("Team", "left"),
        ("Laps", "right"),
        ("Time" if race else "Best", "right"),
        ("Gap", "right"),
        ("Int", "right"),
        ("Best lap", "right"),
        ("Pit", "right"),
        ("Status", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for row in rows:
        main_time = row.total_time if race else row.best_lap
        table.add_row(
            str(row.position),
            str(row.class_position),
            row.number,
            " / ".join(row.entry.driver_names),
            row.entry.team,
            str(row.laps),
            ""
            if main_time is None
            else (format_duration(main_time) if race else format_lap_time(main_time)),
            str(row.gap_first or ""),
            str(row.gap_previous or ""),
            ""
            if row.best_lap is None
            else f"{format_lap_time(row.best_lap)} ({row.best_lap_number})",
            str(len(row.pit_stops)),
            row.status.value.upper().replace("_", " "),
        )
    return table

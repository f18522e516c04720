"""The results sheet officials sign and post: one session's classification by class on A4.

Header (series, event, circuit, session, date, conditions), a stamp (PROVISIONAL / OFFICIAL /
REVISED with the version and the time it was published), one section per class with the gap to
the class leader and the interval to the car ahead, a "Not classified" block (the cars the
ruleset lists unranked: DNF, DNS, NC, DSQ, with laps), the stewards'
decisions the version includes, and signature lines for the clerk of the course and the chief
timekeeper. HTML from one Jinja2 template (the site serves it as the printable page), PDF from
the same HTML through WeasyPrint.

Where the laps carry sector times (Al Kamel analysis files) each car also shows its best sectors
(S1, S2, S3, the class's best in bold purple), its ideal lap, and its top speed where the file has
speed-trap readings, as the presentation model (`rules.results_table`) gives them; a session
without (an Ergast race) has no such columns.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from pitboard.rules.results_table import (
    ResultRow,
    ResultTable,
    best_lap_number_text,
    gap_text,
    lap_time_text,
    position_text,
    speed_text,
    status_text,
    time_text,
)
from pitboard.rules.sectors import Mark


@dataclass(frozen=True, slots=True)
class SheetHeader:
    """Where and when: printed above the classification."""

    series: str  # "GT4 European Series 2023"
    event: str  # "Round 4 · Misano"
    session: str  # "Race 2"
    date: str  # "Sun 16 Jul 2023, 12:15 CEST"
    circuit: str = ""  # "Misano World Circuit Marco Simoncelli · 4.226 km"
    conditions: str = ""  # "Air 34.6 °C · track 55.0 °C"
    state: str = "unofficial"  # provisional, official, revised, unofficial
    version: int | None = None
    published: str = ""  # "16 Jul 2023 13:40 UTC by Race Director"
    synthetic: bool = False  # invented data: the sheet says so


@dataclass(frozen=True, slots=True)
class SheetRow:
    class_position: str
    position: str
    number: str
    drivers: str
    team: str
    vehicle: str
    laps: int
    time: str  # race: total time; else the best lap
    gap: str  # to the class leader
    interval: str  # to the car ahead in the class
    best_lap: str
    best_lap_number: str
    pit_stops: int
    car_class: str = ""
    status: str = ""  # DNF, DNS, NC, DSQ
    sectors: tuple[tuple[str, bool], ...] = ()  # best of each sector, and: is it the class best
    ideal_lap: str = ""  # the sum of the best sectors
    top_speed: str = ""  # km/h


@dataclass(frozen=True, slots=True)
class ResultsSheet:
    header: SheetHeader
    race: bool
    classes: list[tuple[str, list[SheetRow]]]  # the cars that carry a class position
    not_classified: list[SheetRow]  # listed unranked (the ruleset's `not_classified_positions`)
    decisions: list[str] = field(default_factory=list)
    sector_count: int = 0  # 0: no sector columns
    top_speeds: bool = False  # a top-speed column


def results_sheet(
    header: SheetHeader, table: ResultTable, decisions: list[str] | None = None
) -> ResultsSheet:
    classes = []
    for car_class in table.classes:
        rows = table.ranked(car_class)
        if rows:
            classes.append((car_class, [_row(r, table.race) for r in rows]))
    out = [_row(r, table.race) for r in table.unranked]
    return ResultsSheet(
        header, table.race, classes, out, decisions or [], table.sector_count, table.top_speeds
    )


def _row(row: ResultRow, race: bool) -> SheetRow:
    entry = row.entry
    return SheetRow(
        class_position=position_text(row.class_position),
        position=position_text(row.position),
        number=entry.number,
        drivers=" / ".join(entry.driver_names),
        team=entry.team,
        vehicle=entry.vehicle,
        laps=row.laps,
        time=time_text(row, race),
        gap=gap_text(row.class_gap),
        interval=gap_text(row.class_interval),
        best_lap=lap_time_text(row.car.best_lap),
        best_lap_number=best_lap_number_text(row),
        pit_stops=row.pit_stops,
        car_class=entry.car_class,
        status=status_text(row),
        sectors=tuple(
            (lap_time_text(time), marked is Mark.BEST)
            for time, marked in zip(row.best_sectors, row.sector_marks, strict=True)
        ),
        ideal_lap=lap_time_text(row.ideal_lap),
        top_speed=speed_text(row.top_speed),
    )


@cache
def _environment() -> Environment:
    return Environment(
        loader=PackageLoader("pitboard.reports", "templates"),
        autoescape=select_autoescape(["html", "j2"]),
    )


def results_sheet_html(
    sheet: ResultsSheet, *, for_print: bool = False, nav: Sequence[tuple[str, str]] = ()
) -> str:
    """The sheet as a page; `nav` (label, url) links go above it on screen, never in print."""
    template = _environment().get_template("results_sheet.html.j2")
    return template.render(sheet=sheet, for_print=for_print, nav=nav)


def results_sheet_pdf(sheet: ResultsSheet) -> bytes:
    from weasyprint import HTML  # type: ignore[import-untyped]

    pdf = HTML(string=results_sheet_html(sheet, for_print=True)).write_pdf()
    assert pdf is not None
    return bytes(pdf)

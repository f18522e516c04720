"""The results sheet officials sign and post: one session's classification by class on A4.

Header (series, event, circuit, session, date, conditions), a stamp (PROVISIONAL / OFFICIAL /
REVISED with the version and the time it was published), one section per class with the gap to
the class leader, a "Not classified" block (DNF, DNS, NC, DSQ, with laps), the stewards'
decisions the version includes, and signature lines for the clerk of the course and the chief
timekeeper. HTML from one Jinja2 template (the site serves it as the printable page), PDF from
the same HTML through WeasyPrint.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache

from jinja2 import Environment, PackageLoader, select_autoescape

from pitboard.model import (
    Classification,
    ClassificationStatus,
    ClassifiedCar,
    Gap,
    SessionKind,
    format_duration,
    format_gap,
    format_lap_time,
)

Status = ClassificationStatus
STATUS_TEXT = {
    Status.DNF: "DNF",
    Status.DNS: "DNS",
    Status.NOT_CLASSIFIED: "NC",
    Status.DSQ: "DSQ",
}


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
    class_position: int
    position: int
    number: str
    drivers: str
    team: str
    vehicle: str
    laps: int
    time: str  # race: total time (class leader) or gap; else the best lap
    gap: str  # to the class leader
    best_lap: str
    best_lap_number: str
    pit_stops: int
    car_class: str = ""
    status: str = ""  # DNF, DNS, NC, DSQ (the not-classified block)


@dataclass(frozen=True, slots=True)
class ResultsSheet:
    header: SheetHeader
    race: bool
    classes: list[tuple[str, list[SheetRow]]]
    not_classified: list[SheetRow]
    decisions: list[str] = field(default_factory=list)


def results_sheet(
    header: SheetHeader, classification: Classification, decisions: list[str] | None = None
) -> ResultsSheet:
    race = classification.kind is SessionKind.RACE
    classes = []
    for car_class in classification.classes:
        rows = [r for r in classification.by_class(car_class) if r.status is Status.CLASSIFIED]
        if rows:
            classes.append((car_class, [_row(r, rows[0], race) for r in rows]))
    out = [r for r in classification.rows if r.status is not Status.CLASSIFIED]
    return ResultsSheet(header, race, classes, [_row(r, None, race) for r in out], decisions or [])


def _row(row: ClassifiedCar, leader: ClassifiedCar | None, race: bool) -> SheetRow:
    entry = row.entry
    return SheetRow(
        class_position=row.class_position,
        position=row.position,
        number=entry.number,
        drivers=" / ".join(entry.driver_names),
        team=entry.team,
        vehicle=entry.vehicle,
        laps=row.laps,
        time=_time(row, race),
        gap=_class_gap(row, leader, race) if leader is not None else "",
        best_lap=format_lap_time(row.best_lap) if row.best_lap is not None else "",
        best_lap_number=str(row.best_lap_number or ""),
        pit_stops=len(row.pit_stops),
        car_class=entry.car_class,
        status=STATUS_TEXT.get(row.status, ""),
    )


def _time(row: ClassifiedCar, race: bool) -> str:
    if race:
        return format_duration(row.total_time) if row.total_time is not None else ""
    return format_lap_time(row.best_lap) if row.best_lap is not None else ""


def _class_gap(row: ClassifiedCar, leader: ClassifiedCar, race: bool) -> str:
    """Behind the class leader, in the official style (`+1.234`, `1 Lap`); `-` for the leader."""
    if row is leader:
        return format_gap(Gap.reference())
    if race:
        if row.laps < leader.laps:
            return format_gap(Gap.behind_by_laps(leader.laps - row.laps))
        if row.total_time is None or leader.total_time is None:
            return ""
        return format_gap(Gap.time(max(0, row.total_time - leader.total_time)))
    if row.best_lap is None or leader.best_lap is None:
        return ""
    return format_gap(Gap.time(max(0, row.best_lap - leader.best_lap)))


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

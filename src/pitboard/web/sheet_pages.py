"""A session's results sheet, as officials post and sign it: `/sessions/{id}/sheet` (the printable
page) and `/sessions/{id}/sheet.pdf` (A4, WeasyPrint, from the same template). `?version=N`
gives the sheet of an earlier published version."""

from __future__ import annotations

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response

from pitboard.formats.results_json import decision_text
from pitboard.reports.results_sheet import (
    ResultsSheet,
    SheetHeader,
    results_sheet,
    results_sheet_html,
    results_sheet_pdf,
)
from pitboard.store import NotFound, Store
from pitboard.web.calendar import event_zone, kind_word, load_rounds
from pitboard.web.rendering import HTML, JSON, local_time, stamp, store_of
from pitboard.web.results import SessionResult, load_result
from pitboard.web.session_pages import VersionQuery, session_extras

router = APIRouter()


def sheet_of(request: Request, key: str, version: int | None) -> ResultsSheet:
    store = store_of(request)
    result = load_result(store, key, version, request.app.state.results)
    if not result.classification.rows:
        raise NotFound(f"session {key!r} has no result to print a results sheet from")
    event = store.load_event(result.info.event) if result.info.event else None
    zone = event_zone(store, event).key
    decisions = [decision_text(d, zone) for d in result.decisions]
    return results_sheet(_header(store, result, zone), result.table, decisions)


def _header(store: Store, result: SessionResult, zone: str) -> SheetHeader:
    info = result.info
    series, event_line, circuit_line, start = "", info.event or "", "", None
    synthetic = False
    if info.event:
        event = store.load_event(info.event)
        series = store.load_season(event.season).name
        event_line = f"Round {event.round} · {event.name}"
        round_ = next(
            (r for r in load_rounds(store, event.season) if r.event.key == event.key), None
        )
        if round_ is not None:
            start = next((s.start for s in round_.sessions if s.key == info.key), None)
            circuit = round_.circuit
            if circuit is not None:
                length = f" · {circuit.length_m / 1000:.3f} km" if circuit.length_m else ""
                circuit_line = f"{circuit.name}{length}"
        synthetic = any(
            r.payload.get("event") == event.key for r in store.read_journal(kinds={"synthetic"})
        )
    return SheetHeader(
        series=series,
        event=event_line,
        session=info.name or kind_word(info.kind),
        date=local_time(start),
        circuit=circuit_line,
        conditions=_conditions(store, info.key),
        state=result.badge,
        version=result.version.number if result.version else None,
        published=_published(result, zone),
        synthetic=synthetic,
    )


def _conditions(store: Store, key: str) -> str:
    weather, _ = session_extras(store, key)
    airs = [w["air_temp"] for w in weather if w["air_temp"] is not None]
    tracks = [w["track_temp"] for w in weather if w["track_temp"] is not None]
    parts = []
    if airs:
        parts.append(f"Air {min(airs):.1f}–{max(airs):.1f} °C")
    if tracks:
        parts.append(f"track {min(tracks):.1f}–{max(tracks):.1f} °C")
    return " · ".join(parts)


def _published(result: SessionResult, zone: str) -> str:
    version = result.version
    if version is None:
        return ""
    when = stamp(version.published_at, zone)
    return f"{when} by {version.published_by}" if version.published_by else when


def _cached(request: Request, key: str, version: int | None, form: str) -> str | bytes:
    result = load_result(store_of(request), key, version, request.app.state.results)
    number = result.version.number if result.version else None

    def make() -> str | bytes:
        sheet = sheet_of(request, key, version)
        if form == "pdf":
            return results_sheet_pdf(sheet)
        query = f"?version={version}" if version else ""
        nav = [
            ("← The result", f"/sessions/{key}{query}"),
            ("PDF", f"/sessions/{key}/sheet.pdf{query}"),
        ]
        return results_sheet_html(sheet, nav=nav)

    found: str | bytes = request.app.state.results.through(
        result.stamp, ("sheet", key, number, form), make
    )
    return found


@router.get(
    "/sessions/{session}/sheet.pdf",
    tags=JSON,
    summary="A session's results sheet (PDF, A4)",
    response_class=Response,
)
def sheet_pdf(session: str, request: Request, version: int | None = VersionQuery) -> Response:
    pdf = _cached(request, session, version, "pdf")
    suffix = f"-v{version}" if version else ""
    headers = {"Content-Disposition": f'inline; filename="{session}{suffix}-results.pdf"'}
    return Response(pdf, media_type="application/pdf", headers=headers)


@router.get("/sessions/{session}/sheet", response_class=HTMLResponse, tags=HTML)
def sheet_page(session: str, request: Request, version: int | None = VersionQuery) -> HTMLResponse:
    """The results sheet as a printable page (the PDF is the same page on A4)."""
    html = _cached(request, session, version, "html")
    return HTMLResponse(str(html))

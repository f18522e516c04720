"""Public pages of a weekend: the event (sessions, conditions, media) and a session's result
(overall and per class, charts, decisions, version history, CSV and JSON downloads).

Conditions and media links come from the store's journal: records of kind `weather`
(`{"air_temp": 24.5, "track_temp": 38.0, "at": "14:30"}`) and `media`
(`{"title": "Race 1 on TV", "url": "https://...", "kind": "tv"}`) attached to a session.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from pitboard.formats.results_json import row_to_dict
from pitboard.model import Entry
from pitboard.rules.results_table import (
    ResultRow,
    best_lap_number_text,
    gap_text,
    lap_time_text,
    position_text,
    status_text,
    time_text,
)
from pitboard.rules.track_status import caution_laps_by_car, track_periods
from pitboard.store import Store
from pitboard.web.accounts import load_audit
from pitboard.web.analysis_pages import track_status_json
from pitboard.web.calendar import event_zone, kind_word, load_rounds, zone_of
from pitboard.web.charts import (
    best_lap_chart,
    caution_legend,
    class_colour,
    gap_chart,
    lap_chart,
    lap_times_chart,
    spread_chart,
    stint_chart,
    track_status_strip,
)
from pitboard.web.page_cache import cached_page
from pitboard.web.rendering import HTML, JSON, local_time, render, store_of
from pitboard.web.results import (
    SessionResult,
    load_result,
    result_json,
    store_stamp,
    write_csv,
)

router = APIRouter()
MEDIA_KINDS = {"tv", "stream", "photos", "video", "press", "link"}


def session_extras(store: Store, session: str) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """The weather readings and media links journaled for a session."""
    weather, media = [], []
    for record in store.read_journal(session=session, kinds={"weather", "media"}):
        payload = record.payload
        if record.kind == "weather":
            weather.append(
                {
                    "at": str(payload.get("at", "")),
                    "air_temp": payload.get("air_temp"),
                    "track_temp": payload.get("track_temp"),
                }
            )
        elif str(payload.get("url", "")).startswith(("https://", "http://")):
            kind = str(payload.get("kind", "link"))
            media.append(
                {
                    "title": str(payload.get("title", payload["url"])),
                    "url": str(payload["url"]),
                    "kind": kind if kind in MEDIA_KINDS else "link",
                }
            )
    return weather, media


def event_data(request: Request, key: str) -> dict[str, Any]:
    store = store_of(request)
    event = store.load_event(key)
    round_ = next(r for r in load_rounds(store, event.season) if r.event.key == key)
    sessions = []
    for scheduled in round_.sessions:
        weather, media = session_extras(store, scheduled.key)
        history = store.load_result_history(scheduled.key)
        sessions.append(
            {
                "key": scheduled.key,
                "name": scheduled.info.name or kind_word(scheduled.info.kind),
                "kind": scheduled.info.kind.value,
                "start": scheduled.start.isoformat() if scheduled.start else None,
                "start_local": local_time(scheduled.start),
                "has_laps": scheduled.has_laps,
                "state": history[-1].state.value if history else None,
                "weather": weather,
                "media": media,
            }
        )
    circuit = round_.circuit
    return {
        "event": {"key": event.key, "name": event.name, "round": event.round},
        "reports": _report_links(request, key, [s for s in round_.sessions if s.has_laps]),
        "season": event.season,
        "circuit": {
            "name": circuit.name,
            "country": circuit.country,
            "length_m": circuit.length_m,
            "time_zone": circuit.time_zone,
        }
        if circuit
        else None,
        "time_zone": zone_of(circuit).key,
        "sessions": sessions,
    }


def _report_links(request: Request, event: str, timed: list[Any]) -> list[dict[str, Any]]:
    """Every car that took part, with its weekend report in each language and as PDF."""
    store, cache = store_of(request), request.app.state.results
    stamp = store_stamp(store)
    cars: dict[str, Entry] = {}
    for scheduled in timed:
        key = scheduled.key
        session = cache.through(stamp, ("session", key), lambda k=key: store.load_session(k))
        for entry in session.entries.values():
            cars.setdefault(entry.number, entry)
    base = f"/events/{event}/reports"
    return [
        {
            "number": entry.number,
            "class": entry.car_class,
            "drivers": entry.driver_names,
            "team": entry.team,
            "links": {
                lang: {
                    "html": f"{base}/{entry.number}/{lang}",
                    "pdf": f"{base}/{entry.number}/{lang}.pdf",
                }
                for lang in ("en", "sv")
            },
        }
        for entry in sorted(cars.values(), key=_car_order)
    ]


def _car_order(entry: Entry) -> tuple[int, str]:
    digits = entry.number.lstrip("0")
    return (int(digits) if digits.isdigit() else 10**6, entry.number)


@router.get(
    "/events/{event}.json",
    tags=JSON,
    summary="An event: sessions, conditions, media",
    response_model=dict[str, Any],
)
def event_json(event: str, request: Request) -> Response:
    return cached_page(request, lambda: JSONResponse(event_data(request, event)))


@router.get("/events/{event}", response_class=HTMLResponse, tags=HTML)
def event_page(event: str, request: Request) -> Response:
    return cached_page(request, lambda: render(request, "event.html", event_data(request, event)))


def _result(request: Request, key: str, version: int | None) -> SessionResult:
    return load_result(store_of(request), key, version, request.app.state.results)


VersionQuery = Query(None, ge=1, le=10_000, description="a result version (latest by default)")


def published_rows(store: Store, result: SessionResult) -> dict[str, Any] | None:
    """A result published elsewhere and imported row by row (no laps to rebuild it from)."""
    if result.session.laps or result.version is None:
        return None
    found = store.load_result(result.info.key, result.version.number)
    if found is None or not found.rows:
        return None
    columns = list(dict.fromkeys(key for row in found.rows for key in row))
    return {"source": found.source, "columns": columns, "rows": list(found.rows)}


@router.get(
    "/sessions/{session}.json",
    tags=JSON,
    summary="A session's result",
    response_model=dict[str, Any],
)
def session_json(session: str, request: Request, version: int | None = VersionQuery) -> Response:
    def make() -> Response:
        result = _result(request, session, version)
        store = store_of(request)
        event = store.load_event(result.info.event) if result.info.event else None
        zone = event_zone(store, event).key
        rows = published_rows(store, result)
        status = track_status_json(result.session)
        return JSONResponse(
            {**result_json(result, zone), "published_rows": rows, "track_status": status}
        )

    return cached_page(request, make)


@router.get("/sessions/{session}/results.csv", tags=JSON, summary="A session's result as CSV")
def session_csv(session: str, request: Request, version: int | None = VersionQuery) -> Response:
    body = write_csv(_result(request, session, version))
    headers = {"Content-Disposition": f'attachment; filename="{session}.csv"'}
    return Response(body, media_type="text/csv; charset=utf-8", headers=headers)


@router.get("/sessions/{session}/live", response_class=HTMLResponse, tags=HTML)
def live_page(session: str, request: Request) -> HTMLResponse:
    """The live timing tower: fed by the session's WebSocket (`/api/v1/sessions/{id}/live`)."""
    store = store_of(request)
    info = store.load_session_info(session)
    loaded = store.load_session(session)
    classes = loaded.classes
    event = store.load_event(info.event) if info.event else None
    context = {
        "session": session,
        "title": info.name or kind_word(info.kind),
        "season": event.season if event else None,
        "classes": classes,
        "class_colours": {c: class_colour(classes, c) for c in classes},
        "json_url": f"/api/v1/sessions/{session}/live",
    }
    return render(request, "live.html", context)


@router.get("/sessions/{session}", response_class=HTMLResponse, tags=HTML)
def session_page(session: str, request: Request, version: int | None = VersionQuery) -> Response:
    def make() -> Response:
        result = _result(request, session, version)
        return render(request, "session.html", session_context(request, result))

    return cached_page(request, make)


def _charts(result: SessionResult) -> dict[str, str]:
    """A race: positions and gaps lap by lap; a timed session: best laps and lap times through
    the session (its order is by best lap, not by who crossed the line first). The track
    status strip leads when the session had a caution; its periods shade the other charts."""
    session, classification = result.session, result.classification
    if not session.laps:
        return {}
    periods = track_periods(session.laps)
    strip = track_status_strip(session, periods) if caution_legend(periods) else ""
    if result.table.race:
        return {
            "Track status": strip,
            "Lap chart": lap_chart(session, classification, periods),
            "Gap to the leader": gap_chart(session, classification, periods),
            "Lap-time spread": spread_chart(session, classification),
            "Stint timeline": stint_chart(session, classification, periods),
        }
    return {
        "Track status": strip,
        "Best lap: gap to pole": best_lap_chart(classification),
        "Lap times through the session": lap_times_chart(session, classification, periods),
        "Lap-time spread": spread_chart(session, classification),
    }


def row_view(row: ResultRow, race: bool, classes: list[str]) -> dict[str, Any]:
    """A row of the page's tables: the JSON row and the text of every cell."""
    data = row_to_dict(row)
    return {
        **data,
        "colour": class_colour(classes, row.car_class),
        "pos_text": position_text(row.position),
        "class_pos_text": position_text(row.class_position),
        "time_text": time_text(row, race),
        "gap_text": gap_text(row.gap),
        "interval_text": gap_text(row.interval),
        "class_gap_text": gap_text(row.class_gap),
        "class_interval_text": gap_text(row.class_interval),
        "best_text": lap_time_text(row.car.best_lap),
        "best_lap_no_text": best_lap_number_text(row),
        "status_text": status_text(row),
        "stints_text": [
            f"{s.driver}: laps {s.first_lap}–{s.last_lap} ({s.laps})" for s in row.stints
        ],
    }


def session_context(request: Request, result: SessionResult) -> dict[str, Any]:
    store = store_of(request)
    classification = result.classification
    classes = classification.classes
    event = store.load_event(result.info.event) if result.info.event else None
    weather, media = session_extras(store, result.info.key)
    race = result.table.race
    rows = [row_view(row, race, classes) for row in result.table.rows]
    under_caution = caution_laps_by_car(result.session)
    for row in rows:
        row["caution_laps"] = under_caution.get(row["number"], 0)
    periods = track_periods(result.session.laps)
    return {
        **result_json(result, event_zone(store, event).key),
        "race": race,
        "has_laps": bool(result.session.laps),
        "grid_from": result.info.grid_from if race else None,
        "title": f"{result.info.name or kind_word(result.info.kind)}",
        "event_name": event.name if event else None,
        "season": event.season if event else None,
        "time_zone": event_zone(store, event).key,
        "rows": rows,
        "class_colours": {c: class_colour(classes, c) for c in classes},
        "caution_legend": caution_legend(periods),
        "pending": len(result.pending),
        "weather": weather,
        "media": media,
        "audit": load_audit(store.engine, session=result.info.key, limit=50),
        "published_rows": published_rows(store, result),
        "charts": request.app.state.results.through(
            result.stamp,
            ("charts", result.info.key, result.version.number if result.version else None),
            lambda: _charts(result),
        ),
    }

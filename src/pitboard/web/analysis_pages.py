"""A car's lap analysis: every lap with its driver, time, sectors (purple: the best of the
field compared with, green: the car's own best), speed trap, pit in / out, flag at the line and
deleted laps; the car's best lap, ideal lap and drive time per driver; the fastest lap.

`/sessions/{session}/laps/{car}` (HTML) and `.json`; `?best=class` compares with the car's
class instead of the whole field. Everything is computed by `rules.lap_analysis`.
"""

from __future__ import annotations

from enum import Enum
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from pitboard.model import Millis, Session, format_lap_time
from pitboard.rules.lap_analysis import CarAnalysis, FastestLap, LapRow, analyse_car, fastest_lap
from pitboard.web.calendar import kind_word
from pitboard.web.charts import class_colour
from pitboard.web.rendering import render, store_of

router = APIRouter()
JSON: list[str | Enum] = ["pages as JSON"]
HTML: list[str | Enum] = ["pages as HTML"]
Compare = Literal["overall", "class"]
FLAG_WORDS = {
    "yellow": "yellow",
    "fcy": "FCY",
    "safety_car": "SC",
    "red": "red",
    "chequered": "flag",
}
BestQuery = Query("overall", description="purple for the best of the field or of the class")


def analysis_data(request: Request, key: str, car: str, best: Compare) -> dict[str, Any]:
    store = store_of(request)
    session = store.load_session(key)
    entry = session.entries.get(car)
    if entry is None:
        raise HTTPException(404, f"no car {car!r} in session {key!r}")
    info = store.load_session_info(key)
    analysis = analyse_car(session, car, by_class=best == "class")
    return {
        "session": key,
        "title": f"#{car} · {info.name or kind_word(info.kind)}",
        "compare": best,
        "car": {
            "number": car,
            "class": entry.car_class,
            "team": entry.team,
            "vehicle": entry.vehicle,
            "drivers": entry.driver_names,
            "colour": class_colour(session.classes, entry.car_class),
        },
        **_summary(analysis),
        "fastest_lap": _fastest(fastest_lap(session)),
        "class_fastest_lap": _fastest(fastest_lap(session, entry.car_class)),
        "cars": _other_cars(session),
        "laps": [_row(row) for row in analysis.rows],
    }


def _summary(analysis: CarAnalysis) -> dict[str, Any]:
    return {
        "best_lap": analysis.best_lap,
        "best_sectors_ms": list(analysis.best_sectors),
        "best_sectors_text": [_text(time) for time in analysis.best_sectors],
        "ideal_lap_ms": analysis.ideal_lap,
        "ideal_lap_text": _text(analysis.ideal_lap),
        "top_speed_kph": str(analysis.top_speed) if analysis.top_speed is not None else None,
        "drive_times": [
            {"driver": driver, "time_ms": time, "time_text": _text(time)}
            for driver, time in analysis.drive_times.items()
        ],
        "sector_count": len(analysis.best_sectors),
    }


def _row(row: LapRow) -> dict[str, Any]:
    return {
        "number": row.number,
        "driver": row.driver,
        "time_ms": row.time,
        "time_text": _text(row.time),
        "mark": row.time_mark.value,
        "sectors": [
            {"ms": time, "text": _text(time), "mark": mark.value}
            for time, mark in zip(row.sectors, row.sector_marks, strict=True)
        ],
        "top_speed_kph": str(row.top_speed) if row.top_speed is not None else None,
        "pit_in": row.pit_in,
        "pit_out": row.pit_out,
        "pit_time_ms": row.pit_time,
        "pit_time_text": _text(row.pit_time),
        "flag": row.flag.value if row.flag else None,
        "valid": row.valid,
        "best": row.best,
    }


def _fastest(lap: FastestLap | None) -> dict[str, Any] | None:
    if lap is None:
        return None
    return {
        "car": lap.car,
        "class": lap.car_class,
        "lap": lap.lap,
        "driver": lap.driver,
        "time_ms": lap.time,
        "time_text": _text(lap.time),
    }


def _other_cars(session: Session) -> list[str]:
    return [number for number, laps in session.laps_by_car().items() if laps]


def _text(time: Millis | None) -> str:
    return format_lap_time(time) if time is not None else ""


@router.get(
    "/sessions/{session}/laps/{car}.json",
    tags=JSON,
    summary="A car's lap analysis",
    response_model=dict[str, Any],
)
def analysis_json(session: str, car: str, request: Request, best: Compare = BestQuery) -> Response:
    return JSONResponse(analysis_data(request, session, car, best))


@router.get("/sessions/{session}/laps/{car}", response_class=HTMLResponse, tags=HTML)
def analysis_page(session: str, car: str, request: Request, best: Compare = BestQuery) -> Response:
    context = {**analysis_data(request, session, car, best), "flag_words": FLAG_WORDS}
    return render(request, "lap_analysis.html", context)

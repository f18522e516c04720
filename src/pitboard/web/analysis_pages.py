"""A car's lap analysis, and a session's rule-compliance breaches.

The lap analysis: every lap with its driver, time, sectors (purple: the best of the
field compared with, green: the car's own best), speed trap, pit in / out, flag at the line and
deleted laps; the car's best lap, ideal lap and drive time per driver; the fastest lap.

`/sessions/{session}/laps/{car}` (HTML) and `.json`; `?best=class` compares with the car's
class instead of the whole field. Everything is computed by `rules.lap_analysis`.
"""

from __future__ import annotations

from decimal import Decimal
from enum import Enum
from typing import Any, Literal

from fastapi import APIRouter, HTTPException, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from pitboard.model import Millis, PenaltyKind, RulesError, Session, format_lap_time
from pitboard.rules.compliance import (
    Breach,
    Check,
    ComplianceRules,
    check,
    describe_laps,
    proposed_penalty,
    with_pit_window,
)
from pitboard.rules.lap_analysis import CarAnalysis, FastestLap, LapRow, analyse_car, fastest_lap
from pitboard.rules.rulesets.compliance import load_compliance
from pitboard.rules.track_status import (
    TrackPeriod,
    caution_laps,
    caution_laps_by_car,
    track_periods,
)
from pitboard.store import Store
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
    "code_60": "Code 60",
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
        "caution_laps": caution_laps(session.laps_by_car().get(car, [])),
        "track_periods": [period_json(p) for p in track_periods(session.laps) if p.caution],
        "laps": [_row(row) for row in analysis.rows],
    }


def period_json(period: TrackPeriod) -> dict[str, Any]:
    return {
        "flag": period.flag.value,
        "start_ms": period.start,
        "end_ms": period.end,
        "race_laps": list(period.race_laps),
    }


def track_status_json(session: Session) -> dict[str, Any]:
    """A session's caution periods and each car's laps under caution (rules.track_status)."""
    return {
        "cautions": [period_json(p) for p in track_periods(session.laps) if p.caution],
        "caution_laps": caution_laps_by_car(session),
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


RulesetQuery = Query(
    None, description="the ruleset whose [compliance] rules apply (the season's by default)"
)


def compliance_data(request: Request, key: str, ruleset: str | None) -> dict[str, Any]:
    store = store_of(request)
    session = store.load_session(key)
    info = store.load_session_info(key)
    ruleset = ruleset or _season_ruleset(store, info.event)
    try:
        rules = load_compliance(ruleset)
    except RulesError as error:
        raise HTTPException(404, str(error)) from None
    if info.pit_window is not None:
        rules = with_pit_window(rules, info.pit_window)
    return {
        "session": key,
        "title": f"Compliance · {info.name or kind_word(info.kind)}",
        "ruleset": ruleset,
        "rules": _rules_text(rules),
        "breaches": [_breach(session, breach) for breach in check(session, rules)],
    }


def _season_ruleset(store: Store, event: str | None) -> str:
    """The ruleset of the session's season; `default` outside a season or when it names none."""
    if event is None:
        return "default"
    return store.load_season(store.load_event(event).season).ruleset or "default"


def _rules_text(rules: ComplianceRules) -> list[str]:
    """The rules applied, one line each, as a reader checks them."""
    lines = []
    for name, value in (
        ("minimum drive time", rules.min_drive_time),
        ("maximum drive time", rules.max_drive_time),
        ("minimum pit-lane time of a mandatory stop", rules.min_pit_time),
        ("maximum stint", rules.max_stint),
    ):
        if value is not None:
            lines.append(f"{name}: {_text(value)}")
    if rules.max_drive_in_period is not None:
        limit, period = rules.max_drive_in_period
        lines.append(f"maximum drive time: {_text(limit)} in any {_text(period)}")
    if rules.mandatory_stops:
        change = " with a driver change" if rules.stop_needs_driver_change else ""
        window = ""
        if rules.pit_window is not None:
            window = f", in-lap ending {_text(rules.pit_window[0])}–{_text(rules.pit_window[1])}"
        lines.append(f"mandatory stops: {rules.mandatory_stops}{change}{window}")
    return lines


def _breach(session: Session, breach: Breach) -> dict[str, Any]:
    entry = session.entries.get(breach.car)
    return {
        "car": breach.car,
        "class": entry.car_class if entry else "",
        "check": breach.check.value,
        "driver": breach.driver,
        "laps": list(breach.laps),
        "laps_text": describe_laps(breach.laps),
        "measured": breach.measured,
        "limit": breach.limit,
        "unit": "stops" if breach.check is Check.MANDATORY_STOPS else "ms",
        "message": breach.message,
        "proposed": _proposed(breach),
    }


def _proposed(breach: Breach) -> dict[str, Any]:
    """The penalty offered for the breach, as the fields of the race-control decision form."""
    penalty = proposed_penalty(breach)
    seconds = str(Decimal(penalty.millis) / 1000) if penalty.kind is PenaltyKind.TIME else ""
    words = f"{seconds} s time penalty" if seconds else "disqualification"
    return {"kind": penalty.kind.value, "seconds": seconds, "reason": penalty.reason, "text": words}


@router.get(
    "/sessions/{session}/compliance.json",
    tags=JSON,
    summary="A session's breaches of the sporting rules",
    response_model=dict[str, Any],
)
def compliance_json(session: str, request: Request, ruleset: str | None = RulesetQuery) -> Response:
    return JSONResponse(compliance_data(request, session, ruleset))


@router.get("/sessions/{session}/compliance", response_class=HTMLResponse, tags=HTML)
def compliance_page(session: str, request: Request, ruleset: str | None = RulesetQuery) -> Response:
    return render(request, "compliance.html", compliance_data(request, session, ruleset))

"""Public pages of a season: the seasons list, the calendar (+ ICS), standings, events, drivers
and teams. Each page is a data builder (JSON-ready dict) shown at `/x` as HTML and `/x.json`."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from pitboard.formats.results_json import row_to_dict
from pitboard.reports.i18n import Language
from pitboard.reports.standings import SeasonStandings, season_standings
from pitboard.rules.results_table import ResultRow
from pitboard.store import NotFound, Store
from pitboard.web.calendar import (
    Round,
    ScheduledSession,
    countdown,
    kind_word,
    load_rounds,
    load_seasons,
    next_round,
    next_session,
    season_over,
    weeks_until,
    write_ics,
)
from pitboard.web.page_cache import cached_page
from pitboard.web.permutations import permutations_json
from pitboard.web.rendering import HTML, JSON, local_time, render, store_of
from pitboard.web.results import load_result
from pitboard.web.standings import standings_json as standings_table_json

router = APIRouter()


def _now(request: Request) -> datetime:
    now: datetime = request.app.state.clock()
    return now


def home_data(store: Store) -> dict[str, Any]:
    return {
        "seasons": [
            {"key": s.key, "name": s.name, "year": s.year, "series": s.series}
            for s in load_seasons(store)
        ]
    }


def _session_json(
    store: Store, scheduled: ScheduledSession, day: date | None = None
) -> dict[str, Any]:
    """A session of the calendar; without a start time, `day` (the event's date) is shown."""
    info = scheduled.info
    history = store.load_result_history(info.key)
    if scheduled.start:
        day = scheduled.start.date()
    return {
        "key": info.key,
        "name": info.name or kind_word(info.kind),
        "kind": info.kind.value,
        "start": scheduled.start.isoformat() if scheduled.start else None,
        "start_local": local_time(scheduled.start),
        "day": day.strftime("%a %d %b") if day else "TBC",
        "time": scheduled.start.strftime("%H:%M") if scheduled.start else "",
        "has_laps": scheduled.has_laps,
        "state": history[-1].state.value if history else None,
    }


def _round_json(store: Store, round_: Round) -> dict[str, Any]:
    event, circuit = round_.event, round_.circuit
    zone = round_.zone
    sample = next((s.start for s in round_.sessions if s.start), None)
    one_day = event.start if event.start and event.start == event.end else None
    return {
        "round": event.round,
        "key": event.key,
        "name": event.name,
        "circuit": circuit.name if circuit else None,
        "country": circuit.country if circuit else None,
        "time_zone": zone.key,
        "time_zone_abbreviation": sample.strftime("%Z") if sample else zone.key,
        "start": event.start.isoformat() if event.start else None,
        "end": event.end.isoformat() if event.end else None,
        "sessions": [_session_json(store, s, one_day) for s in round_.sessions],
    }


def season_data(store: Store, key: str, now: datetime) -> dict[str, Any]:
    season = store.load_season(key)
    rounds = load_rounds(store, key)
    found = next_session(rounds, now)
    upcoming = None
    if found:
        round_, scheduled = found
        upcoming = {
            "key": scheduled.key,
            "name": f"{round_.event.name}: {scheduled.info.name or kind_word(scheduled.info.kind)}",
            "start": scheduled.start.isoformat() if scheduled.start else None,
            "start_local": local_time(scheduled.start),
            "countdown": countdown(scheduled.start, now) if scheduled.start else None,
        }
    coming = next_round(rounds, now.date())
    shown = [_round_json(store, r) for r in rounds]
    return {
        "season": {"key": season.key, "name": season.name, "year": season.year},
        "now": now.isoformat(),
        "rounds": shown,
        "latest_result": _latest_result(shown),
        "next_session": upcoming,
        "over": season_over(rounds, now),
        "next_round": {
            "key": coming.event.key,
            "name": coming.event.name,
            "text": weeks_until(coming.first_day, now.date()) if coming.first_day else "",
        }
        if coming
        else None,
    }


def _latest_result(rounds: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The last session of the season with a published result (the way in for a visitor)."""
    published = [
        {"event": r["name"], "event_key": r["key"], "round": r["round"], **s}
        for r in rounds
        for s in r["sessions"]
        if s["state"]
    ]
    if not published:
        return None
    last = published[-1]
    return {k: last[k] for k in ("event", "event_key", "round", "key", "name", "state")}


@router.get("/index.json", tags=JSON, summary="Seasons")
def home_json(request: Request) -> dict[str, Any]:
    return home_data(store_of(request))


@router.get("/", response_class=HTMLResponse, tags=HTML, summary="Seasons")
def home_page(request: Request) -> HTMLResponse:
    return render(request, "home.html", home_data(store_of(request)))


@router.get("/seasons/{season}.json", tags=JSON, summary="Season calendar")
def season_json(season: str, request: Request) -> dict[str, Any]:
    return season_data(store_of(request), season, _now(request))


@router.get("/seasons/{season}/calendar.ics", tags=JSON, summary="Every session as iCalendar")
def season_ics(season: str, request: Request) -> Response:
    store = store_of(request)
    record = store.load_season(season)
    body = write_ics(record, load_rounds(store, season), str(request.base_url))
    headers = {"Content-Disposition": f'attachment; filename="{season}.ics"'}
    return Response(body, media_type="text/calendar; charset=utf-8", headers=headers)


@router.get(
    "/seasons/{season}/standings.json",
    tags=JSON,
    summary="Standings per class",
    response_model=dict[str, Any],
)
def standings_json(season: str, request: Request) -> Response:
    return cached_page(request, lambda: JSONResponse(standings_data(request, season)))


@router.get("/seasons/{season}/standings", response_class=HTMLResponse, tags=HTML)
def standings_page(season: str, request: Request) -> Response:
    def make() -> Response:
        return render(request, "standings.html", standings_data(request, season))

    return cached_page(request, make)


@router.get("/seasons/{season}/drivers/{name}.json", tags=JSON, summary="A driver's season")
def driver_json(season: str, name: str, request: Request) -> dict[str, Any]:
    return person_data(request, season, name, teams=False)


@router.get("/seasons/{season}/drivers/{name}", response_class=HTMLResponse, tags=HTML)
def driver_page(season: str, name: str, request: Request) -> HTMLResponse:
    return render(request, "person.html", person_data(request, season, name, teams=False))


@router.get("/seasons/{season}/teams/{name}.json", tags=JSON, summary="A team's season")
def team_json(season: str, name: str, request: Request) -> dict[str, Any]:
    return person_data(request, season, name, teams=True)


@router.get("/seasons/{season}/teams/{name}", response_class=HTMLResponse, tags=HTML)
def team_page(season: str, name: str, request: Request) -> HTMLResponse:
    return render(request, "person.html", person_data(request, season, name, teams=True))


@router.get("/seasons/{season}", response_class=HTMLResponse, tags=HTML, summary="Calendar")
def season_page(season: str, request: Request) -> HTMLResponse:
    return render(request, "season.html", season_data(store_of(request), season, _now(request)))


def standings_of(request: Request, key: str) -> SeasonStandings:
    """The season's standings, each race classified through the site's result cache."""
    store = store_of(request)
    cache = request.app.state.results
    return season_standings(
        store, key, lambda session: load_result(store, session, cache=cache).classification
    )


def standings_data(request: Request, key: str) -> dict[str, Any]:
    found = standings_of(request, key)
    return {**standings_table_json(found), "permutations": permutations_json(found)}


def person_data(request: Request, season_key: str, name: str, *, teams: bool) -> dict[str, Any]:
    """Every published race result of a driver (or a team) in the season, and their standings."""
    store = store_of(request)
    season = store.load_season(season_key)
    found = standings_of(request, season_key)
    results = []
    for race in found.races:
        result = load_result(store, race.session, cache=request.app.state.results)
        for row in result.table.rows:
            mine = row.entry.team == name if teams else name in row.entry.driver_names
            if mine:
                results.append(_person_row(race, result.info.event, row))
    english = Language("en")
    standing = [
        {
            "class": t["class"],
            "position": r["position"],
            "rank": r["rank"],
            "ordinal": english.ordinal(r["position"]),
            "points": r["points"],
        }
        for t in standings_table_json(found)["tables"]
        if t["of"] == ("teams" if teams else "drivers")
        for r in t["crews"]
        if name in r["names"]
    ]
    if not results and not standing:
        raise NotFound(f"no {'team' if teams else 'driver'} {name!r} in season {season_key!r}")
    return {
        "season": {"key": season.key, "name": season.name, "year": season.year},
        "name": name,
        "of": "team" if teams else "driver",
        "standings": standing,
        "results": results,
    }


def _person_row(race: Any, event: str | None, row: ResultRow) -> dict[str, Any]:
    """The car's result row (as `/sessions/{id}.json` gives it) and where the race is."""
    report = f"/events/{event}/reports/{row.number}"
    return {
        "race": race.label,
        "session": race.session,
        "event": event,
        "report": {"en": f"{report}/en", "sv": f"{report}/sv"},
        **row_to_dict(row),
    }

"""A session's entry list and a race's starting grid, as pages and JSON.

`/sessions/{key}/entries` lists the cars entered (the session's own list, else its event's or
season's); `/sessions/{key}/grid` the starting grid of a race from the qualifying linked to it,
with the grid penalties (places dropped, pit-lane starts) race control recorded — the grid
`pitboard grid show` prints. A race without a linked qualifying has no grid (404 naming why).
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from pitboard.formats.grid_json import entry_to_dict, grid_slot_to_dict
from pitboard.model import format_lap_time
from pitboard.store import StoreError
from pitboard.web.calendar import kind_word
from pitboard.web.charts import class_colour
from pitboard.web.rendering import HTML, JSON, render, store_of

router = APIRouter()


def _classes(rows: list[dict[str, Any]]) -> list[str]:
    return list(dict.fromkeys(str(row["class"]) for row in rows))


def entries_data(request: Request, key: str) -> dict[str, Any]:
    store = store_of(request)
    info = store.load_session_info(key)
    rows = [entry_to_dict(entry) for entry in store.load_entry_list(key)]
    classes = _classes(rows)
    for row in rows:
        row["colour"] = class_colour(classes, row["class"])
    return {
        "session": key,
        "title": f"Entry list · {info.name or kind_word(info.kind)}",
        "classes": classes,
        "entries": rows,
    }


def grid_data(request: Request, key: str) -> dict[str, Any]:
    store = store_of(request)
    info = store.load_session_info(key)
    try:
        slots = store.load_grid(key)
    except StoreError as error:
        raise HTTPException(404, str(error)) from None
    rows = [grid_slot_to_dict(slot) for slot in slots]
    classes = _classes(rows)
    for row in rows:
        row["colour"] = class_colour(classes, row["class"])
        row["time_text"] = format_lap_time(row["time_ms"]) if row["time_ms"] is not None else ""
    return {
        "session": key,
        "title": f"Starting grid · {info.name or kind_word(info.kind)}",
        "grid_from": info.grid_from,
        "grid": rows,
    }


@router.get(
    "/sessions/{session}/entries.json",
    tags=JSON,
    summary="A session's entry list",
    response_model=dict[str, Any],
)
def entries_json(session: str, request: Request) -> Response:
    return JSONResponse(entries_data(request, session))


@router.get("/sessions/{session}/entries", response_class=HTMLResponse, tags=HTML)
def entries_page(session: str, request: Request) -> Response:
    return render(request, "entries.html", entries_data(request, session))


@router.get(
    "/sessions/{session}/grid.json",
    tags=JSON,
    summary="A race's starting grid",
    response_model=dict[str, Any],
)
def grid_json(session: str, request: Request) -> Response:
    return JSONResponse(grid_data(request, session))


@router.get("/sessions/{session}/grid", response_class=HTMLResponse, tags=HTML)
def grid_page(session: str, request: Request) -> Response:
    return render(request, "grid.html", grid_data(request, session))

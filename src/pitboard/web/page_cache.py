"""Whole public pages kept per store state: a results page is rendered once after each change to
the store (laps, entries, decisions, versions, journal, audit log), then served from memory.

Only for visitors who are not logged in (a logged-in user's page carries their name and CSRF
token); only answers 200; keyed by path and the `version` query parameter (other parameters do
not change these pages, and must not grow the cache)."""

from __future__ import annotations

from collections.abc import Callable

from fastapi import Request
from fastapi.responses import Response

from pitboard.web.results import ResultCache, store_stamp

KEPT_PARAMETERS = ("version",)
DROPPED_HEADERS = {"set-cookie", "content-length"}


def cached_page(request: Request, make: Callable[[], Response]) -> Response:
    """The page `make()` renders, from memory when the store has not changed since."""
    if getattr(request.state, "user", None) is not None:
        return make()
    cache: ResultCache = request.app.state.results
    stamp = store_stamp(request.app.state.store)
    key = ("page", request.url.path, *(request.query_params.get(p) for p in KEPT_PARAMETERS))
    found = cache.get(stamp, key)
    if found is None:
        response = make()
        if response.status_code != 200:
            return response
        headers = {k: v for k, v in response.headers.items() if k not in DROPPED_HEADERS}
        found = (bytes(response.body), headers)
        cache.put(stamp, key, found)
        return response
    body, headers = found
    return Response(body, headers=headers)

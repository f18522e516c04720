"""Live timing over HTTP: write inputs (token), read the tower, stream its changes (public).

    POST /api/v1/sessions/{id}/passings   a JSON array of passings            (bearer token)
    POST /api/v1/sessions/{id}/inputs     a JSON array of any live inputs     (bearer token)
    POST /api/v1/sessions/{id}/flags      {"flag": "fcy", "timestamp_us": ...} (bearer token)
    GET  /api/v1/sessions/{id}/live       the tower now (JSON)
    WS   /api/v1/sessions/{id}/live       a snapshot, then the changes as they happen

A bad record gets 422 naming its index, field and value; the good records of the same array are
ingested all the same (and the bad ones journaled as feed errors). The process that serves these
writes is the session's one writer (`pitboard ingest`, or the web app itself). A viewer process
(`pitboard.live.relay.follow`: the writer's stream through Redis or NATS) serves the GET and the
WebSocket from what it follows and refuses writes with 409.
"""

from __future__ import annotations

import asyncio
import inspect
import json
import secrets
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import APIRouter, HTTPException, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from pitboard.live.fanout import LiveSource, Viewer
from pitboard.live.ingest import Ingest, LiveHub, SessionFinished, WriterBusy
from pitboard.live.inputs import input_from_json, input_id
from pitboard.live.relay import Follower
from pitboard.model import FormatError
from pitboard.model.passing import FlagChange, LiveInput
from pitboard.store import NotFound
from pitboard.web.frames import EXTENSION, FrameFanout, FrameSocket, fanout_of
from pitboard.web.limits import MAX_BATCH

router = APIRouter(prefix="/api/v1/sessions/{session}", tags=["live timing"])


def hub_of(app: Any) -> LiveHub | Follower:
    """The process's live sessions: its own (it is the writer) or followed (`live.relay`)."""
    hub = getattr(app.state, "live", None)
    if hub is None:
        hub = app.state.live = LiveHub(app.state.store)
    assert isinstance(hub, LiveHub | Follower)
    return hub


def _source(app: Any, session: str) -> LiveSource:
    try:
        return hub_of(app).get(session)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None


def _ingest(app: Any, session: str) -> Ingest:
    """The session to write to: this process takes the writer role (a read never does)."""
    hub = hub_of(app)
    if not isinstance(hub, LiveHub):
        raise HTTPException(409, "this process follows the writer: send writes to the writer")
    try:
        return hub.writer(session)
    except NotFound as error:
        raise HTTPException(404, str(error)) from None
    except WriterBusy as error:
        raise HTTPException(409, f"{error}: send writes to it") from None
    except SessionFinished as error:
        raise HTTPException(409, str(error)) from None


def _require_writer(request: Request) -> None:
    """The process's live token when it has one (`pitboard ingest --token`), else a user's."""
    token = getattr(request.app.state, "live_token", None)
    if token is None:
        from pitboard.web.security import bearer_user, require_writer

        require_writer(bearer_user(request), api=True)
        return
    check_token(token, request.headers.get("authorization", ""))


def check_token(token: str, authorization: str) -> None:
    """401 unless `authorization` (the header, as text) is `Bearer <token>`."""
    scheme, _, given = authorization.partition(" ")
    # bytes: compare_digest refuses text with non-ASCII characters (a header is latin-1)
    if scheme.lower() != "bearer" or not secrets.compare_digest(
        given.strip().encode("latin-1"), token.encode()
    ):
        raise HTTPException(
            401, "send Authorization: Bearer <token> to write", {"WWW-Authenticate": "Bearer"}
        )


def parse_json(body: bytes) -> Any:
    try:
        return json.loads(body)
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise HTTPException(422, "the body is not JSON (UTF-8, not nested too deep)") from None


def parse_records(body: bytes) -> list[Any]:
    """A write's body: a JSON array of at most `MAX_BATCH` records."""
    records = parse_json(body)
    if not isinstance(records, list):
        raise HTTPException(422, f"expected a JSON array, got {type(records).__name__}")
    if len(records) > MAX_BATCH:
        raise HTTPException(413, f"at most {MAX_BATCH} records a request, got {len(records)}")
    return records


Answer = tuple[int, dict[str, Any]]  # the status and the JSON body of a write's response


async def write_records(app: Any, session: str, body: bytes, name: str, kind: str | None) -> Answer:
    """A write of records (`name`: passings or inputs; `kind`: the one kind they must be) once
    its writer is known: parsed, checked, journaled, applied. The FastAPI routes and the lean
    path (`LivePosts`) both answer with this."""
    records = parse_records(body)
    return await _ingest_records(_ingest(app, session), records, name, kind)


async def _ingest_records(
    ingest: Ingest, records: list[Any], name: str, kind: str | None
) -> Answer:
    parsed: list[tuple[str, LiveInput]] = []
    ids: dict[int, str | None] = {}  # id(input) -> the client's id of it
    errors: list[FormatError] = []
    for index, record in enumerate(records):
        where = f"{name}[{index}]"
        try:
            item = input_from_json(record, where, kind)
            ids[id(item)] = input_id(record, where)
        except FormatError as error:
            errors.append(error)
            continue
        parsed.append((where, item))
    good, refused = ingest.live.admit(parsed)
    if errors := [*errors, *refused]:
        first = min(errors, key=lambda error: _index_of(str(error)))
        ingest.report(f"POST {name}", str(first), str(first.value or ""), len(errors))
    if good:  # journaled with the other requests of this moment, in one commit
        await ingest.submit_soon(good, [ids[id(item)] for item in good])
    if errors:
        texts = sorted((str(error) for error in errors), key=_index_of)
        message = f"{len(errors)} of {len(records)} records refused: {texts[0]}"
        body = {"error": {"status": 422, "message": message, "errors": texts}}
        return 422, {**body, "accepted": len(good)}
    return 200, {"accepted": len(good)}


def _index_of(text: str) -> int:
    """The record index in `name[index].field: ...` (the errors in the order of the records)."""
    head = text.partition("]")[0].rpartition("[")[2]
    return int(head) if head.isdigit() else 0


# what a write of records is called in errors, and the one kind its records must be
WRITES: dict[str, tuple[str, str | None]] = {
    "passings": ("passings", "passing"),
    "inputs": ("inputs", None),
}


@router.post("/passings", summary="Add decoder passings (a JSON array)")
async def post_passings(session: str, request: Request) -> JSONResponse:
    _require_writer(request)
    body = await request.body()
    status, content = await write_records(request.app, session, body, *WRITES["passings"])
    return JSONResponse(content, status)


@router.post("/inputs", summary="Add any live inputs: passings, flags, start/stop, drivers")
async def post_inputs(session: str, request: Request) -> JSONResponse:
    _require_writer(request)
    body = await request.body()
    status, content = await write_records(request.app, session, body, *WRITES["inputs"])
    return JSONResponse(content, status)


@router.post("/flags", summary="Race control shows a flag (green, yellow, fcy, ...)")
async def post_flag(session: str, request: Request) -> Any:
    _require_writer(request)
    ingest = _ingest(request.app, session)
    body = parse_json(await request.body())
    if not isinstance(body, dict):
        raise HTTPException(422, f"expected a JSON object, got {type(body).__name__}")
    try:
        change = input_from_json({"timestamp_us": ingest.live.now, **body}, "flag", "flag")
        ingest.live.check(change, "flag")  # a flag is journaled only if it can be applied
        client_id = input_id(body, "flag")
    except FormatError as error:
        raise HTTPException(422, str(error)) from None
    assert isinstance(change, FlagChange)
    await ingest.submit_soon([change], [client_id])
    return {
        "flag": change.flag.value,
        "timestamp_us": change.timestamp,
    }


@router.get("/live", summary="The live tower now")
async def get_live(session: str, request: Request) -> Any:
    tower = _source(request.app, session).tower_json()
    if tower is None:
        raise HTTPException(503, "no tower from the writer yet", {"Retry-After": "1"})
    return tower


@router.websocket("/live")
async def stream_live(websocket: WebSocket, session: str) -> None:
    try:
        source = _source(websocket.app, session)
    except HTTPException:
        await websocket.close(code=4404)
        return
    await websocket.accept()
    frames = websocket.scope.get("extensions", {}).get(EXTENSION)
    if frames is not None:  # uvicorn with `FramesWebSocketProtocol`: the fast path
        await _stream_frames(websocket, fanout_of(source.broadcast), frames["socket"])
        return
    viewer = source.broadcast.subscribe()
    try:
        await _stream(websocket, viewer)
    finally:
        source.broadcast.unsubscribe(viewer)


async def _stream_frames(websocket: WebSocket, fanout: FrameFanout, socket: FrameSocket) -> None:
    """The fan-out writes the snapshot and every change; this only waits for the viewer to go."""
    fanout.join(socket)
    try:
        await _until_disconnect(websocket)
    finally:
        fanout.leave(socket)


async def _stream(websocket: WebSocket, viewer: Viewer) -> None:
    """Send the broadcast's messages until the viewer leaves.

    The socket is watched as well as the broadcast: a closed browser, or uvicorn closing every
    socket on shutdown, ends the stream at once instead of at the next message (which after the
    race never comes, and a graceful shutdown would wait for it for ever). Both are watched once
    a connection, not once a message: a message costs a viewer one wake-up and one frame."""
    leaving = asyncio.ensure_future(_until_disconnect(websocket))
    sending = asyncio.ensure_future(_send(websocket, viewer))
    try:
        await asyncio.wait({leaving, sending}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        leaving.cancel()
        sending.cancel()
    if sending.done() and not sending.cancelled():
        error = sending.exception()
        if error is not None and not isinstance(error, WebSocketDisconnect | OSError):
            raise error


async def _send(websocket: WebSocket, viewer: Viewer) -> None:
    while True:
        await websocket.send_text(await viewer.next())


async def _until_disconnect(websocket: WebSocket) -> None:
    """Read (and ignore) what the viewer sends until it goes."""
    while (await websocket.receive())["type"] != "websocket.disconnect":
        pass


# -- the lean path: the writes of records without FastAPI's routing ------------------------------

Write = Callable[[Any, str, bytes, str, str | None], Awaitable[Answer]]


class LivePosts:
    """ASGI: `POST /api/v1/sessions/{session}/passings` (and `/inputs`) answered here, every
    other request by `app` (FastAPI). One passing a POST is what decoders and bridges send, and
    FastAPI's routing, dependency solving and exception middleware cost more than the write's
    own work on the server (`bench/ingest.py`: about 110 µs of CPU a POST to a no-op FastAPI
    route, 45 µs to the same no-op here). Here a write costs the token check (`check_token`),
    the body and `write` (`write_records`, which the FastAPI routes answer with too), and the
    answer's two ASGI messages (`_send_json`: what `JSONResponse` sends, not made). Errors
    are the app's own answers: an `HTTPException` goes through the app's exception handler, as
    in FastAPI. Only with a live token (`pitboard ingest --token`): a user's token (`pitboard
    serve`) takes FastAPI's path."""

    def __init__(self, app: Any, write: Write | None = None) -> None:
        self.app, self.write = app, write or write_records  # looked up now: bench/trace_writer

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        route = self._route(scope)
        if route is None:
            await self.app(scope, receive, send)
            return
        session, (name, kind), token = route
        try:
            check_token(token, _header(scope, b"authorization"))
            body = await _body(receive)
            if body is None:  # the client went
                return
            status, content = await self.write(self.app, session, body, name, kind)
        except StarletteHTTPException as error:  # BodyLimit's 413 is Starlette's
            response = await self._error(scope, receive, error)
            await response(scope, receive, send)
            return
        await _send_json(send, status, content)

    def _route(self, scope: dict[str, Any]) -> tuple[str, tuple[str, str | None], str] | None:
        """The session, the write and the live token of a write this path answers, else None."""
        if scope["type"] != "http" or scope["method"] != "POST" or scope.get("root_path"):
            return None
        token = getattr(self.app.state, "live_token", None)
        parts = scope["path"].split("/")
        if token is None or len(parts) != 6 or parts[:4] != ["", "api", "v1", "sessions"]:
            return None
        write = WRITES.get(parts[5])
        return None if write is None or not parts[4] else (parts[4], write, token)

    async def _error(
        self, scope: dict[str, Any], receive: Any, error: StarletteHTTPException
    ) -> Response:
        """The app's answer to `error`: its handler for the status, else for the class, looked
        up as Starlette does (a handler for 500 is for server errors, not for an HTTPException)."""
        handlers = self.app.exception_handlers
        handler: Any = handlers.get(error.status_code) if error.status_code != 500 else None
        for cls in type(error).__mro__:
            handler = handler or handlers.get(cls)
        answer = handler(Request(scope, receive), error)
        return await answer if inspect.isawaitable(answer) else answer  # type: ignore[no-any-return]


# `JSONResponse.render`'s settings: one encoder, not one made by `json.dumps` for each answer
_render = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode


async def _send_json(send: Any, status: int, content: Any) -> None:
    """The two ASGI messages of `JSONResponse(content, status)`, byte for byte, without making
    the response object (its headers, its render): a write's answer is the bulk of them."""
    body = _render(content).encode()
    headers = [(b"content-length", b"%d" % len(body)), (b"content-type", b"application/json")]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def _header(scope: dict[str, Any], name: bytes) -> str:
    """A request header as Starlette gives it (latin-1 text), or ''."""
    for key, value in scope["headers"]:
        if key == name:
            return str(value.decode("latin-1"))
    return ""


async def _body(receive: Any) -> bytes | None:
    """The request's body, or None if the client disconnected before it was all there."""
    chunks: list[bytes] = []
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return None
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            return b"".join(chunks)

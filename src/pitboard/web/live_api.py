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
import secrets
from typing import Any

from fastapi import APIRouter, HTTPException, Request, WebSocket, WebSocketDisconnect
from fastapi.responses import JSONResponse

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
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(given.strip(), token):
        raise HTTPException(
            401, "send Authorization: Bearer <token> to write", {"WWW-Authenticate": "Bearer"}
        )


async def _json(request: Request) -> Any:
    try:
        return await request.json()
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise HTTPException(422, "the body is not JSON (UTF-8, not nested too deep)") from None


async def _records(request: Request) -> list[Any]:
    body = await _json(request)
    if not isinstance(body, list):
        raise HTTPException(422, f"expected a JSON array, got {type(body).__name__}")
    if len(body) > MAX_BATCH:
        raise HTTPException(413, f"at most {MAX_BATCH} records a request, got {len(body)}")
    return body


async def _ingest_records(ingest: Ingest, records: list[Any], name: str, kind: str | None) -> Any:
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
        return JSONResponse({**body, "accepted": len(good)}, status_code=422)
    return {"accepted": len(good)}


async def _viewers_first() -> None:
    """One turn of the event loop before the POST is answered: the update's messages leave
    first. The frame fan-out has written them already (`Broadcast.flush`); the relay's
    publisher (`live.relay.Publisher`, a task) puts them on the bus in this turn, not after
    FastAPI has built and sent the answer."""
    await asyncio.sleep(0)


def _index_of(text: str) -> int:
    """The record index in `name[index].field: ...` (the errors in the order of the records)."""
    head = text.partition("]")[0].rpartition("[")[2]
    return int(head) if head.isdigit() else 0


@router.post("/passings", summary="Add decoder passings (a JSON array)")
async def post_passings(session: str, request: Request) -> Any:
    _require_writer(request)
    records = await _records(request)
    answer = await _ingest_records(_ingest(request.app, session), records, "passings", "passing")
    await _viewers_first()
    return answer


@router.post("/inputs", summary="Add any live inputs: passings, flags, start/stop, drivers")
async def post_inputs(session: str, request: Request) -> Any:
    _require_writer(request)
    records = await _records(request)
    answer = await _ingest_records(_ingest(request.app, session), records, "inputs", None)
    await _viewers_first()
    return answer


@router.post("/flags", summary="Race control shows a flag (green, yellow, fcy, ...)")
async def post_flag(session: str, request: Request) -> Any:
    _require_writer(request)
    ingest = _ingest(request.app, session)
    body = await _json(request)
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
    await _viewers_first()
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

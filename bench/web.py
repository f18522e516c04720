"""Results page under 100 concurrent readers, next to a static file from the same server.

A real uvicorn process on 127.0.0.1 serves the demo season (SQLite file); 100 concurrent
clients (httpx, asyncio) each read the page a bounded number of times. Printed: p50 and p99 of
the results page (HTML and JSON) and of the static stylesheet, and the ratio of the p99s, all
measured in the same run. No figure is asserted anywhere.

    .venv/bin/python bench/web.py [--readers 100] [--requests 2000]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from pitboard.cli.serve import load_demo
from pitboard.store import open_store

RESULTS = "/sessions/gt4-europe-2023-misano-race2"
STATIC = "/static/site.css"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _start_server(db: Path, port: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "PITBOARD_DB": str(db), "PITBOARD_SECRET": "bench"}
    command = [
        sys.executable, "-m", "uvicorn", "--factory", "pitboard.web.app:create_app",
        "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
    ]  # fmt: skip
    server = subprocess.Popen(command, env=env)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}/index.json", timeout=1).status_code == 200:
                return server
        except httpx.TransportError:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("bench/web.py: the server did not start")


class Connection:
    """One keep-alive HTTP/1.1 connection with a bare-bones reader: the client must stay light,
    or the benchmark measures the client (httpx at 100 connections costs more than uvicorn)."""

    def __init__(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.reader, self.writer = reader, writer

    @classmethod
    async def open(cls, port: int) -> Connection:
        return cls(*await asyncio.open_connection("127.0.0.1", port))

    async def get(self, path: str) -> int:
        self.writer.write(f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
        head = await self.reader.readuntil(b"\r\n\r\n")
        status = int(head.split(b" ", 2)[1])
        length = 0
        for line in head.split(b"\r\n"):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return status


async def _reader(connection: Connection, path: str, count: int, times: list[float]) -> None:
    for _ in range(count):
        started = time.perf_counter()
        status = await connection.get(path)
        times.append(time.perf_counter() - started)
        if status != 200:
            raise SystemExit(f"bench/web.py: {path} answered {status}")


async def _measure(port: int, path: str, readers: int, requests: int) -> tuple[list[float], float]:
    connections = [await Connection.open(port) for _ in range(readers)]
    warm: list[float] = []  # templates compiled, caches filled
    await asyncio.gather(*(_reader(c, path, 1, warm) for c in connections))
    times: list[float] = []
    started = time.perf_counter()
    per_reader = max(1, requests // readers)
    await asyncio.gather(*(_reader(c, path, per_reader, times) for c in connections))
    wall = time.perf_counter() - started
    for connection in connections:
        connection.writer.close()
    return times, wall


def _percentile(times: list[float], share: float) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1000


def _write_docs(rows: dict[str, tuple[float, float, float]], readers: int, requests: int) -> None:
    """The `bench:web` block of docs/benchmarks.md: each page beside the static file."""
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script
    from bench.docs_block import write_block

    static_p99 = rows["static file (site.css)"][1]
    lines = [
        f"{readers} concurrent keep-alive readers, {requests:,} requests a page, one uvicorn.",
        "",
        "| page | p50 | p99 | req/s | p99 / static file's p99 |",
        "|---|---:|---:|---:|---:|",
    ]
    for label, (p50, p99, rate) in rows.items():
        ratio = p99 / static_p99
        lines.append(f"| {label} | {p50:,.0f} ms | {p99:,.0f} ms | {rate:,.0f} | {ratio:.1f}× |")
    print(f"wrote {write_block('benchmarks.md', 'web', chr(10).join(lines))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--readers", type=int, default=100)
    parser.add_argument("--requests", type=int, default=2000, help="per page, in all")
    parser.add_argument("--docs", action="store_true", help="write docs/benchmarks.md")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp(prefix="pitboard-bench-web-"))
    with open_store(str(folder / "bench.db")) as store:
        load_demo(store)
    port = _free_port()
    server = _start_server(folder / "bench.db", port)
    try:
        print(f"{args.readers} concurrent readers, {args.requests} requests a page, one uvicorn")
        print(f"{'page':<44} {'p50 ms':>8} {'p99 ms':>8} {'req/s':>8}")
        rows = {}
        pages = (
            ("results page (HTML)", RESULTS),
            ("results page (JSON)", RESULTS + ".json"),
            ("static file (site.css)", STATIC),
        )
        for label, path in pages:
            times, wall = asyncio.run(_measure(port, path, args.readers, args.requests))
            rows[label] = (_percentile(times, 0.5), _percentile(times, 0.99), len(times) / wall)
            p50, p99, _ = rows[label]
            print(f"{label + ' ' + path:<44.44} {p50:8.1f} {p99:8.1f} {len(times) / wall:8.0f}")
        static_p99 = rows["static file (site.css)"][1]
        for label in ("results page (HTML)", "results page (JSON)"):
            print(f"p99 {label} / p99 static file: {rows[label][1] / static_p99:.1f}x")
        if args.docs:
            _write_docs(rows, args.readers, args.requests)
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    main()

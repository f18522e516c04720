"""Every ```sh block of README.md and docs/*.md runs, as written, and succeeds: a doc change that
breaks a command fails here.

How each block runs (deliberately, and the same for every block):
- In a fresh folder laid out like the repository's: `../shared/data/real` is the real data
  (`PITBOARD_REAL_DATA`), `.venv` is this Python's environment, `src/pitboard/{reports,locale}`
  are copies (a block may rewrite them). The blocks of one Markdown file run in order in one
  folder, each as one `bash -euo pipefail` script (so `export` and `cd` carry over in a block).
- Long-running servers — a line running `pitboard serve` or `pitboard ingest` (with or without a
  trailing `&`), or `make run` (`pitboard serve --demo` once .venv is made) — are started in
  the background; the script goes on when the server answers HTTP, and every server is stopped
  (SIGINT) when the block ends.
- The ports the docs name (8000, 8001, 8080, 8123, 5403, 50000) become free ports.
- Placeholders become real things: PostgreSQL URLs (`timing@db`, `db.example`) a fresh schema on
  the local server; `/tmp/pitboard-demo-XXXX/demo.db`, `$TOKEN` and port 8000 in a block marked
  `<!-- doc-test: demo-server -->` the store, API token and port of a `pitboard serve --demo`
  that this test starts; `/srv/pitboard/` the block's folder.
- Markers, an HTML comment on the line before a fence: `<!-- doc-test: file NAME -->` writes that
  (non-sh) block to NAME before the file's sh blocks run; `<!-- doc-test: skip: why -->` leaves a
  block out and must say why.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa

from conftest import unavailable

ROOT = Path(__file__).resolve().parent.parent
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
REAL = Path(os.environ.get("PITBOARD_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))
PITBOARD = Path(sys.executable).parent / "pitboard"
POSTGRES = "postgresql+psycopg://root@127.0.0.1:5432/test"
DOC_PORTS = ("8000", "8001", "8080", "8123", "5403", "50000")
PG_PLACEHOLDERS = (
    "postgresql+psycopg://timing@db.example:5432/pitboard",
    "postgresql+psycopg://timing@db/pitboard",
)
SERVER = re.compile(r"^(pitboard (?:serve|ingest)\b.*?)\s*&?\s*$")
FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
MARKER = re.compile(r"<!-- doc-test: (.*?) -->\s*$")

PRELUDE = r"""
set -euo pipefail
servers=()
stop_servers() { for pid in "${servers[@]}"; do kill -INT "$pid" 2>/dev/null || true; done;
                 for pid in "${servers[@]}"; do wait "$pid" 2>/dev/null || true; done; }
trap stop_servers EXIT
doc_server() {  # doc_server PORT COMMAND...: start it, go on once it answers HTTP
  local port=$1; shift
  "$@" > "server-$port.log" 2>&1 &
  servers+=($!)
  until curl -s -o /dev/null "http://127.0.0.1:$port/"; do
    if ! kill -0 "${servers[-1]}" 2>/dev/null; then cat "server-$port.log" >&2; return 1; fi
    sleep 0.2
  done
}
"""


@dataclass(frozen=True)
class Block:
    doc: Path
    line: int
    lang: str
    text: str
    marker: str

    @property
    def name(self) -> str:
        return f"{self.doc.relative_to(ROOT)}:{self.line}"


def _blocks(doc: Path) -> list[Block]:
    text = doc.read_text(encoding="utf-8")
    found = []
    for match in FENCE.finditer(text):
        before = text[: match.start()].rstrip("\n").rsplit("\n", 1)[-1]
        marker = MARKER.search(before)
        line = text[: match.start()].count("\n") + 1
        found.append(Block(doc, line, match.group(1), match.group(2), marker[1] if marker else ""))
    return found


def _shell_blocks() -> list[Block]:
    return [b for doc in DOCS for b in _blocks(doc) if b.lang in ("sh", "bash", "shell")]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@dataclass(frozen=True)
class DemoServer:
    port: int
    database: Path
    token: str


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoServer]:
    """`pitboard serve --demo` as README's quick start runs it (make run)."""
    port = _free_port()
    env = {**os.environ, "TMPDIR": str(tmp_path_factory.mktemp("demo"))}
    command = [str(PITBOARD), "serve", "--demo", "--port", str(port)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, text=True, env=env)
    assert process.stdout is not None
    database, token = "", ""
    for line in process.stdout:  # until it says it serves (or ends)
        if found := re.search(r"into sqlite:///(\S+) \.\.\.", line):
            database = found[1]
        if found := re.search(r"log-in: control / \S+ +\(API token: (\S+)\)", line):
            token = found[1]
        if "serving" in line:
            break
    assert database and token, "serve --demo printed no store or token"
    yield DemoServer(port, Path(database), token)
    process.terminate()
    process.wait(timeout=60)


@pytest.fixture(scope="module")
def postgres_schema() -> Iterator[str]:
    """A fresh schema on the local PostgreSQL server, as a URL."""
    name = f"doc_test_{os.getpid()}"
    engine = sa.create_engine(POSTGRES)
    try:
        with engine.begin() as connection:
            connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
            connection.execute(sa.text(f"CREATE SCHEMA {name}"))
    except sa.exc.OperationalError:
        pytest.skip("no PostgreSQL server at 127.0.0.1:5432")
    yield f"{POSTGRES}?options=-csearch_path%3D{name}"
    with engine.begin() as connection:
        connection.execute(sa.text(f"DROP SCHEMA IF EXISTS {name} CASCADE"))
    engine.dispose()


def _folder(base: Path) -> Path:
    """A folder laid out like the repository's, with ../shared beside it."""
    (base / "shared" / "data").mkdir(parents=True)
    (base / "shared" / "data" / "real").symlink_to(REAL)
    repo = base / "repo"
    (repo / "src" / "pitboard").mkdir(parents=True)
    (repo / ".venv").symlink_to(Path(sys.prefix))
    for part in ("reports", "locale"):
        shutil.copytree(ROOT / "src" / "pitboard" / part, repo / "src" / "pitboard" / part)
    return repo


def _script(block: Block, repo: Path, demo: DemoServer | None, postgres: str) -> str:
    text = block.text
    ports = {port: str(_free_port()) for port in DOC_PORTS}
    if demo is not None:
        ports["8000"] = str(demo.port)
        text = text.replace("/tmp/pitboard-demo-XXXX/demo.db", str(demo.database))
    for placeholder in PG_PLACEHOLDERS:
        text = text.replace(placeholder, postgres)
    text = text.replace("/srv/pitboard/", f"{repo}/")
    for doc_port, port in ports.items():
        text = re.sub(rf"(:|--port |--rmonitor-port ){doc_port}\b", rf"\g<1>{port}", text)
    lines = text.replace("\\\n", " ").splitlines()
    return PRELUDE + "\n".join(_server_line(line, ports) for line in lines) + "\n"


def _server_line(line: str, ports: dict[str, str]) -> str:
    command = line.split(" #", 1)[0].strip()
    if command == "make run":  # the Makefile: install .venv, then this
        command = "pitboard serve --demo"
    found = SERVER.match(command)
    if not found:
        return line
    command = found[1]
    http = re.search(r"--http \S+:(\d+)", command)
    port = re.search(r"--port (\d+)", command)
    if command.startswith("pitboard ingest") and not http:
        command += f" --http 127.0.0.1:{ports['8123']}"
    if command.startswith("pitboard serve") and not port:
        command += f" --port {ports['8000']}"
    listening = re.search(r"--port (\d+)|--http \S+:(\d+)", command)
    assert listening is not None
    return f"doc_server {listening[1] or listening[2]} {command}"


def _write_files(doc: Path, repo: Path) -> None:
    for block in _blocks(doc):
        if block.marker.startswith("file "):
            (repo / block.marker.removeprefix("file ").strip()).write_text(block.text)


DOCS_WITH_SHELL = sorted({b.doc for b in _shell_blocks()})


def test_every_shell_block_is_run_or_says_why_not() -> None:
    blocks = _shell_blocks()
    assert len(blocks) >= 10
    for block in blocks:
        assert block.marker in ("", "demo-server") or block.marker.startswith("skip: "), block
        if block.marker.startswith("skip: "):
            assert len(block.marker) > 20, f"{block.name}: say why it is not run"


@pytest.mark.parametrize("doc", DOCS_WITH_SHELL, ids=lambda d: d.name)
def test_doc_commands_run(
    doc: Path,
    tmp_path: Path,
    demo_server: DemoServer,
    postgres_schema: str,
    request: pytest.FixtureRequest,
) -> None:
    if not REAL.is_dir():
        unavailable(f"no real data at {REAL}")
    repo = _folder(tmp_path)
    _write_files(doc, repo)
    env = {**os.environ, "COLUMNS": "120", "HOME": str(tmp_path), "TMPDIR": str(tmp_path)}
    # the docs' `pitboard` is this environment's (make test runs .venv/bin/pytest, no activate)
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env.get('PATH', '')}"
    env.pop("PITBOARD_DB", None)
    for block in (b for b in _blocks(doc) if b.lang in ("sh", "bash", "shell")):
        if block.marker.startswith("skip: "):
            continue
        demo = demo_server if block.marker == "demo-server" or "XXXX" in block.text else None
        script = _script(block, repo, demo, postgres_schema)
        if demo is not None:
            env["TOKEN"] = demo.token
        result = subprocess.run(
            ["bash", "-c", script],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        assert "Traceback" not in result.stderr, f"{block.name}\n{result.stderr}"
        assert result.returncode == 0, f"{block.name} exited {result.returncode}\n{result.stderr}"

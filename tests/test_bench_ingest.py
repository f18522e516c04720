"""`bench/ingest.py` runs every path it has (in-process, P3 with and without the input key, HTTP)
end to end on a small race: the command `make bench` runs must not break unnoticed when what it
measures changes (it once did: the P3 row's keyless run replaced `input_key` by a function of the
old signature). Small sizes; nothing here is timed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_path_of_the_ingest_bench_runs_and_reports_its_row() -> None:
    command = [
        sys.executable,
        "bench/ingest.py",
        *("--only", "in-process", "--only", "p3", "--only", "http"),
        *("--hours", "1", "--inputs", "2000", "--batch", "100", "--wire", "500"),
    ]
    done = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    rows = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    paths = [row.split(" | ")[0].removeprefix("| ") for row in rows[1:]]  # after the header
    assert paths == [
        "in-process, batches of 100, live subscriber",
        "P3 over TCP, one passing a frame",
        "HTTP, one passing a POST, 62 senders, 1 viewer",
    ]
    assert "input key: best of 3 with it" in done.stdout

"""Whole-process wall time of `pitboard classify --json` against reading the file with `csv`.

Both commands run as fresh processes of the same interpreter (the project's venv), interleaved,
several times each; stdout goes to /dev/null. Prints each median and the ratio of the medians.

    .venv/bin/python bench/classify.py [--runs N] [FILE]

The default file is the largest lap analysis in the real data, Le Mans 2024 (15.6k laps), found
through PITBOARD_REAL_DATA or ../shared/data/real beside the project.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET = 1.5
BASELINE = (
    "import csv, sys\n"
    "with open(sys.argv[1], encoding='utf-8-sig', newline='') as handle:\n"
    "    rows = sum(1 for _ in csv.reader(handle, delimiter=';'))\n"
)


def default_file() -> Path:
    real = Path(os.environ.get("PITBOARD_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))
    return real / "wec" / "2024" / "le_mans_24h.csv"


def wall_time(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True)
    return time.perf_counter() - start


def measure(commands: dict[str, list[str]], runs: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command in commands.values():
        wall_time(command)  # warm the page cache and .pyc files
    for _ in range(runs):
        for name, command in commands.items():
            times[name].append(wall_time(command))
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=default_file())
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    if not args.file.is_file():
        print(f"bench: no lap file at {args.file} (set PITBOARD_REAL_DATA)", file=sys.stderr)
        return 2
    python = sys.executable
    pitboard = str(Path(python).with_name("pitboard"))
    commands = {
        "csv baseline": [python, "-c", BASELINE, str(args.file)],
        "pitboard classify --json": [pitboard, "classify", "--json", str(args.file)],
    }
    times = measure(commands, args.runs)
    medians = {name: statistics.median(values) for name, values in times.items()}
    print(f"file: {args.file} ({args.runs} interleaved runs each, {os.cpu_count()} cores)")
    for name, median in medians.items():
        spread = f"min {min(times[name]) * 1000:.0f} max {max(times[name]) * 1000:.0f}"
        print(f"  {name:<26} median {median * 1000:6.0f} ms  ({spread})")
    ratio = medians["pitboard classify --json"] / medians["csv baseline"]
    verdict = "within" if ratio <= TARGET else "over"
    print(f"  ratio of medians: {ratio:.2f}x ({verdict} the {TARGET}x target)")
    return 0


if __name__ == "__main__":
    sys.exit(main())

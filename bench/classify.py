"""`pitboard classify --json` against reading the same files with `csv`: one process, and a season.

1. Whole process: `pitboard classify --json FILE` and a baseline `python -c` that only reads FILE
   with `csv`, as fresh processes of the same interpreter (the project's venv), interleaved, several
   times each; stdout goes to /dev/null. Prints each median and the ratio of the medians.
   `--before SRC` adds the same console script run on another source tree (PYTHONPATH=SRC, e.g. an
   older commit's `src` from `git archive`), in the same interleaved runs.
2. A season in one process, start-up excluded: every race lap file of a season classified as
   `--json` does it (read, classify, result table, JSON text), beside a `csv.reader` pass over the
   same files in the same process; rounds interleaved, medians and their ratio.

    .venv/bin/python bench/classify.py [--runs N] [--before SRC] [--docs] [FILE]

The default FILE is the largest lap analysis in the real data, Le Mans 2024 (15.6k laps); the
season is IMSA 2021 (every race lap file in the data), both found through PITBOARD_REAL_DATA or
../shared/data/real beside the project. The processes run with bytecode caching on (an installed
package has its `.pyc` files; PYTHONDONTWRITEBYTECODE would recompile pitboard on every run).
Where valgrind is installed, the instructions each process executes are counted too (one run
each): a figure that other load on the machine does not change; and those of each phase of
`pitboard classify --json` (the PHASES script stopped after each phase, the difference).
`--docs` writes the figures into the `classify` block of docs/benchmarks.md.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from itertools import pairwise
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.docs_block import write_block  # noqa: E402

TARGET = 1.5
BASELINE = (
    "import csv, sys\n"
    "with open(sys.argv[1], encoding='utf-8-sig', newline='') as handle:\n"
    "    rows = sum(1 for _ in csv.reader(handle, delimiter=';'))\n"
)
PITBOARD = "pitboard classify --json"
# The phases of `pitboard classify --json FILE` (pitboard.cli.batch), timed inside a fresh process.
# With a second argument N, the process leaves (`os._exit`, as the console script does) once
# N phases are done: what valgrind counts for N less what it counts for N - 1 is phase N.
PHASES = """
import gc, os, sys
gc.disable()  # as the console script runs it
stop = int(sys.argv[2]) if len(sys.argv) > 2 else None
if stop == 0:
    os._exit(0)
import time
def mark(marks, phase):
    marks.append(time.perf_counter())
    if phase == stop:
        os._exit(0)
marks = [time.perf_counter()]
import json
from pitboard.cli import batch
from pitboard.formats.registry import read_session
from pitboard.formats.results_json import classification_to_dict
from pitboard.rules import classify
from pitboard.rules.results_table import results_table
from pitboard.rules.rulesets import load_ruleset
mark(marks, 1)
rules = load_ruleset("default")
session = read_session(sys.argv[1], None, sectors=False)
mark(marks, 2)
classification = classify(session, rules)
mark(marks, 3)
table = results_table(classification, rules, laps=session.laps)
mark(marks, 4)
text = json.dumps(classification_to_dict(table), ensure_ascii=False)
mark(marks, 5)
print(json.dumps([b - a for a, b in zip(marks, marks[1:])]))
"""
PHASE_NAMES = [
    "imports (pitboard.cli.batch, the reader, the rules, the result table, JSON)",
    "reading the lap file (and the ruleset)",
    "classification (`rules.classify`)",
    "result table (class gaps, laps led)",
    "JSON text",
]


def real_data() -> Path:
    return Path(os.environ.get("PITBOARD_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))


def default_file() -> Path:
    return real_data() / "wec" / "2024" / "le_mans_24h.csv"


def season_files() -> list[Path]:
    return sorted((real_data() / "imsa" / "2021").glob("*/*-race-laps.csv"))


def child_env(src: Path | None = None) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    if src is not None:
        env["PYTHONPATH"] = str(src)
    return env


def wall_time(command: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, stdout=subprocess.DEVNULL, check=True, env=env)
    return time.perf_counter() - start


def measure(
    commands: dict[str, tuple[list[str], dict[str, str]]], runs: int
) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    for command, env in commands.values():
        wall_time(command, env)  # warm the page cache and write the .pyc files
    for _ in range(runs):
        for name, (command, env) in commands.items():
            times[name].append(wall_time(command, env))
    return times


def whole_process(file: Path, runs: int, before: Path | None) -> list[str]:
    python = sys.executable
    script = [str(Path(python).with_name("pitboard")), "classify", "--json", str(file)]
    commands = {
        "csv baseline": ([python, "-c", BASELINE, str(file)], child_env()),
        PITBOARD: (script, child_env()),
    }
    if before is not None:
        commands[f"{PITBOARD}, before ({before})"] = (script, child_env(before))
    times = measure(commands, runs)
    medians = {name: statistics.median(values) for name, values in times.items()}
    base = medians["csv baseline"]
    lines = [
        f"Whole process, `{file.name}` ({_laps(file):,} laps), {runs} interleaved runs each:",
        "",
        "| process | median | min–max | ratio to csv |",
        "|---|---|---|---|",
    ]
    for name, median in medians.items():
        low, high = min(times[name]) * 1000, max(times[name]) * 1000
        lines.append(
            f"| {name} | {median * 1000:.0f} ms | {low:.0f}–{high:.0f} | {median / base:.2f}× |"
        )
    ratio = medians[PITBOARD] / base
    verdict = "within" if ratio <= TARGET else "over"
    lines += ["", f"Ratio of medians: **{ratio:.2f}×** ({verdict} the {TARGET}× target)."]
    return lines


def phases(file: Path, runs: int) -> list[str]:
    """Median of each phase over fresh processes (bytecode cached)."""
    command = [sys.executable, "-c", PHASES, str(file)]
    samples = [
        json.loads(subprocess.run(command, capture_output=True, check=True, env=child_env()).stdout)
        for _ in range(runs)
    ]
    counts = _phase_instructions(file) if shutil.which("valgrind") else None
    lines = [
        f"Where a run goes (medians of {runs} fresh processes, timed inside the process; the "
        "rest of the whole-process time is interpreter start-up and exit)"
        + (
            "; instructions of each phase (valgrind: one process stopped after each phase, "
            "the difference; the csv baseline's whole process is in the table above):"
            if counts
            else ":"
        ),
        "",
        "| phase | ms | instructions |" if counts else "| phase | ms |",
        "|---|---|---|" if counts else "|---|---|",
    ]
    for index, name in enumerate(PHASE_NAMES):
        ms = f"{statistics.median(s[index] for s in samples) * 1000:.0f}"
        if counts:
            lines.append(f"| {name} | {ms} | {counts[index + 1] / 1e6:,.0f} M |")
        else:
            lines.append(f"| {name} | {ms} |")
    if counts:
        start = f"{counts[0] / 1e6:,.0f} M"
        lines.append(f"| interpreter start-up (the same in the baseline) | | {start} |")
    return lines


def _phase_instructions(file: Path) -> list[int]:
    """Instructions of start-up, then of each phase: one process stopped after each."""
    totals = [
        _instructions([sys.executable, "-c", PHASES, str(file), str(stop)], child_env())
        for stop in range(len(PHASE_NAMES) + 1)
    ]
    return [totals[0], *(b - a for a, b in pairwise(totals))]


def instructions(file: Path, before: Path | None) -> list[str]:
    """Instructions each process executes (valgrind's cachegrind, no cache simulation): the same
    on a busy machine as on an idle one, where wall times are not. One run each."""
    python = sys.executable
    script = [str(Path(python).with_name("pitboard")), "classify", "--json", str(file)]
    commands = {
        "csv baseline": ([python, "-c", BASELINE, str(file)], child_env()),
        PITBOARD: (script, child_env()),
    }
    if before is not None:
        commands[f"{PITBOARD}, before"] = (script, child_env(before))
    counts = {name: _instructions(command, env) for name, (command, env) in commands.items()}
    base = counts["csv baseline"]
    lines = [
        "Instructions executed by each whole process (`valgrind --tool=cachegrind "
        "--cache-sim=no`, PYTHONHASHSEED=0; unlike wall time, not changed by other load):",
        "",
        "| process | instructions | ratio to csv |",
        "|---|---|---|",
    ]
    for name, count in counts.items():
        lines.append(f"| {name} | {count / 1e6:,.0f} M | {count / base:.2f}× |")
    return lines


def _instructions(command: list[str], env: dict[str, str]) -> int:
    valgrind = ["valgrind", "--tool=cachegrind", "--cache-sim=no"]
    valgrind.append("--cachegrind-out-file=/dev/null")
    done = subprocess.run(
        [*valgrind, *command],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        check=True,
        env={**env, "PYTHONHASHSEED": "0"},
    )
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise RuntimeError(f"no instruction count from valgrind: {done.stderr[-300:]}")
    return int(found.group(1).replace(",", ""))


def _laps(file: Path) -> int:
    with open(file, encoding="utf-8-sig") as handle:
        return sum(1 for _ in handle) - 1


def csv_pass(files: list[Path]) -> int:
    rows = 0
    for file in files:
        with open(file, encoding="utf-8-sig", newline="") as handle:
            first = handle.readline()
            handle.seek(0)
            separator = ";" if first.count(";") > first.count(",") else ","
            rows += sum(1 for _ in csv.reader(handle, delimiter=separator))
    return rows


def classify_pass(files: list[Path]) -> int:
    from pitboard.cli.batch import classify_file, json_text

    return sum(len(json_text(classify_file(file))) for file in files)


def season(files: list[Path], runs: int) -> list[str]:
    csv_pass(files), classify_pass(files)  # imports and page cache: start-up does not count
    times: dict[str, list[float]] = {"csv": [], "pitboard": []}
    for _ in range(runs):
        for name, work in (("csv", csv_pass), ("pitboard", classify_pass)):
            start = time.perf_counter()
            work(files)
            times[name].append(time.perf_counter() - start)
    csv_median, ours = statistics.median(times["csv"]), statistics.median(times["pitboard"])
    laps = sum(_laps(file) for file in files)
    return [
        f"A season in one process: the {len(files)} race lap files of IMSA 2021 ({laps:,} laps), "
        f"{runs} interleaved rounds, start-up excluded:",
        "",
        "| in one process | median | ratio to csv |",
        "|---|---|---|",
        f"| `csv.reader` over every file | {csv_median * 1000:.0f} ms | 1.00× |",
        f"| read, classify, result table and JSON text of every file, as `{PITBOARD}` | "
        f"{ours * 1000:.0f} ms | **{ours / csv_median:.2f}×** |",
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=default_file())
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--before", type=Path, help="another source tree to time beside")
    parser.add_argument("--docs", action="store_true", help="write docs/benchmarks.md's block")
    args = parser.parse_args()
    files = season_files()
    if not args.file.is_file() or not files:
        print(f"bench: no real data at {real_data()} (set PITBOARD_REAL_DATA)", file=sys.stderr)
        return 2
    lines = whole_process(args.file, args.runs, args.before)
    if shutil.which("valgrind"):
        lines += ["", *instructions(args.file, args.before)]
    lines += ["", *phases(args.file, max(5, args.runs // 3))]
    lines += ["", *season(files, max(5, args.runs // 3))]
    print("\n".join(lines))
    if args.docs:
        load = os.getloadavg()[0]
        print(f"wrote {write_block('benchmarks.md', 'classify', chr(10).join(lines))}")
        print(f"(load average {load:.1f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

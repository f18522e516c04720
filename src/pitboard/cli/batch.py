"""`pitboard classify`'s work, and a plain `classify` command line run without click.

`classify_command` is the command: the click command (`pitboard.cli.classify`) calls it with
what click parsed. A batch run of a 24-hour race spends ~25 ms importing click and building
the group, a third of a bare `csv` read of the same file (bench/classify.py), so the console
script first offers its command line to `run_without_click`: a line made only of `classify`,
one FILE and the command's own options, each once, with values click would accept, is run
here; anything else (help, errors, `--opt=value`, `--`, shell completion) returns and click
parses it. tests/test_cli_batch.py checks that every line taken here parses to the same
values under click, and runs the same as through click.

The modules this path loads import `typing` only for the type checker: `TYPE_CHECKING = False`
then `if TYPE_CHECKING:` (mypy and ruff read the name as `typing.TYPE_CHECKING`), since
importing `typing` is ~2 ms of the run (`python -X importtime`); tests/test_cli_batch.py checks
that a `classify --json` run leaves it unloaded.
"""

from __future__ import annotations

import contextlib
import errno
import gc
import os
import sys

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (see above)
if TYPE_CHECKING:
    from pathlib import Path
    from typing import Any

    from pitboard.model import Penalty
    from pitboard.rules.results_table import ResultTable

    # A file as click gives it (a Path) or as a plain line does (a str): `pathlib` costs a
    # plain run ~2 ms of imports (bench/classify.py), and every use here takes either.
    File = str | Path

# The values of pitboard.model.SessionKind, spelled out so that `--help` loads no model code
# (tests/test_cli.py keeps the two in step).
SESSION_KINDS = ("race", "qualifying", "practice")
DEFAULT_RULESET = "default"

# The options of the click command, by their parameter names (tests/test_cli_batch.py keeps
# them in step with `pitboard.cli.classify.classify`).
OPTIONS = {
    "--session": "kind",
    "--ruleset": "ruleset",
    "--penalties": "penalties",
    "--class": "car_class",
}
FLAGS = {"--json": "as_json"}


def classify_command(
    file: File,
    kind: str | None,
    ruleset: str,
    penalties: File | None,
    car_class: str | None,
    as_json: bool,
) -> None:
    """`pitboard classify`: print the classification of FILE (a table per class, or JSON)."""
    result = _classify_orfail(file, kind, penalties, ruleset)
    if car_class is not None:
        result = keep_class(result, car_class, file)
    if as_json:
        print_json(result)
    else:
        from pitboard.cli.tables import print_classification

        print_classification(result, title=os.path.basename(file))


def plain_arguments(argv: list[str]) -> dict[str, Any] | None:
    """The parameters of `classify_command` for a plain `classify` command line, else None."""
    if not argv or argv[0] != "classify" or _completing() or os.name == "nt":
        return None  # on Windows click expands globs and `~` in the arguments first
    values: dict[str, Any] = {}
    rest = iter(argv[1:])
    for arg in rest:
        if arg in FLAGS and FLAGS[arg] not in values:
            values[FLAGS[arg]] = True
        elif arg in OPTIONS and OPTIONS[arg] not in values:
            value = next(rest, None)
            if value is None or value.startswith("-"):
                return None
            values[OPTIONS[arg]] = value
        elif arg.startswith("-") or "file" in values:
            return None
        else:
            values["file"] = arg
    if "file" not in values or values.get("kind", SESSION_KINDS[0]) not in SESSION_KINDS:
        return None
    ruleset = values.setdefault("ruleset", DEFAULT_RULESET)
    if ruleset != DEFAULT_RULESET:
        from pitboard.rules.rulesets import available_rulesets

        if ruleset not in available_rulesets():
            return None
    for name in ("kind", "penalties", "car_class"):
        values.setdefault(name, None)
    if not all(
        _as_click_path(path) for path in (values["file"], values["penalties"]) if path is not None
    ):
        return None
    values.setdefault("as_json", False)
    return values


def run_without_click(argv: list[str]) -> None:
    """Run a plain `classify` line and exit as click would; return for anything else.

    Exits with `os._exit` once stdout and stderr are flushed: the interpreter's teardown would
    free the 15k laps of a 24-hour race one by one (~6 ms) for nothing. Nothing on this path
    registers atexit handlers or starts threads, and the lap file is closed when read."""
    arguments = plain_arguments(argv)
    if arguments is None:
        return
    # No cyclic garbage collection for this short process: reading a 24-hour race allocates
    # ~15k laps that all live to the end, and the collector would scan them again and again
    # (~4% of the run, bench/classify.py); what it could free is reclaimed by the exit.
    gc.disable()
    try:
        classify_command(**arguments)
        sys.stdout.flush()
    except (EOFError, KeyboardInterrupt):
        import click

        click.echo(file=sys.stderr)
        click.echo("Aborted!", err=True)
        sys.exit(1)
    except OSError as error:
        if error.errno != errno.EPIPE:
            raise
        _quiet_exit(1)  # the reader went away (`| head`): click exits 1 without a word
    _quiet_exit(0)


def _quiet_exit(status: int) -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError):
            stream.flush()
    os._exit(status)


def _as_click_path(text: str) -> bool:
    """Is `text` what click's `Path(text)` prints, so that it runs and errs the same as a str
    (`pathlib` is ~2 ms of a run)? No empty part after a leading `/`, no `.` part: `""`,
    `./a`, `a/`, `a//b` and `//a` go to click."""
    parts = text.split("/")
    return bool(text) and "" not in parts[1:] and "." not in parts


def _completing() -> bool:
    """Shell completion asked for (click's `_PITBOARD_COMPLETE`): click answers it."""
    return any(name.startswith("_") and name.endswith("_COMPLETE") for name in os.environ)


def _classify_orfail(
    file: File, kind: str | None, penalties: File | None, ruleset: str
) -> ResultTable:
    from pitboard.cli import fail
    from pitboard.model import PitboardError

    try:
        return classify_file(file, kind, penalties, ruleset)
    except PitboardError as error:
        fail(error)


def classify_file(
    file: File,
    kind: str | None = None,
    penalties: File | None = None,
    ruleset: str = DEFAULT_RULESET,
) -> ResultTable:
    """The result table `pitboard classify` prints for FILE (raises PitboardError)."""
    from pitboard.formats.registry import read_session
    from pitboard.model import FormatError, SessionKind
    from pitboard.rules import classify as classify_session
    from pitboard.rules.results_table import results_table
    from pitboard.rules.rulesets import load_ruleset

    rules = load_ruleset(ruleset)
    decisions: list[Penalty] = []
    if penalties is not None:
        from pitboard.formats.penalties import read_penalties

        decisions = read_penalties(penalties)
    session = read_session(file, SessionKind(kind) if kind else None, sectors=False)
    if not session.entries and not session.laps:
        raise FormatError(
            "no cars and no laps after the header: nothing to classify", path=str(file)
        )
    classification = classify_session(session, rules, decisions)
    return results_table(classification, rules, laps=session.laps)


def keep_class(result: ResultTable, car_class: str, file: File) -> ResultTable:
    from dataclasses import replace

    from pitboard.cli import fail

    if car_class not in result.classes:
        fail(f"no class {car_class!r} in {file} (classes: {', '.join(result.classes)})")
    return replace(result, rows=result.by_class(car_class), classes=[car_class])


def print_json(result: ResultTable) -> None:
    sys.stdout.write(json_text(result))


def json_text(result: ResultTable) -> str:
    """The `--json` output, one line. One string, then one write: `json.dump` to a stream
    takes the pure-Python encoder (three times slower on a 24-hour race, bench/classify.py)."""
    import json

    from pitboard.formats.results_json import classification_to_dict

    # No cycle check: the dict is a tree made just now (fewer instructions, the same text).
    data = classification_to_dict(result)
    return json.dumps(data, ensure_ascii=False, check_circular=False) + "\n"

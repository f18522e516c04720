"""The console script runs a plain `pitboard classify` line without click (pitboard.cli.batch):
every line it takes parses to the same values under click, it runs the same (output, errors,
exit status) as through click, and it really leaves click unloaded."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path, PurePath

import click
import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st

from pitboard.cli import main
from pitboard.cli.batch import DEFAULT_RULESET, FLAGS, OPTIONS, plain_arguments
from pitboard.cli.classify import classify

PITBOARD = Path(sys.executable).parent / "pitboard"
installed = pytest.mark.skipif(not PITBOARD.exists(), reason="pitboard is not in this venv")

HEADER = "NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;CROSSING_FINISH_LINE_IN_PIT;ELAPSED;CLASS;"
ROWS = [
    "7;1;1:45.000;0;;1:45.000;Am;",
    "7;2;1:42.500;0;;3:27.500;Am;",
    "21;1;1:46.000;0;;1:46.000;Pro;",
    "21;2;1:42.000;0;;3:28.000;Pro;",
    "21;3;1:42.100;0;;5:10.100;Pro;",
]

# Everything a `classify` line is made of, valid or not.
TOKENS = [
    "--json", "--session", "race", "qualifying", "Race", "--ruleset", "wec", "default", "nosuch",
    "--penalties", "p.toml", "--class", "Am", "laps.csv", "other.csv", "", "-h", "--help",
    "--json=1", "--ruleset=wec", "--", "-x", "--jso", "-",
]  # fmt: skip


def test_the_plain_options_are_the_click_commands() -> None:
    flags, options = {}, {}
    for param in classify.params:
        if isinstance(param, click.Option):
            (flags if param.is_flag else options).update(dict.fromkeys(param.opts, param.name))
    assert flags == FLAGS
    assert options == OPTIONS
    ruleset = next(p for p in classify.params if p.name == "ruleset")
    assert ruleset.default == DEFAULT_RULESET


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(TOKENS), max_size=7))
def test_a_line_taken_without_click_parses_the_same_under_click(tokens: list[str]) -> None:
    plain = plain_arguments(["classify", *tokens])
    if plain is None:
        return  # click parses it (or reports the error)
    with classify.make_context("classify", list(tokens)) as ctx:
        # click makes the files Paths; a plain line leaves them strings (no pathlib import)
        assert {
            k: os.fspath(v) if isinstance(v, PurePath) else v for k, v in ctx.params.items()
        } == plain


@pytest.mark.parametrize(
    "tokens",
    [
        ["--json", "laps.csv"],
        ["laps.csv", "--class", "Am", "--json", "--session", "race"],
        ["--ruleset", "wec", "--penalties", "p.toml", "laps.csv"],
        ["laps.csv"],
    ],
)
def test_plain_lines_are_taken(tokens: list[str]) -> None:
    assert plain_arguments(["classify", *tokens]) is not None


@pytest.mark.parametrize(
    "argv",
    [
        ["classify"],
        ["classify", "--help"],
        ["classify", "--json"],
        ["classify", "a.csv", "b.csv"],
        ["classify", "--json", "--json", "a.csv"],
        ["classify", "--ruleset", "nosuch", "a.csv"],
        ["classify", "--session", "Race", "a.csv"],
        ["classify", "--class", "-x", "a.csv"],
        ["classify", "--ruleset=wec", "a.csv"],
        ["classify", "--", "a.csv"],
        ["demo", "--json"],
        ["--version"],
        [],
    ],
)
def test_anything_else_goes_to_click(argv: list[str]) -> None:
    assert plain_arguments(argv) is None


def test_shell_completion_goes_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("_PITBOARD_COMPLETE", "bash_source")
    assert plain_arguments(["classify", "laps.csv"]) is None


def test_windows_goes_to_click(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "name", "nt")  # click expands the arguments there
    assert plain_arguments(["classify", "laps.csv"]) is None


@pytest.fixture
def lap_file(tmp_path: Path) -> Path:
    path = tmp_path / "sprint-race-laps.csv"
    path.write_text("\n".join([HEADER, *ROWS]) + "\n", encoding="utf-8")
    return path


def _console(*args: str) -> subprocess.CompletedProcess[str]:
    env = {key: value for key, value in os.environ.items() if not key.endswith("_COMPLETE")}
    return subprocess.run(
        [str(PITBOARD), *args], capture_output=True, text=True, env=env, check=False, timeout=60
    )


@installed
@pytest.mark.parametrize(
    "options",
    [
        ["--json"],
        ["--json", "--class", "Pro"],
        ["--json", "--session", "qualifying"],
        ["--json", "--ruleset", "wec"],
        ["--json", "--class", "GT3"],
    ],
)
def test_the_console_script_runs_a_plain_line_as_click_does(
    lap_file: Path, options: list[str]
) -> None:
    argv = ["classify", *options, str(lap_file)]
    assert plain_arguments(argv) is not None
    done = _console(*argv)
    through_click = CliRunner().invoke(main, argv)
    assert (done.returncode, done.stdout, done.stderr) == (
        through_click.exit_code,
        through_click.stdout,
        through_click.stderr,
    )


@installed
@pytest.mark.parametrize(
    "content", ["NUMBER;LAP_NUMBER;LAP_TIME;LAP_IMPROVEMENT;\n7;1;1:4x.000;0;\n", None]
)
def test_the_console_script_reports_bad_input_as_click_does(
    tmp_path: Path, content: str | None
) -> None:
    path = tmp_path / "race.csv"
    if content is not None:
        path.write_text(content, encoding="utf-8")
    argv = ["classify", "--json", str(path)]
    done = _console(*argv)
    through_click = CliRunner().invoke(main, argv)
    assert done.returncode == through_click.exit_code == 1
    assert done.stdout == through_click.stdout == ""
    assert done.stderr == through_click.stderr
    assert done.stderr.startswith(f"pitboard: error: {path}"), done.stderr


def _imported(*args: str) -> set[str]:
    """The modules the console script imports for ARGS (`python -X importtime`)."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", str(PITBOARD), *args],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.split("|")[-1].strip() for line in lines}


@installed
def test_a_plain_line_leaves_click_unloaded(lap_file: Path) -> None:
    assert "click" not in _imported("classify", "--json", str(lap_file))
    assert "click" in _imported("classify", "--json=1", str(lap_file))  # the same check can fail


# What a plain `classify --json` has no use for: the type checker's names, the TOML parser (the
# rulesets are read from their cache), the live tower's and the championship's types, and the
# stewards' penalties when none are given (`--penalties`).
UNUSED_BY_CLASSIFY = {
    "typing",
    "tomllib",
    "pitboard.model.passing",
    "pitboard.model.championship",
    "pitboard.model.penalty",
}


@installed
def test_a_plain_line_leaves_what_it_does_not_use_unloaded(lap_file: Path) -> None:
    loaded = _imported("classify", "--json", str(lap_file))
    assert "pitboard.model.lap" in loaded  # the check sees pitboard's modules
    assert not loaded & UNUSED_BY_CLASSIFY
    assert "typing" in _imported("classify", "--json=1", str(lap_file))  # through click

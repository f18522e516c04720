"""The suite's own guards can fail: under CI=true a missing corpus or tool stops the run loudly."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import ROOT

ONE_TEST = "tests/test_architecture.py::test_every_package_is_a_known_layer"


def _pytest(**env: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", ONE_TEST],
        cwd=ROOT,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_ci_without_the_real_data_fails_with_one_line() -> None:
    done = _pytest(CI="true", PITBOARD_REAL_DATA="/nonexistent/real")
    assert done.returncode != 0
    lines = [line for line in done.stdout.splitlines() if "/nonexistent/real" in line]
    assert len(lines) == 1, done.stdout
    assert "real timing data not found" in lines[0]


def test_outside_ci_the_same_run_passes_without_the_data() -> None:
    done = _pytest(CI="false", PITBOARD_REAL_DATA="/nonexistent/real")
    assert done.returncode == 0, done.stdout + done.stderr

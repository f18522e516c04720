"""Shared fixtures. The real timing data lives outside the repository (see ../shared/data/real).

Under `CI=true` nothing the suite needs may be missing: the real data folder, Debian's chromium
and poppler's pdftotext are checked before collection, and a run without one of them stops with
one line naming it; a test that finds a service or tool unavailable fails instead of skipping
(`unavailable`). Elsewhere those tests skip, so a laptop without the data can still run the rest.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import NoReturn

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")


def real_data_dir() -> Path:
    """`PITBOARD_REAL_DATA`, else ../shared/data/real beside the project."""
    return Path(os.environ.get("PITBOARD_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))


def under_ci() -> bool:
    return os.environ.get("CI") == "true"


def unavailable(message: str) -> NoReturn:
    """Skip the test, or under CI=true fail it: CI must never pass by skipping."""
    if under_ci():
        pytest.fail(message, pytrace=False)
    pytest.skip(message)


def missing_requirements() -> list[str]:
    """What a CI run needs and this machine lacks, one line each."""
    missing = []
    if not real_data_dir().is_dir():
        missing.append(f"real timing data not found at {real_data_dir()} (set PITBOARD_REAL_DATA)")
    if not CHROMIUM.exists():
        missing.append(f"Debian's chromium not found at {CHROMIUM} (make chromium installs it)")
    if shutil.which("pdftotext") is None:
        missing.append("pdftotext not found (make chromium installs poppler-utils)")
    return missing


def pytest_sessionstart(session: pytest.Session) -> None:
    if under_ci() and (missing := missing_requirements()):
        pytest.exit("CI=true but " + "; ".join(missing), returncode=3)


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The real-data folder; under CI a missing corpus fails, elsewhere the test skips."""
    folder = real_data_dir()
    if not folder.is_dir():
        unavailable(f"real timing data not found at {folder} (set PITBOARD_REAL_DATA)")
    return folder


def chromium() -> Path:
    """Debian's chromium, for Playwright's `executable_path` (never a downloaded browser)."""
    if not CHROMIUM.exists():
        unavailable("Debian's chromium is not installed (make test installs it)")
    return CHROMIUM


def pdftotext() -> str:
    found = shutil.which("pdftotext")
    if found is None:
        unavailable("pdftotext (poppler-utils) is not installed")
    return found

"""Shared fixtures. The real timing data lives outside the repository (see ../shared/data/real)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]


def real_data_dir() -> Path:
    """`PITBOARD_REAL_DATA`, else ../shared/data/real beside the project."""
    return Path(os.environ.get("PITBOARD_REAL_DATA", ROOT.parent / "shared" / "data" / "real"))


@pytest.fixture(scope="session")
def real_data() -> Path:
    """The real-data folder; under CI a missing corpus fails, elsewhere the test skips."""
    folder = real_data_dir()
    if not folder.is_dir():
        message = f"real timing data not found at {folder} (set PITBOARD_REAL_DATA)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return folder

"""How an importer reports progress: a callable per step; the CLI passes a Rich bar on stderr."""

from __future__ import annotations

from typing import Protocol


class Progress(Protocol):
    def start(self, description: str, total: int) -> None: ...

    def advance(self, steps: int = 1) -> None: ...


class _Quiet:
    def start(self, description: str, total: int) -> None:
        pass

    def advance(self, steps: int = 1) -> None:
        pass


def quiet_progress() -> Progress:
    """Progress that shows nothing (tests, --quiet, output that is not a terminal)."""
    return _Quiet()

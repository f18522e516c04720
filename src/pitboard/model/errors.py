"""The one exception tree: everything pitboard raises on purpose is a PitboardError."""

from __future__ import annotations


class PitboardError(Exception):
    """Base of every error pitboard raises on purpose."""


class FormatError(PitboardError):
    """Input that cannot be read: names the file, line, column and the raw value."""

    def __init__(
        self,
        message: str,
        *,
        path: str | None = None,
        line: int | None = None,
        column: str | None = None,
        value: str | None = None,
    ) -> None:
        self.message = message
        self.path = path
        self.line = line
        self.column = column
        self.value = value
        super().__init__(str(self))

    def __str__(self) -> str:
        where = self.path or "<input>"
        if self.line is not None:
            where = f"{where}:{self.line}"
        text = f"{where}: {self.message}"
        if self.value is not None:
            text += f" {self.value!r}"
        if self.column is not None:
            text += f" in column {self.column}"
        return text


class RulesError(PitboardError):
    """A ruleset or a penalty that cannot be applied as given."""

"""Every text has a Swedish translation; the command prints the report without a database."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from click.testing import CliRunner

from pitboard.cli import main
from pitboard.model import FormatError
from pitboard.reports.i18n import _translations
from pitboard.reports.press_kit import read_quotes

SRC = Path(__file__).resolve().parents[2] / "src" / "pitboard" / "reports"


def test_every_message_has_a_swedish_translation() -> None:
    keywords = {"N_": None, "text": None, "plural": (1, 2)}
    swedish = _translations("sv")
    found = list(extract_from_dir(str(SRC), keywords=keywords))  # type: ignore[arg-type]
    assert len(found) > 50
    for _file, _line, message, _comments, _context in found:
        msgid = message[0] if isinstance(message, tuple) else message
        assert swedish.gettext(msgid) != msgid or msgid.startswith(("Race", "{")), msgid


def test_report_weekend_markdown_without_a_database() -> None:
    args = "report weekend gt4-europe-2023 misano --entry 17 --lang en --format md"
    result = CliRunner().invoke(main, args.split())
    assert result.exit_code == 0, result.output
    assert result.output.startswith("# ")
    assert "Race 2: 18th place" in result.output
    assert "Synthetic data" in result.output


def test_report_weekend_pdf(tmp_path: Path) -> None:
    target = tmp_path / "misano.pdf"
    args = ["report", "weekend", "gt4-europe-2023", "misano", "--entry", "17"]
    args += ["--format", "pdf", "-o"]
    result = CliRunner().invoke(main, [*args, str(target)])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF")


def test_unknown_car_is_one_error_line() -> None:
    result = CliRunner().invoke(main, ["report", "weekend", "gt4-europe-2023", "misano",
                                       "--entry", "999"])  # fmt: skip
    assert result.exit_code == 1
    assert "car '999'" in result.output


def test_quote_without_text_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "quotes.toml"
    path.write_text('[[quote]]\ndriver = "A"\npart = "race1"\n', encoding="utf-8")
    with pytest.raises(FormatError, match=r"quotes.toml: quote 1: no text"):
        read_quotes(path)


def test_the_documented_extraction_keeps_the_ordinals() -> None:
    """docs/press-office.md's `pybabel extract` keywords find the four ordinal suffixes (in
    their context), so `pybabel update` does not mark them obsolete; Swedish translates each."""
    keywords = {"N_": None, "text": None, "plural": (1, 2), "C_": ((1, "c"), 2)}
    found = list(extract_from_dir(str(SRC), keywords=keywords))  # type: ignore[arg-type]
    ordinals = {message for *_, message, _comments, context in found if context == "ordinal"}
    assert ordinals == {"{n}st", "{n}nd", "{n}rd", "{n}th"}
    swedish = _translations("sv")
    assert {swedish.pgettext("ordinal", o) for o in ordinals} == {"{n}:a", "{n}:e"}

"""bench/docs_block.py: `make bench --docs` writes figures between markers, nothing else."""

from __future__ import annotations

import pytest
from bench.docs_block import MissingBlock, replace_block

PAGE = "intro\n<!-- bench:x begin -->\nold table\n<!-- bench:x end -->\nprose after\n"


def test_the_block_is_replaced_and_the_prose_around_it_kept() -> None:
    out = replace_block(PAGE, "x", "| new | table |\n")
    expected = "intro\n<!-- bench:x begin -->\n| new | table |\n<!-- bench:x end -->\nprose after\n"
    assert out == expected


def test_another_block_name_is_not_touched() -> None:
    with pytest.raises(MissingBlock):
        replace_block(PAGE, "y", "t")


@pytest.mark.parametrize(
    "page",
    [
        "<!-- bench:x end -->\n<!-- bench:x begin -->\n",
        "<!-- bench:x begin -->\n<!-- bench:x begin -->\n<!-- bench:x end -->\n",
        "<!-- bench:x begin -->\n",
    ],
)
def test_broken_markers_are_refused(page: str) -> None:
    with pytest.raises(MissingBlock):
        replace_block(page, "x", "t")

"""Quotations joined with "…": each fragment is checked on its own, as the spoken words allow (the case of the
first word after the gap, the punctuation either side of it); a difference report names only real differences
and never cuts a word."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "broken" / "_base"
SOURCE = (
    "Annual library report\n\n"
    "Sam Smith, head of libraries, cut opening hours at four branch libraries from September 2023, by 4 hours\n"
    "a week at North and 6 at South. Visits fell by 12 per cent over the year.\n\n"
    "The head of libraries said:\n"
    "\u201cWe have kept every branch open. We did not foresee how serious the staff illness\n"
    "would become. That was the council\u2019s first promise.\u201d\n"
)


@pytest.fixture
def pack(pack: Path) -> Path:
    """The clean test pack (conftest.py) with this file's source text."""
    (pack / "texts" / "report.txt").write_text(SOURCE, encoding="utf-8")
    return pack


def check_quote(pack: Path, words: str) -> list[str]:
    """Put `words` in the pack's quotation and return the quotation warnings check prints."""
    path = pack / "01-summary.yaml"
    text = path.read_text(encoding="utf-8")
    old = "      text: We have kept every branch open, and that was the council's first promise.\n"
    assert old in text
    path.write_text(text.replace(old, f'      text: "{words}"\n'), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "."])
    assert result.exit_code == 0
    return [line for line in result.stdout.splitlines() if "quotation" in line]


@pytest.mark.parametrize(
    "words",
    [
        "We have kept every branch open \u2026 we did not foresee how serious the staff illness would become",
        "We have kept every branch open, \u2026 that was the council\u2019s first promise.",
        "We have kept every branch open; ... We did not foresee how serious",
    ],
)
def test_spoken_fragments_joined_with_an_ellipsis_are_found(pack: Path, words: str) -> None:
    assert check_quote(pack, words) == []


def test_a_real_difference_in_a_fragment_is_the_only_one_reported(pack: Path) -> None:
    warnings = check_quote(pack, "We have kept every branch open \u2026 we did not foresee how grave the staff illness")
    assert len(warnings) == 1, warnings
    difference = warnings[0].split("part 2 of 2")[1]
    assert 'source has "serious" where quote has "grave"' in difference
    assert difference.count("source has") == 1, difference  # not "illness" against "illness" nor "We" against "we"
    label = difference.split('("')[1].split('")')[0]
    assert label.endswith("\u2026") and label[:-1].split()[-1] in words_of(SOURCE + " grave")  # no word cut


def test_a_quotation_may_stop_before_the_sources_full_stop(pack: Path) -> None:
    warnings = check_quote(pack, "We did not foresee how serious the staff illness would become and")
    assert len(warnings) == 1 and 'quote has "and" which the source does not' in warnings[0], warnings
    assert "become." not in warnings[0].split("closest passage")[0]


def words_of(text: str) -> set[str]:
    return {w.strip("\u201c\u201d.,") for w in text.split()}

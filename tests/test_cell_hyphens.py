"""A word cut across lines in a narrow table column (render/linebreak.py cuts a word too wide for the column into
pieces and prints a hyphen where a line ends inside it) keeps its hyphens when its row is cut across pages."""

from __future__ import annotations

import re
from pathlib import Path

from briefing.pipeline import BuildOptions, build
from tests import pdfread
from tests.packs import write_pack

WORDS = "accommodation departments assessments supervision information"


def _first_column_lines(pdf: Path) -> list[str]:
    with pdfread.open(str(pdf)) as doc:
        return [
            line.split()[0]
            for page in doc.pages
            for line in (page.extract_text(layout=True) or "").splitlines()
            if re.match(r"\s*(accom|moda|tion|part|ments|assess|super|vision|forma)", line)
        ]


def test_a_cut_word_in_a_cell_prints_its_hyphens(tmp_path: Path) -> None:
    """The control: a row on one page prints 'accom-', 'moda-', 'tion de-' in a narrow first column."""
    table = {"header": ["A", "B", "C"], "widths": [1, 3, 3], "rows": [[WORDS, "x [@alpha]", "short"]]}
    pack = write_pack(tmp_path / "pack", [{"title": "One", "blocks": [{"paragraph": "Intro [@alpha]."}, {"table": table}]}])
    build(pack, tmp_path / "out.pdf", BuildOptions(large_print=True))
    assert _first_column_lines(tmp_path / "out.pdf")[:2] == ["accom-", "moda-"]


def test_a_cut_word_in_a_cell_keeps_its_hyphens_when_the_row_is_cut_across_pages(tmp_path: Path) -> None:
    """A row taller than a page, cut inside its cells: ReportLab split each cell's paragraph at the column's width
    (58.3 pt here) where its lines were broken inside the padding (48.7 pt), and the parts, broken again from the
    cut pieces, printed 'accom', 'moda' without their hyphens on every page of the row (rowsplit._splitCell)."""
    table = {
        "header": ["A", "B", "C"],
        "widths": [1, 3, 3],
        "rows": [[" ".join([WORDS] * 8), " ".join(["word"] * 60) + " [@alpha]", "short"]],
    }
    pack = write_pack(tmp_path / "pack", [{"title": "One", "blocks": [{"paragraph": "Intro [@alpha]."}, {"table": table}]}])
    build(pack, tmp_path / "out.pdf", BuildOptions(large_print=True))
    lines = _first_column_lines(tmp_path / "out.pdf")
    assert len(lines) > 40
    assert [w for w in lines if w in ("accom", "moda")] == [], lines[:6]

"""Same input, same bytes, whatever was laid out before: paragraphs kept in a `ParagraphPool` (across the layouts
of one build when a figure floats past citing text, and across `briefing watch`'s rebuilds) come back as fresh
ones would.  A paragraph kept from a table cell of another width used to be broken again from the pieces of
its last break: a compound broken at its hyphen there ('seven-and-a-' / 'half') printed as 'seven-and-ahalf'
in the wider cell, and the bytes changed from one rebuild to the next.  Every test reads the built PDF."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from briefing.pipeline import BuildOptions, build
from briefing.session import Session
from tests import pdfread
from tests.packs import sentence, write_pack
from tests.test_floats import lead, words
from tests.test_layout_figures import bar_chart

CELL = "A *minimum* term of seven-and-a-half years and a half-way review"
WHOLE = "A minimum term of seven-and-a-half years and a half-way review"


def two_tables() -> list[dict[str, Any]]:
    """The same cell, in the same style, in a narrow column (where the compound breaks at a hyphen) and a wide one."""
    return [
        {"table": {"header": ["Sentence", "Court"], "rows": [[CELL, "Birmingham"]], "widths": [1, 4]}},
        {"paragraph": sentence(2)},
        {"table": {"header": ["Sentence", "Court"], "rows": [[CELL, "Birmingham"]], "widths": [4, 1]}},
    ]


def lines_with(pdf: Path, word: str) -> list[str]:
    with pdfread.open(str(pdf)) as doc:
        return [line for page in doc.pages for line in (page.extract_text() or "").splitlines() if word in line]


def test_warm_rebuilds_print_a_cell_kept_from_a_narrower_column_as_a_cold_build(tmp_path: Path) -> None:
    pack = write_pack(tmp_path / "pack", [{"title": "Sentences", "blocks": [{"paragraph": sentence(1)}, *two_tables()]}])
    cold = tmp_path / "cold.pdf"
    build(pack, cold, BuildOptions())
    assert any(WHOLE in line for line in lines_with(cold, "seven")), "the wide cell holds the compound whole"
    session = Session(keep_paragraphs=True)
    for n in range(3):  # the pool hands each cell's paragraph to the other table at every rebuild
        warm = tmp_path / f"warm{n}.pdf"
        build(pack, warm, BuildOptions(), session=session)
        assert warm.read_bytes() == cold.read_bytes(), f"rebuild {n + 1} differs from a cold build"
    assert session.paragraphs is not None and session.paragraphs.reused > 0


def test_a_pack_laid_out_again_after_a_figure_floats_prints_its_cells_as_laid_out_once(tmp_path: Path) -> None:
    """The chart floats past text citing a later note, so the build lays the pack out again with the notes
    renumbered; the second layout takes back the first layout's paragraphs, the cells swapped."""
    first = {
        "title": "Workforce",
        "blocks": [
            *two_tables(),
            *lead(8),
            bar_chart(2),
            words("FILLERONE", 100, 5, "beta, p. 7"),
            words("FILLERTWO", 200, 8),
            words("LASTPARA", 400, 3),
        ],
    }
    pack = write_pack(tmp_path / "pack", [first, {"title": "Next section", "blocks": lead(2, "alpha")}])
    pdf = tmp_path / "x.pdf"
    build(pack, pdf, BuildOptions())
    with pdfread.open(str(pdf)) as doc:
        texts = [page.extract_text() or "" for page in doc.pages]
    whole = "\n".join(texts)
    assert whole.find("FILLERONE") < whole.find("Figure 1."), "the chart floated past the citing filler"
    found = lines_with(pdf, "seven")
    assert any(WHOLE in line for line in found), found
    assert not any("ahalf" in line for line in found), found


def test_warm_rebuilds_of_a_pack_whose_notes_split_equal_a_cold_build(tmp_path: Path) -> None:
    """ReportLab's split ends each line's last fragment with a space in place, in the lines the pool kept: a note
    split across pages and taken back from the pool printed its line end as 'Tj T*' where a cold build printed
    'Tj  T*' (generated pack 8009 with the soak's large knobs, in large print, from the second rebuild on).  The
    pack is 8009 shrunk to what still fails on the code before that fix (tests/shrunk/pool-8009/README.txt)."""
    pack = Path(__file__).resolve().parent / "shrunk" / "pool-8009"
    options = BuildOptions(large_print=True)
    cold = tmp_path / "cold.pdf"
    build(pack, cold, options)
    session = Session(keep_paragraphs=True)
    for n in range(3):
        warm = tmp_path / f"warm{n}.pdf"
        build(pack, warm, options, session=session)
        assert warm.read_bytes() == cold.read_bytes(), f"rebuild {n + 1} differs from a cold build"

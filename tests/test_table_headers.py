"""A table's header row starts on the page its first row starts on (the verifier's header-with-row, read from the
structure tree), also when a note continued from earlier pages fills the page under the table's caption."""

from __future__ import annotations

from pathlib import Path

from briefing.pipeline import BuildOptions, build
from tests.verify import build_and_verify, required_of

SHRUNK = Path(__file__).resolve().parent / "shrunk"


def test_continued_notes_give_way_to_a_table_under_its_caption(tmp_path: Path) -> None:
    """Generated pack 4383 in large print, shrunk (tests/shrunk/header-4383/README.txt): a long note continued
    from earlier pages filled page 4 under table 2's caption and header row, and the first row started on page 5.
    Continued notes gave way only to a table under a heading, not under a caption.  Fails without that: the
    header row alone on page 4."""
    pack = SHRUNK / "header-4383"
    failures = build_and_verify(pack, tmp_path / "out.pdf", "large", required_of(pack, "large"))
    assert [str(f) for f in failures] == []


def test_a_header_row_keeps_the_start_of_a_row_whose_notes_cannot_fit_under_it(tmp_path: Path) -> None:
    """Generated pack 250148 in large print and duplex, shrunk (tests/shrunk/header-250148/README.txt): the first row
    cites three long notes in its cells' first lines, and under the heading, caption and deep header there is room
    for the row's first lines but not for those notes.  The header row was left alone at the page's foot.  Fails
    without the last-resort cut that moves the cells with markers on whole."""
    pack = SHRUNK / "header-250148"
    failures = build_and_verify(pack, tmp_path / "out.pdf", "large-duplex", required_of(pack, "large-duplex"))
    assert [str(f) for f in failures] == []


def test_a_header_row_too_deep_to_keep_with_its_row_goes_on_with_it(tmp_path: Path) -> None:
    """Generated pack 250151, shrunk (tests/shrunk/header-250151/README.txt): a 594 pt header row (a long web address in
    a narrow column) under its heading, and a first row citing a long note.  The header with the start of that row and
    the least of its note needs more than a page, so the header row was printed alone at page 3's foot, the row on
    page 4.  Fails without the cut inside the header row that takes its last lines on with the row."""
    pack = SHRUNK / "header-250151"
    failures = build_and_verify(pack, tmp_path / "out.pdf", "full", required_of(pack, "full"))
    assert [str(f) for f in failures] == []


def test_a_header_cut_inside_its_cells_keeps_its_body_rows_out_of_thead(tmp_path: Path) -> None:
    """tests/shrunk/header-250151-cited/README.txt: a header row cut inside its cells, and a first row citing 84
    notes.  The tagger keyed each row's TR by the id of its first cell; the first part's cells, drawn and freed, left
    their ids to later rows' cells, and ten cells of the body joined the header's TR as TDs in THead."""
    import pikepdf

    from tests.verify_tree import elements, is_kind, kids_of

    out = tmp_path / "out.pdf"
    build(SHRUNK / "header-250151-cited", out, BuildOptions())
    with pikepdf.open(out) as doc:
        tables = elements(doc.Root.StructTreeRoot, "/Table")
        heads = [str(c.S) for t in tables for k in kids_of(t) if is_kind(k, "/THead") for r in kids_of(k) for c in kids_of(r)]
    assert heads == ["/TH"] * 5


def test_the_rest_of_a_cut_header_row_keeps_the_start_of_its_row(tmp_path: Path) -> None:
    """tests/shrunk/header-250151-cited/README.txt: the header row of header-250151 is cut inside its cells and its
    rest goes on with the first row, but that row, citing 84 notes, cannot follow the rest whole with the least of
    them.  The row's first lines must still start on the page where the header ends (read from the structure tree:
    the verifier exempts a header row cut inside its cells).  Fails with the header's rest alone at page 4's top."""
    import pikepdf

    from tests.verify_tree import elements, is_kind, kids_of, page_numbers, pages_of

    pack = SHRUNK / "header-250151-cited"
    out = tmp_path / "out.pdf"
    assert [str(f) for f in build_and_verify(pack, out, "full", required_of(pack, "full"))] == []
    with pikepdf.open(out) as doc:
        number = page_numbers(doc)
        table = elements(doc.Root.StructTreeRoot, "/Table")[0]
        head = [p for k in kids_of(table) if is_kind(k, "/THead") for p in pages_of(k, number)]
        body = [p for k in kids_of(table) if is_kind(k, "/TBody") for p in pages_of(k, number)]
    assert len(set(head)) == 2, f"the header row is not cut inside its cells: pages {sorted(set(head))}"
    assert max(head) == min(body), f"the header ends on page {max(head)}, its first row starts on page {min(body)}"

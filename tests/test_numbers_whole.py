"""A number is never cut across lines: "447.5%" set in a narrow cell printed "447.-" over "5%", a wrong figure.

Tables (data tables, key facts, a chart's data table) widen the columns that hold numbers at the expense of the
others; a key-figures panel takes fewer figures to a row; a table whose numbers cannot all be given room, or a
number wider than the page, is refused at its block with a message that says what to do.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from briefing.diagnostics import BriefingError
from briefing.pipeline import BuildOptions, build
from tests.packs import write_pack
from tests.pdfinspect import plumber

NUMBERS = ["447.5%", "1,234,567", "-12.75%", "£1,250.00", "2010-04-30", "+3.14159", "99.9%", "0.0125", "£12.5m", "123456789"]
PANEL = ["£1,234,567.89", "2010-04-30", "-12.75%", "7"]


def _table(columns: int) -> dict[str, Any]:
    rows = [[f"Row {r}"] + [NUMBERS[(r + c) % len(NUMBERS)] for c in range(columns)] for r in range(6)]
    return {
        "table": {"caption": "Figures by year [@alpha]", "header": ["Item"] + [f"Year {c}" for c in range(columns)], "rows": rows}
    }


def _chart() -> dict[str, Any]:
    series = [
        {"name": f"Series {i}", "points": [[str(2000 + k), f"{123456.5 + 1000 * k + i:.1f}"] for k in range(3)]} for i in range(3)
    ]
    return {
        "chart": {
            "kind": "bar",
            "title": "Spending by year",
            "x_axis": "Year",
            "y_axis": {"label": "Pounds"},
            "series": series,
            "caption": "Source: the report [@alpha].",
            "alt": "Bar chart of spending.",
        }
    }


def _panel() -> dict[str, Any]:
    return {
        "figures_panel": {
            "title": "At a glance",
            "figures": [{"value": v, "label": f"figure {i} [@beta]"} for i, v in enumerate(PANEL)],
        }
    }


def _build(tmp_path: Path, blocks: list[dict[str, Any]], large: bool) -> Path:
    root = write_pack(tmp_path / "pack", [{"id": "numbers", "title": "Numbers", "blocks": blocks}])
    out = tmp_path / "out.pdf"
    build(root, out, BuildOptions(large_print=large))
    return out


def _words(pdf: Path) -> list[str]:
    """Every word the PDF prints, a change of size (a note marker) ending a word."""
    return [w["text"] for page in plumber(pdf).pages for w in page.extract_words(extra_attrs=["size"])]


def _error(exc: BriefingError) -> str:
    errors = [str(d) for d in exc.diagnostics if d.severity == "error"]
    assert len(errors) == 1, errors
    return errors[0]


@pytest.mark.parametrize("large", [False, True], ids=["standard", "large-print"])
def test_numbers_in_narrow_cells_print_whole(tmp_path: Path, large: bool) -> None:
    words = _words(_build(tmp_path, [{"paragraph": "Some text [@alpha]."}, _table(5), _chart(), _panel()], large))
    for number in [*NUMBERS, *PANEL]:
        assert number in words, f"{number!r} is not printed whole: {[w for w in words if w[:2] == number[:2]]}"
    for value in ("123456.5", "125458.5"):  # the chart's data table
        assert any(w.startswith(value) for w in words), (value, [w for w in words if w[:3] == value[:3]])
    cut = [w for w in words if w.endswith("-") and any(c.isdigit() for c in w)]
    assert not cut, f"numbers cut with a hyphen: {cut}"


def test_a_table_whose_numbers_cannot_all_have_room_is_refused_at_the_table(tmp_path: Path) -> None:
    with pytest.raises(BriefingError) as caught:
        _build(tmp_path, [_table(12)], large=True)
    message = _error(caught.value)
    assert message.startswith(f"{tmp_path / 'pack' / '01.yaml'}:4:3: error: this table's numbers need "), message
    assert "a number is never split across lines: give the table fewer columns" in message
    assert not (tmp_path / "out.pdf").exists()


def test_a_number_wider_than_the_page_is_refused_at_its_block(tmp_path: Path) -> None:
    with pytest.raises(BriefingError) as caught:
        _build(
            tmp_path,
            [{"paragraph": "Fine [@alpha]."}, {"paragraph": "The total was " + "1" * 90 + " in all [@beta]."}],
            large=False,
        )
    message = _error(caught.value)
    laid = "error: this block cannot be laid out on the page"
    assert f"{tmp_path / 'pack' / '01.yaml'}:5:3: {laid}: the number '{'1' * 90}' is " in message, message


@pytest.mark.parametrize(
    "word,number",
    [
        ("447.5%", True),
        ("£1,250.00", True),
        ("(2010-04-30),", True),
        ("2006–2008", True),
        ("-12.75%", True),
        ("£12.5m", True),
        ("1990s", True),
        ("10:30pm", True),
        ("“3.5”", True),
        ("12-year-old", False),
        ("COVID-19", False),
        ("A38", False),
        ("Families", False),
        ("1.1\u00a0Title", False),
    ],
)
def test_what_counts_as_a_number(word: str, number: bool) -> None:
    from briefing.render.linebreak import is_number

    assert is_number(word) is number


def test_a_number_carrying_many_note_markers_builds_its_markers_breaking_between_lines(tmp_path: Path) -> None:
    """A number is kept whole with its first marker only: a run of 120 markers after "6" in a table cell breaks
    between markers (a cell part that starts inside the run too), and every note is on its marker's page."""
    from tests.verify import verify

    cites = "".join(f"[@alpha, p. {i}]" for i in range(120))
    table = {"table": {"header": ["Branch", "Hours cut"], "rows": [["North", "4"], ["South", "6" + cites]]}}
    out = _build(tmp_path, [{"paragraph": "Hours were cut [@beta]."}, table], large=False)
    assert "6" in _words(out)
    assert not verify(out)


def test_a_number_wider_than_the_page_in_a_figures_caption_is_refused_at_the_figure(tmp_path: Path) -> None:
    """Measured while the figure is made, not while it is laid out: still a positioned error, not an internal one."""
    big = "1" * 130
    chart = {
        "chart": {
            "kind": "bar",
            "title": "Visits",
            "x_axis": "Year",
            "y_axis": {"label": "Visits"},
            "series": [{"name": "Visits", "points": [["2022", "1"], ["2023", "2"]]}],
            "caption": f"Source: {big} [@alpha].",
            "alt": "A bar chart of visits.",
        }
    }
    with pytest.raises(BriefingError) as caught:
        _build(tmp_path, [{"paragraph": "Visits [@alpha]."}, chart], large=False)
    laid = "error: this block cannot be laid out on the page"
    assert f"{tmp_path / 'pack' / '01.yaml'}:5:3: {laid}: the number '{big}' is " in _error(caught.value)


def _two_sections(tmp_path: Path, title: str, first: str, variant: str = "full") -> str:
    """The one error of a pack whose second section has `title` and opens with the paragraph `first`."""
    sections = [
        {"title": "Fine", "blocks": [{"paragraph": "Fine [@alpha]."}]},
        {"id": "costs", "title": title, "blocks": [{"paragraph": first}], "summary": True},
    ]
    root = write_pack(tmp_path / "pack", sections)
    with pytest.raises(BriefingError) as caught:
        build(root, tmp_path / "out.pdf", BuildOptions(variant=variant))
    return _error(caught.value)


@pytest.mark.parametrize("variant", ["full", "summary"])
def test_a_number_too_wide_in_a_section_title_is_refused_at_the_title(tmp_path: Path, variant: str) -> None:
    """Too wide for the heading and its contents line: shown at the title in the section's file (line 2, after
    the id, column 8), not at pack.yaml (the contents entry has no block) or at the block before it."""
    message = _two_sections(tmp_path, "Costs of " + "1" * 70 + " pounds", "More [@beta].", variant)
    assert message.startswith(f"{tmp_path / 'pack' / '02.yaml'}:2:8: error: "), message
    assert f"the number '{'1' * 70}' is " in message, message


def test_a_number_too_wide_in_a_sections_first_paragraph_is_refused_at_that_paragraph(tmp_path: Path) -> None:
    """Measured while the heading before it was placed (a heading is kept with the start of what follows): shown
    at the paragraph, not at the last block of the section before, where nothing is wrong."""
    message = _two_sections(tmp_path, "Costs", "The total was " + "1" * 90 + " in all [@beta].")
    assert message.startswith(f"{tmp_path / 'pack' / '02.yaml'}:4:3: error: this block cannot be laid out"), message


def test_a_rebuild_from_kept_paragraphs_gives_numbers_the_same_room(tmp_path: Path) -> None:
    """`briefing watch` keeps the last build's paragraphs (line-broken: their fragments are then the words of their
    last break).  The columns' room for numbers was read from those fragments and found no number, so a rebuild
    set the table's columns in plain proportion: a number wider than its column refused the pack (the soak's
    291153 in large print, whose second layout takes its paragraphs back the same way), or printed cut.  Read
    from the PDFs: the rebuild is the cold build, byte for byte, and prints every number whole."""
    from briefing.session import Session

    table = _table(4)
    numbers = {cell for row in table["table"]["rows"] for cell in row[1:]}
    table["table"]["rows"] = [[f"{cell}[@alpha]" if i else cell for i, cell in enumerate(row)] for row in table["table"]["rows"]]
    blocks = [{"paragraph": "Some text [@alpha]."}, table]  # a marker after each number: a paragraph of several fragments
    root = write_pack(tmp_path / "pack", [{"id": "numbers", "title": "Numbers", "blocks": blocks}])
    cold, warm = tmp_path / "cold.pdf", tmp_path / "warm.pdf"
    build(root, cold, BuildOptions(large_print=True))
    session = Session(keep_paragraphs=True)
    build(root, warm, BuildOptions(large_print=True), session=session)
    build(root, warm, BuildOptions(large_print=True), session=session)  # from the kept paragraphs
    assert warm.read_bytes() == cold.read_bytes()
    text = " ".join(_words(warm))
    assert all(number in text for number in numbers), [n for n in numbers if n not in text]

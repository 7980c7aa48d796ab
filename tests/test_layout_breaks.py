"""Long unbreakable tokens: addresses, long words and narrow cells stay inside their space (issue 16, fail-1).

Each test builds a small pack and reads the PDF with pdfplumber: no character crosses the text
block's right edge (or its table column), a broken address copies back to the same address (no
hyphen or space added), and a word cut in a narrow cell reads back as the word, with a hyphen at
the cut.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from briefing.pipeline import BuildOptions, build
from briefing.style import load_style
from tests.packs import write_pack
from tests.pdfinspect import inspect

URL = (
    "https://www.gov.uk/government/statistics/search?keywords=children-looked-after&organisations%5B%5D="
    "department-for-education&from_date=2010&to_date=2011"
)
SOURCE = [
    {
        "id": "dfe",
        "kind": "statistics",
        "title": "Children looked after in England",
        "author": "unknown",
        "publisher": "Department for Education",
        "date": "2010-09",
        "url": URL,
    }
]
LONG_WORD = "Pneumonoultramicroscopicsilicovolcanoconiosisandsomemoreletterstomakeitwiderthanaline"


def _right_edge() -> float:
    sheet = load_style("default")
    return 595.28 - sheet.mm("margin_right_mm")


def _build(tmp: Path, sections: list[dict[str, Any]], large: bool = False) -> Path:
    pack = write_pack(tmp / "pack", sections, SOURCE)
    out = tmp / "out.pdf"
    build(pack, out, BuildOptions(large_print=large))
    return out


def _key(c: Any) -> tuple[float, float, str]:
    return round(c["x0"], 2), round(c["top"], 2), c["text"]


def _without_markers(page: Any) -> Any:
    """The page without note markers (superscript digits, smaller than the text they follow)."""
    drop: set[tuple[float, float, str]] = set()
    last_size = 0.0
    for c in page.chars:
        if c["text"].isdigit() and c["size"] < last_size - 0.5:
            drop.add(_key(c))
        elif not c["text"].isdigit():
            last_size = c["size"]
    return page.filter(lambda obj: obj.get("object_type") != "char" or _key(obj) not in drop)


def _lines(page: Any) -> list[str]:
    return [line["text"] for line in _without_markers(page).extract_text_lines()]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
def test_a_long_address_breaks_inside_the_margin_and_copies_back_whole(tmp_path: Path, large: bool) -> None:
    body = {"title": "Numbers", "blocks": [{"paragraph": f"The figures are at {URL} and were checked [@dfe]."}]}
    out = _build(tmp_path, [body], large)
    edge = _right_edge()
    places = []
    with pdfplumber.open(str(out)) as pdf:
        for page in pdf.pages:
            chars = [c for c in page.chars if c["text"].strip()]
            assert max(c["x1"] for c in chars) <= edge + 0.5, f"page {page.page_number}: text runs past the margin"
            lines = _lines(page)
            for i, line in enumerate(lines):
                if "https://" in line:
                    joined = "".join(lines[i : i + 6])
                    assert URL in joined, f"page {page.page_number}: the printed address is not the address:\n{joined}"
                    places.append(page.page_number)
            for annot in page.hyperlinks:
                if annot.get("uri", "").startswith("https://www.gov"):
                    assert annot["uri"] == URL
    assert len(places) == 3, "the address is printed in the text, in its note and in the sources list"


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
def test_a_long_address_in_a_table_cell_stays_in_its_column(tmp_path: Path, large: bool) -> None:
    table = {"table": {"header": ["Where", "What"], "rows": [[URL, "statistics [@dfe]"]]}}
    out = _build(tmp_path, [{"title": "Numbers", "blocks": [table]}], large)
    left, edge = load_style("default").mm("margin_left_mm"), _right_edge()
    middle = (left + edge) / 2
    with pdfplumber.open(str(out)) as pdf:
        page = next(p for p in pdf.pages if "Where" in (p.extract_text() or ""))
        top = next(w["bottom"] for w in page.extract_words() if w["text"] == "Where")
        # within_bbox keeps only characters wholly inside the column: one crossing it breaks the address
        cell = _cells(page, left, middle, top + 2, page.height)
        assert URL in "".join(cell[:8]), f"the address in the table cell reads {cell!r}"


def test_a_word_wider_than_the_line_is_hyphenated_inside_the_margin(tmp_path: Path) -> None:
    body = {"title": "Words", "blocks": [{"paragraph": f"A word {LONG_WORD} ends here [@dfe]."}]}
    out = _build(tmp_path, [body])
    edge = _right_edge()
    with pdfplumber.open(str(out)) as pdf:
        page = next(p for p in pdf.pages if "Pneumono" in (p.extract_text() or ""))
        assert max(c["x1"] for c in page.chars if c["text"].strip()) <= edge + 0.5
        lines = _lines(page)
        start = next(i for i, line in enumerate(lines) if "Pneumono" in line)
        rejoined = ""
        for line in lines[start : start + 4]:
            assert line.endswith("-") or LONG_WORD[-10:] in line, f"a cut without a hyphen: {line!r}"
            rejoined += line[:-1] if line.endswith("-") else line
            if LONG_WORD[-10:] in line:
                break
        assert LONG_WORD in rejoined


def _cells(page: Any, x0: float, x1: float, top: float, bottom: float) -> list[str]:
    crop = _without_markers(page).within_bbox((x0, top, x1, bottom))
    return [line["text"] for line in crop.extract_text_lines()]


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
def test_narrow_cells_cut_words_with_a_hyphen_and_keep_every_space(tmp_path: Path, large: bool) -> None:
    words = [
        "Families with children",
        "Team managers and reconfigurations",
        "Accountabilities",
        "Safeguarding arrangements",
        "Administration",
    ]
    table = {
        "table": {
            "header": ["Families", "Team managers", "Responsibilities", "Commissioning", "Reconfiguration"],
            "rows": [words],
            "widths": [1, 1, 1, 1, 1],
        }
    }
    out = _build(tmp_path, [{"title": "Narrow", "blocks": [{"paragraph": "Text [@dfe]."}, table]}], large)
    left = load_style("default").mm("margin_left_mm")
    column = (_right_edge() - left) / 5
    with pdfplumber.open(str(out)) as pdf:
        page = next(p for p in pdf.pages if "Accoun" in (p.extract_text() or ""))
        head = max((w for w in page.extract_words() if w["text"].startswith("Famil")), key=lambda w: w["top"])
        head["bottom"] = head["top"] - 5  # the body row starts here
        rule = inspect(out)[page.page_number - 1].rule_y or page.height
        for n, expected in enumerate(words):
            x0, x1 = left + n * column, left + (n + 1) * column
            # within_bbox keeps only characters wholly inside the column: a word crossing it reads wrong
            lines = _cells(page, x0, x1, head["bottom"] + 4, rule - 1)
            text = ""
            for line in lines:
                text += line[:-1] if line.endswith("-") else line + " "
            got = " ".join(text.split())
            assert got == expected, f"cell reads {lines!r}"


def test_a_three_digit_marker_in_a_narrow_cell_stays_whole(tmp_path: Path) -> None:
    """fail-4: the word and its marker were split inside the marker ("reconfigurations10" / "1")."""
    many = {"paragraph": " ".join(f"Point {k} [@dfe, p. {k}]." for k in range(1, 101))}
    table = {
        "table": {
            "header": ["Area", "Finding", "Status", "Owner", "Date"],
            "rows": [["Services", "reconfigurations [@dfe]", "open", "council", "2010"]],
        }
    }
    out = _build(tmp_path, [{"title": "Markers", "blocks": [many, table]}])
    with pdfplumber.open(str(out)) as pdf:
        page = next(p for p in pdf.pages if "Finding" in (p.extract_text() or ""))
        words = [w["text"] for w in page.extract_words(y_tolerance=5) if "tions" in w["text"]]
        assert any(w.endswith("tions101") for w in words), f"the marker is split: {words}"
        edge = page.width - load_style("default").mm("margin_right_mm")
        assert max(c["x1"] for c in page.chars if c["text"].strip()) <= edge + 0.5


def test_a_long_address_in_the_handout_notes_stays_inside_its_margin(tmp_path: Path) -> None:
    """The handout sets its notes run together in one paragraph; the address breaks there too."""
    section = {"title": "Numbers", "summary": True, "blocks": [{"paragraph": f"The figures are at {URL} [@dfe]."}]}
    pack = write_pack(tmp_path / "pack", [section], SOURCE)
    out = tmp_path / "handout.pdf"
    build(pack, out, BuildOptions(variant="summary"))
    edge = 595.28 - load_style("default", looks=("handout",)).mm("margin_right_mm")
    with pdfplumber.open(str(out)) as pdf:
        for page in pdf.pages:
            assert max(c["x1"] for c in page.chars if c["text"].strip()) <= edge + 0.5
            lines = _lines(page)
            starts = [i for i, line in enumerate(lines) if "https://" in line]
            assert starts and all(URL in "".join(lines[i : i + 6]) for i in starts)


def test_no_page_is_left_blank_by_the_space_after_a_list(tmp_path: Path) -> None:
    """The soak's 310181 (shrunk: tests/shrunk/blank-310181/README.txt): a list ends a section at a page's foot, its
    notes fill the page, and the space after the list went to the head of the next page, which the page break
    before the Sources then ended with nothing on it.  Read from the PDF: every page holds tagged content (the
    verifier's page-has-content) and has words besides its running header and footer, and the Sources follow on
    the page after the list."""
    from tests.verify_tree import tree_failures

    out = tmp_path / "out.pdf"
    build(Path(__file__).parent / "shrunk" / "blank-310181", out, BuildOptions())
    assert [f for f in tree_failures(out) if f[0] == "page-has-content"] == []
    with pdfplumber.open(out) as pdf:
        lines = [(page.extract_text() or "").splitlines() for page in pdf.pages]
    assert min(len(page) for page in lines) > 3, lines  # the running header and footer are two lines of each page
    heading = [i for i, page in enumerate(lines, 1) if any(line.endswith(" Sources") and line[:1].isdigit() for line in page)]
    assert heading == [len(lines)] and len(lines) == 5, (heading, len(lines))  # the list's page, then the Sources

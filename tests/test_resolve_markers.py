"""Citations and markers as a reader sees them: every citation printed once, in reading order, and readable.

Each test builds a small pack shaped like one of ../shared/repros/fail-* and reads the PDF.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from briefing.pipeline import BuildOptions, build
from tests.resolve_helpers import SOURCES, build_pack, markers, note_lines, page_texts, whole_text, write_pack


def numbers(pdf: Path) -> list[int]:
    return [m.number for m in markers(pdf)]


def test_block_level_cite_prints_a_marker_on_every_kind(tmp_path: Path) -> None:
    """fail-10: `cite:` beside key_facts, table, timeline, people and callout was dropped without a word."""
    pdf = build_pack(
        tmp_path,
        [
            {
                "title": "Block cites",
                "blocks": [
                    {"paragraph": "A paragraph [@a]."},
                    {"key_facts": [{"label": "Fact", "value": "one"}], "cite": "b"},
                    {"table": {"rows": [["x", "y"]]}, "cite": "c"},
                    {"timeline": [{"date": "2008", "event": "Something happened."}], "cite": "d"},
                    {"people": [{"name": "A Person", "role": "A role"}], "cite": "e"},
                    {"callout": {"text": "A boxed aside."}, "cite": "f"},
                ],
            }
        ],
    )
    assert numbers(pdf) == [1, 2, 3, 4, 5, 6]
    notes = note_lines(pdf)
    for n, title in enumerate(
        ["Alpha report", "Better child protection", "Gamma report", "Delta report", "Epsilon report", "Zeta report"], 1
    ):
        assert title in notes[n][0]
    body = whole_text(pdf)
    assert "one2" in body and "y3" in body and "happened.4" in body and "A role5" in body and "aside.6" in body


def test_row_cite_follows_the_last_words_not_an_empty_cell(tmp_path: Path) -> None:
    """issue 13: a row-level `cite:` with an empty last cell put a lone marker in that cell."""
    pdf = build_pack(
        tmp_path,
        [
            {
                "title": "Rows",
                "blocks": [
                    {
                        "table": {
                            "header": ["Area", "Finding", "Note"],
                            "rows": [{"cells": ["North", "Services reconfigured", ""], "cite": "a"}],
                        }
                    },
                ],
            }
        ],
    )
    (marker,) = markers(pdf)
    assert "reconfigured1" in whole_text(pdf)
    assert marker.x0 < 93.5 + (595.3 - 2 * 93.5) * 2 / 3  # inside the second of three equal columns


def test_header_citation_printed_once_when_the_table_splits(tmp_path: Path) -> None:
    """fail-3: a marker in a repeating header row printed on every page, its note three times."""
    rows = [[f"Area {i}", str(3 * i), "Reported in the annual return"] for i in range(1, 120)]
    pdf = build_pack(
        tmp_path,
        [
            {
                "title": "Figures",
                "blocks": [
                    {"table": {"caption": "Referrals by area [@a]", "header": ["Area", "Referrals [@b]", "Notes"], "rows": rows}},
                ],
            }
        ],
    )
    assert len(page_texts(pdf)) >= 5  # the table runs over pages, its header repeated
    assert numbers(pdf) == [1, 2]
    notes = note_lines(pdf)
    assert len(notes[2]) == 1 and "Better child protection" in notes[2][0]
    assert "Referrals by area1,2" in whole_text(pdf)  # the header's citation moves to the caption


def test_header_citation_without_caption_goes_to_the_first_row(tmp_path: Path) -> None:
    rows = [[f"Area {i}", str(3 * i)] for i in range(1, 100)]
    pdf = build_pack(
        tmp_path,
        [
            {
                "title": "Figures",
                "blocks": [
                    {"table": {"header": ["Area", "Referrals [@b]"], "rows": [["Area 0", "0 [@a]"], *rows]}},
                ],
            }
        ],
    )
    assert numbers(pdf) == [1, 2]
    assert "Area 0 0 1,2" in whole_text(pdf).replace("01,2", "0 1,2")


def test_timeline_chart_notes_follow_what_is_printed(tmp_path: Path) -> None:
    """fail-11: notes were numbered caption, events, note but printed caption, note, events."""
    pdf = build_pack(
        tmp_path,
        [
            {
                "title": "A timeline chart",
                "blocks": [
                    {
                        "timeline_chart": {
                            "title": "Events",
                            "caption": "Dates from the review [@a].",
                            "note": "The council disputes the last date [@b].",
                            "alt": "A time line from 2006 to 2010 with three events.",
                            "events": [
                                {"date": "2006-03", "label": "Concerns raised [@c]"},
                                {"date": "2008-05", "label": "Death [@d]"},
                                {"date": "2010", "label": "Review published [@e]"},
                            ],
                        }
                    },
                    {"paragraph": "Afterwards [@f]."},
                ],
            }
        ],
    )
    assert numbers(pdf) == [1, 2, 3, 4, 5, 6]
    notes = note_lines(pdf)
    assert "Beta" not in notes[2][0] and "Better child protection" in notes[2][0]  # the note's own source
    assert "Gamma report" in notes[3][0] and "Zeta report" in notes[6][0]


def test_adjacent_citations_print_with_a_separator(tmp_path: Path) -> None:
    """fail-13: `[@a] [@b]` printed "18¹²", read as note 12."""
    pdf = build_pack(
        tmp_path,
        [
            {
                "title": "Sources agree",
                "blocks": [
                    {"paragraph": "Both sources give the figure as 18 [@a] [@b]. Ten were implemented [@a, p. 2] [@b, p. 4]."},
                ],
            }
        ],
    )
    assert numbers(pdf) == [1, 2, 3, 4]
    body = whole_text(pdf)
    assert "181,2." in body and "implemented3,4." in body


def test_accessed_date_keeps_its_capital_month(tmp_path: Path) -> None:
    """fail-9: the Sources list printed "Accessed 1 november 2026"."""
    pdf = build_pack(tmp_path, [{"title": "Accessed", "blocks": [{"paragraph": "The council said so [@b]."}]}])
    text = whole_text(pdf)
    assert "July 2010), https://example.org/release, accessed 1 November 2026." in text  # the note
    assert "https://example.org/release. Accessed 1 November 2026." in text  # the Sources entry


@pytest.mark.parametrize("word", ["reconfigurations", "Reconfigurations"])  # hyphenated; split (a name)
def test_a_long_marker_is_never_split_across_lines(tmp_path: Path, word: str) -> None:
    """fail-4: "reconfigurations¹⁰¹" in a narrow cell broke as "…¹⁰" / "¹", read as notes 10 and 1."""
    points = " ".join(f"Point {k} [@a, p. {k}]." for k in range(1, 101))
    pdf = build_pack(
        tmp_path,
        [
            {
                "title": "A marker in a narrow cell",
                "blocks": [
                    {"paragraph": points},
                    {
                        "table": {
                            "header": ["Area", "Finding", "Status", "Owner", "Date"],
                            "rows": [["Services", f"{word}[@b]", "open", "council", "2010"]],
                        }
                    },
                ],
            }
        ],
    )
    assert numbers(pdf) == list(range(1, 102))
    lines = [ln for page in page_texts(pdf) for ln in page.splitlines()]
    marked = [ln for ln in lines if re.search(r"[a-z]101\b", ln)]
    assert marked, "the marker follows a letter of its word"  # never alone at the start of a line


def test_markers_side_by_side_break_between_markers_in_a_cell_too_narrow_for_both(tmp_path: Path) -> None:
    """Soak 20129 (large print): "l¹⁰¹,¹⁰²" was kept on one line wider than its narrow cell, and the self-check
    refused the build (exit 3). A run of markers too wide for its line breaks after a separator, each whole."""
    long = "Antidisestablishmentarianism"
    columns = ["Area", "Finding", *[long] * 8]
    points = " ".join(f"Point {k} [@a, p. {k}]." for k in range(1, 101))
    root = write_pack(
        tmp_path / "pack",
        [
            {
                "title": "Markers in a narrow cell",
                "blocks": [
                    {"paragraph": points},
                    {"table": {"header": columns, "rows": [[long, "l[@b][@c]", *columns[2:]]]}},
                ],
            }
        ],
        SOURCES,
    )
    pdf = tmp_path / "large.pdf"
    build(root, pdf, BuildOptions(large_print=True))
    assert numbers(pdf) == list(range(1, 103))
    lines = [ln.strip() for page in page_texts(pdf) for ln in page.splitlines()]
    assert "101," in lines and "102" in lines, "the run breaks after the comma, each marker whole"

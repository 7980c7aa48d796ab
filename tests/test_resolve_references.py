"""Reference text, numbers and cross-references as printed: one small pack, built once, read from the PDF.

Each test catches a change that once survived the suite (issue 14's mutations): Ibid. for a note citing
several sources, Ibid. without its locator, "Cited on pages" off by one, a cross-reference's number,
tables left unnumbered, the accessed date dropped.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.resolve_helpers import build_pack, markers, note_lines, whole_text

FILLER = " ".join(["The council and the board set out what each would do next, and when."] * 30)


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("refs")
    return build_pack(
        tmp,
        [
            {
                "id": "first",
                "title": "First",
                "blocks": [
                    {
                        "paragraph": "The review reported [@a, p. 2]. It said more [@a, p. 3]. "
                        "Both agree [@a; @b]. The board again [@a]. See [#second] and [#sub]."
                    },
                    {"table": {"caption": "Referrals", "rows": [["North", "3 [@c]"]]}},
                    {"table": {"rows": [["An uncaptioned table", "1"]]}},
                    {"table": {"caption": "Closures", "rows": [["South", "4"]]}},
                ],
            },
            {
                "id": "second",
                "title": "Second",
                "blocks": [{"paragraph": FILLER + " [@c, p. 9]"}] * 3,
                "sections": [{"id": "sub", "title": "Sub", "blocks": [{"paragraph": "Later [@b, para 4]."}]}],
            },
        ],
    )


def notes(pdf: Path) -> dict[int, str]:
    return {n: texts[0] for n, texts in note_lines(pdf).items()}


def test_ibid_never_stands_for_several_sources(pdf: Path) -> None:
    printed = notes(pdf)
    assert printed[3].startswith(" Alpha, p. 2") is False
    assert "Ibid." not in printed[3] and "Alpha; " in printed[3] and "Better child protection" in printed[3]
    assert "Ibid." not in printed[4]  # the note before cites two sources: not "the same" one


def test_ibid_keeps_its_locator(pdf: Path) -> None:
    printed = notes(pdf)
    assert "“Alpha report”" in printed[1] and printed[1].rstrip().endswith("p. 2.")
    assert printed[2].strip() == "Ibid., p. 3."


def test_full_reference_first_short_after_with_accessed_date(pdf: Path) -> None:
    printed = notes(pdf)
    text = whole_text(pdf)
    assert "Birmingham City Council, July 2010), https://example.org/release, accessed 1 November 2026." in text
    assert printed[len(printed)].strip() == "Pledge, para 4."  # the last note: short form, its locator


def test_tables_with_a_caption_are_numbered_in_order(pdf: Path) -> None:
    text = whole_text(pdf)
    assert "Table 1. Referrals" in text and "Table 2. Closures" in text
    assert "Table 3" not in text


def test_cross_references_print_the_target_number(pdf: Path) -> None:
    text = whole_text(pdf)
    assert "See section 2 and section 2.1." in text
    assert re.search(r"\b2 Second\b", text) and re.search(r"\b2\.1 Sub\b", text)


def test_cited_on_pages_are_the_pages_with_the_markers(pdf: Path) -> None:
    text = whole_text(pdf)
    note_source = {n: t for n, t in notes(pdf).items()}
    gamma_notes = {n for n, t in note_source.items() if "Gamma" in t}
    pages = sorted({m.page for m in markers(pdf) if m.number in gamma_notes})
    assert len(pages) >= 2, pages  # cited on more than one page, so an off-by-one shows
    shown = ", ".join(str(p) for p in pages)
    entry = text[text.index("[3]") :]
    assert f"Cited on pages {shown}." in entry

"""A paragraph wrapped again at another width (a table tries its columns narrow, then wide; a paragraph kept
from an earlier layout) breaks exactly as a fresh one would: a word cut for a narrow line is cut afresh, with
a hyphen at every line end inside it, and set whole where it fits."""

from __future__ import annotations

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase.pdfmetrics import stringWidth

from briefing.render.flowables import Para

STYLE = ParagraphStyle("cell", fontName="Helvetica", fontSize=9, leading=11)


def _lines(para: Para) -> list[str]:
    """Each line's text as drawn (ReportLab's lines are (space, words) pairs, or objects with fragments)."""
    if para.blPara.kind == 0:
        return [" ".join(words) for _space, words in para.blPara.lines]
    return ["".join(getattr(w, "text", "") or "" for w in line.words) for line in para.blPara.lines]


@pytest.mark.parametrize("width", [42.6, 65.6, 200])
def test_a_word_cut_narrow_then_wrapped_wider_breaks_as_a_fresh_paragraph(width: float) -> None:
    fresh = Para("Responsibilities", STYLE)
    fresh.wrap(width, 1000)
    again = Para("Responsibilities", STYLE)
    again.wrap(30, 1000)  # cut into four pieces
    assert _lines(again) == ["Re-", "spons-", "ibilit-", "ies"]
    again.wrap(width, 1000)
    assert _lines(again) == _lines(fresh)
    assert all(line.endswith("-") for line in _lines(again)[:-1])


@pytest.mark.parametrize("narrow", [68.0, 108.0])
def test_a_compound_broken_at_its_hyphen_then_wrapped_wider_keeps_its_hyphen(narrow: float) -> None:
    """ReportLab breaks 'seven-and-a-half' at a hyphen of its own; broken again from the words of that break
    (what ReportLab leaves in `frags`), the two pieces were rejoined without it: 'seven-and-ahalf'."""
    style = ParagraphStyle("cell", parent=STYLE, embeddedHyphenation=1)
    markup = "A <i>minimum</i> term of seven-and-a-half years"  # two fonts: ReportLab's fragment-word breaking
    again = Para(markup, style)
    again.wrap(narrow, 1000)
    assert any(line.endswith("-") and not line.endswith("half-") for line in _lines(again)), _lines(again)
    again.wrap(300, 1000)
    assert _lines(again) == ["A minimum term of seven-and-a-half years"]


@pytest.mark.parametrize(
    "word,share,lines",
    [
        ("Review", 0.65, ["Re-", "view"]),
        ("Process", 0.65, ["Pro-", "cess"]),
        ("Complaint", 0.55, ["Com-", "plaint"]),
        ("Training", 0.65, ["Tra-", "in-", "ing"]),
    ],
)
def test_a_word_too_wide_for_a_narrow_cell_breaks_at_its_syllables_where_they_fit(
    word: str, share: float, lines: list[str]
) -> None:
    """Seen in a chart's data table (generated pack 86001, duplex): 'Revi-ew', 'Proc-ess'.  A word's last syllable
    was measured with a hyphen it never prints, and one syllable too wide gave ReportLab every letter of the word
    to break at, so it filled each line to the last letter that fits ('Re-/vi-/ew', 'Pro-/ce-/ss',
    'Co-/mp-/lai-/nt'); now only a syllable too wide for the line is cut between letters."""
    width = stringWidth(word, "Helvetica", 9) * share
    para = Para(word, STYLE)
    para.wrap(width, 1000)
    assert _lines(para) == lines
    assert all(stringWidth(line, "Helvetica", 9) <= width + 0.01 for line in _lines(para))

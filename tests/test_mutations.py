"""Behaviour that survived hand-made mutations of the code (issue 14): each test reads the built PDF.

- A page whose notes open with the remainder of an earlier note has a full-width separator rule
  (the short rule says "new notes start here"; a continuation must not look like one).
- Body paragraphs leave neither a single line at the foot of a page (orphan) nor a single line at
  the top of the next (widow).
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from briefing.pipeline import BuildOptions, build
from tests import pdfread
from tests.packs import sentence, write_pack

REPROS = Path(__file__).parent / "repros"
FOOTNOTE_MAX_SIZE = 9.0  # notes are 8.5 pt; body text is larger
NOTE_RULE_WIDTH = 0.5  # the note separator's line width (header and footer rules are thinner)


def _horizontal(page: pdfplumber.page.Page) -> list[dict[str, float]]:
    return sorted((ln for ln in page.lines if abs(ln["top"] - ln["bottom"]) < 0.5), key=lambda ln: ln["top"])


def test_continued_notes_sit_under_a_full_width_rule_and_new_notes_under_a_short_one(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    build(REPROS / "fail-5", out, BuildOptions())  # note 1 runs over two more pages
    seen = {"continued": 0, "new": 0}
    with pdfread.open(str(out)) as pdf:
        for number, page in enumerate(pdf.pages, 1):
            lines = _horizontal(page)
            rules = [ln for ln in lines[1:-1] if abs(float(ln.get("linewidth", 0)) - NOTE_RULE_WIDTH) < 0.01]
            if not rules:
                continue
            rule, text_width = rules[0], lines[0]["x1"] - lines[0]["x0"]  # the header rule spans the text block
            notes = [w for w in page.extract_words() if rule["top"] < w["top"] < lines[-1]["top"]]
            first = min(notes, key=lambda w: (round(w["top"]), w["x0"]))
            continued = first["text"] == "Note"  # "Note 1, continued:"
            width = rule["x1"] - rule["x0"]
            if continued:
                assert width == pytest.approx(text_width, abs=0.5), (
                    f"page {number}: a continued note under a short rule (reads as new notes)"
                )
            else:
                assert width < 0.75 * text_width, f"page {number}: new notes under a full-width rule"
            seen["continued" if continued else "new"] += 1
    assert seen["continued"] >= 2 and seen["new"] >= 1, seen


def _body_line_starts(page: pdfplumber.page.Page) -> list[str]:
    """The first word of each body-text line between the header and footer rules, top to bottom."""
    lines = _horizontal(page)
    top, bottom = lines[0]["top"], lines[-1]["top"]
    rows: dict[int, list[dict[str, object]]] = {}
    for w in page.extract_words(extra_attrs=["size"]):
        if top < w["top"] < bottom and w["size"] > FOOTNOTE_MAX_SIZE:
            rows.setdefault(round(w["top"]), []).append(w)
    return [str(min(ws, key=lambda w: float(w["x0"]))["text"]) for _, ws in sorted(rows.items())]  # type: ignore[arg-type]


def test_body_paragraphs_leave_no_widow_or_orphan_line(tmp_path: Path) -> None:
    """Paragraphs of one to seven sentences, each opening with a "ParaN" tag, over about ten pages."""
    paragraphs = [{"paragraph": f"Para{k} " + " ".join(sentence(k * 10 + s) for s in range(1 + (k * 5) % 7))} for k in range(60)]
    pack = write_pack(tmp_path / "pack", [{"id": "one", "title": "Paragraphs", "blocks": paragraphs}])
    out = tmp_path / "out.pdf"
    build(pack, out, BuildOptions())
    with pdfread.open(str(out)) as pdf:
        pages = [_body_line_starts(p) for p in pdf.pages]
    body = [lines for lines in pages if any(t.startswith("Para") for t in lines)]
    assert len(body) >= 8
    breaks = 0
    for number, (here, after) in enumerate(zip(body, body[1:], strict=False), 1):
        if after[0].startswith("Para"):
            continue  # the page break falls between paragraphs
        breaks += 1
        starts = [i for i, t in enumerate(here) if t.startswith("Para")]
        orphan = len(here) - starts[-1]
        widow = next((i for i, t in enumerate(after) if t.startswith("Para")), len(after))
        assert orphan >= 2, f"body page {number}: a paragraph leaves its first line alone at the page foot"
        assert widow >= 2, f"body page {number + 1}: a paragraph's last line alone at the page top"
    assert breaks >= 4, "too few paragraphs split across pages for the test to mean anything"

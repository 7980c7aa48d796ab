"""What the README promises about the page is what the PDF measures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import DefaultBuild
from tests.pdfinspect import plumber

ROOT = Path(__file__).resolve().parents[1]
MM = 72 / 25.4


def readme_margins() -> dict[str, float]:
    text = " ".join((ROOT / "README.md").read_text(encoding="utf-8").split())
    m = re.search(
        r"(\d+) mm at the sides .*?(\d+) mm top and bottom; (\d+) mm inner and (\d+) mm outer with `--duplex`; "
        r"(\d+) mm all round for the summary handout",
        text,
    )
    assert m, "the README no longer states the margins"
    sides, top, inner, outer, handout = (float(g) for g in m.groups())
    return {"sides": sides, "top": top, "inner": inner, "outer": outer, "handout": handout}


def text_block(pdf: Path, pages: range) -> list[tuple[float, float, float, float]]:
    """(left, right, top, bottom) margins in mm of the body text (size > 9 pt) on each page, furniture left out."""
    out = []
    doc = plumber(pdf)
    for i in pages:
        page = doc.pages[i]
        chars = [c for c in page.chars if c["size"] > 9.0 and c["text"].strip()]
        if not chars:
            continue
        out.append(
            (
                min(c["x0"] for c in chars) / MM,
                (float(page.width) - max(c["x1"] for c in chars)) / MM,
                min(c["top"] for c in chars) / MM,
                (float(page.height) - max(c["bottom"] for c in chars)) / MM,
            )
        )
    return out


@pytest.fixture
def duplex_pdf(default_build: DefaultBuild) -> Path:
    return default_build(duplex=True)


def test_side_and_top_margins_are_the_readmes(default_pdf: Path) -> None:
    want = readme_margins()
    blocks = text_block(default_pdf, range(3, 12))
    assert blocks
    # Justified body text reaches both sides; headings start at the top of the text block on some page.
    assert min(b[0] for b in blocks) == pytest.approx(want["sides"], abs=0.5)
    assert min(b[1] for b in blocks) == pytest.approx(want["sides"], abs=0.5)
    assert min(b[2] for b in blocks) == pytest.approx(want["top"], abs=2.5)  # less the first line's ascent gap
    assert min(b[3] for b in blocks) >= want["top"] - 0.5  # nothing in the bottom margin


def test_duplex_margins_mirror_on_facing_pages(duplex_pdf: Path) -> None:
    want = readme_margins()
    odd = text_block(duplex_pdf, range(4, 12, 2))  # pages 5, 7, ... : right-hand pages, binding on the left
    even = text_block(duplex_pdf, range(3, 12, 2))  # pages 4, 6, ...
    assert min(b[0] for b in odd) == pytest.approx(want["inner"], abs=0.5)
    assert min(b[1] for b in odd) == pytest.approx(want["outer"], abs=0.5)
    assert min(b[0] for b in even) == pytest.approx(want["outer"], abs=0.5)
    assert min(b[1] for b in even) == pytest.approx(want["inner"], abs=0.5)


def test_handout_margins(default_build: DefaultBuild) -> None:
    out = default_build(variant="summary")
    want = readme_margins()
    blocks = text_block(out, range(0, 2))
    assert min(b[0] for b in blocks) == pytest.approx(want["handout"], abs=0.5)
    assert min(b[1] for b in blocks) == pytest.approx(want["handout"], abs=0.5)

"""The contents page: dot leaders follow a wrapped title's last line, end at one point for every level,
and leave the page numbers' digits unspaced (issue 16 fail-2, issue 13)."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from briefing.pipeline import build
from briefing.style import load_style
from tests import pdfread
from tests.packs import sentence, write_pack

LONG = "What the Serious Case Review found about the missed opportunities in 2006 and 2007 and afterwards"


@pytest.fixture(scope="module")
def contents_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp = tmp_path_factory.mktemp("contents")
    para = {"paragraph": "The review found missed opportunities [@alpha]."}
    sections = [
        {
            "title": LONG,
            "blocks": [para],
            "sections": [
                {"title": "A subsection with a short title", "blocks": [para]},
                {"title": LONG.replace("What", "Why"), "blocks": [para]},
            ],
        },
        {"title": "Next steps", "blocks": [{"paragraph": sentence(i)} for i in range(400)]},  # sources on page 10+
    ]
    out = tmp / "out.pdf"
    build(write_pack(tmp / "pack", sections), out)
    with pdfread.open(str(out)) as pdf:
        page = next(p for p in pdf.pages if (p.extract_text() or "").lstrip().split("\n")[1:2] == ["Contents"])
        out.with_suffix(".page").write_text(str(page.page_number))
    return out


@pytest.fixture(scope="module")
def contents(contents_pdf: Path) -> list[dict[str, Any]]:
    page_number = int(contents_pdf.with_suffix(".page").read_text())
    with pdfread.open(str(contents_pdf)) as pdf:
        page = pdf.pages[page_number - 1]
        return [dict(c) for c in page.chars if c["text"].strip() and 60 < c["top"] < page.height - 60]


def _rows(chars: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Characters by line (baselines within 2 pt: the title, leaders and page number differ in size), left to right."""
    rows: list[list[dict[str, Any]]] = []
    for c in sorted(chars, key=lambda c: c["bottom"]):
        if rows and c["bottom"] - rows[-1][0]["bottom"] < 2:
            rows[-1].append(c)
        else:
            rows.append([c])
    return [sorted(r, key=lambda c: c["x0"]) for r in rows]


def _leaders(row: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The row's run of leader dots: dots after the last letter."""
    last_letter = max((i for i, c in enumerate(row) if c["text"] not in ".0123456789"), default=-1)
    return [c for c in row[last_letter + 1 :] if c["text"] == "."]


def test_leaders_never_cross_the_words_of_a_wrapped_title(contents: list[dict[str, Any]]) -> None:
    dots = [c for c in contents if c["text"] == "."]
    words = [c for c in contents if c["text"] != "."]
    crossing = [
        (d["x0"], w["text"])
        for d in dots
        for w in words
        if d["x0"] < w["x1"] and w["x0"] < d["x1"] and d["top"] < w["bottom"] and w["top"] < d["bottom"]
    ]
    assert not crossing, f"leader dots drawn over the title: {crossing[:5]}"


def test_leaders_and_page_number_sit_on_the_title_last_line(contents: list[dict[str, Any]]) -> None:
    rows = _rows(contents)
    first = next(i for i, r in enumerate(rows) if "".join(c["text"] for c in r).startswith("1What"))
    assert not _leaders(rows[first]), "the first line of a wrapped title has no leaders"
    last = rows[first + 1]
    assert "2007" in "".join(c["text"] for c in last) or _leaders(last), "the title's second line carries the leaders"
    assert _leaders(last) and last[-1]["text"].isdigit(), "leaders and page number on the last line"


def test_leaders_of_every_level_end_at_one_point(contents: list[dict[str, Any]]) -> None:
    ends = [round(_leaders(r)[-1]["x1"], 1) for r in _rows(contents) if len(_leaders(r)) > 3]
    assert len(ends) >= 4
    assert max(ends) - min(ends) < 1.0, f"leaders end at {sorted(set(ends))}"


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs pdftotext (poppler)")
def test_page_numbers_are_set_solid_inside_the_margin(contents_pdf: Path) -> None:
    """The page numbers are forms drawn after the leaders: the leaders' character spacing once spread their
    digits ("1 1") and pushed the last past the margin.  Poppler applies the text state to forms as a viewer does."""
    sheet = load_style("default")
    edge = 595.28 - sheet.mm("margin_right_mm")
    page = int(contents_pdf.with_suffix(".page").read_text())
    xml = subprocess.run(
        ["pdftotext", "-f", str(page), "-l", str(page), "-bbox", str(contents_pdf), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    numbers = [
        (float(x0), float(x1), word)
        for x0, x1, word in re.findall(r'<word xMin="([\d.]+)" yMin="[\d.]+" xMax="([\d.]+)" yMax="[\d.]+">(\d+)</word>', xml)
    ]
    right = [(x0, x1, word) for x0, x1, word in numbers if x0 > edge - 30]
    assert any(len(word) == 2 for _, _, word in right), "a two-digit page number was checked"
    for _, x1, word in right:
        assert x1 <= edge + 0.3, f"page number {word} ends at {x1:.1f} pt, past the margin at {edge:.1f} pt"

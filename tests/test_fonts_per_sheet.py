"""Fonts are registered with ReportLab once a process, by name: each name must mean one file, so that a
second pack's style sheet never prints with a font file of the first's that happens to share its name."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import reportlab

from briefing import glyphs
from briefing.pipeline import build
from tests import pdfread
from tests.packs import write_pack

NAME = "王小明"
FALLBACK = "Droid Sans Fallback"  # Debian: apt-get install fonts-droid-fallback (a TrueType CJK font)


def _pack_with_fallback(folder: Path, font: Path, paragraph: str) -> Path:
    pack = write_pack(folder, [{"title": "People", "blocks": [{"paragraph": f"{paragraph} [@alpha]."}]}])
    (pack / "styles" / "fonts").mkdir(parents=True)
    shutil.copy(font, pack / "styles" / "fonts" / "fallback.ttf")
    (pack / "styles" / "default.yaml").write_text("extends: default\nfallback_fonts: [fonts/fallback.ttf]\n", encoding="utf-8")
    return pack


@pytest.mark.skipif(
    glyphs._family_file(FALLBACK) is None,
    reason=f"no CJK TrueType font installed: apt-get install fonts-droid-fallback ('{FALLBACK}')",
)
def test_two_packs_whose_fallback_files_share_a_name_each_print_with_their_own(tmp_path: Path) -> None:
    vera = Path(reportlab.__file__).parent / "fonts" / "Vera.ttf"  # no Chinese
    cjk = glyphs._family_file(FALLBACK)
    assert cjk is not None
    first = _pack_with_fallback(tmp_path / "first", vera, "The chair spoke first")
    second = _pack_with_fallback(tmp_path / "second", cjk, f"The chair, {NAME}, spoke first")
    build(first, tmp_path / "first.pdf")  # registers its fonts/fallback.ttf in this process
    build(second, tmp_path / "second.pdf")
    with pdfread.open(str(tmp_path / "second.pdf")) as pdf:
        chars = [c for p in pdf.pages for c in p.chars if c["text"] in NAME]
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert NAME in text
    assert chars and all("DroidSansFallback" in c["fontname"] for c in chars)

"""Missing glyphs (issue 16): `check` names characters no font has, at their line and column; a style
sheet's fallback fonts print them; an italic or bold face that lacks a character borrows its regular face."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from briefing import glyphs
from briefing.pipeline import build, load_and_check
from briefing.style import load_style
from tests import pdfread
from tests.conftest import cli_in_process
from tests.packs import write_pack

NAME = "王小明"
FALLBACK = "Droid Sans Fallback"  # Debian: apt-get install fonts-droid-fallback (a TrueType CJK font)


def _pack(tmp: Path) -> Path:
    sections = [
        {
            "title": "People",
            "blocks": [
                {"paragraph": f"The chair, {NAME}, spoke first [@alpha]."},
                {"quote": {"text": "Dw i’n siŵr — Ελληνικά и русский", "speaker": "Siôn", "role": "Member", "cite": "alpha"}},
            ],
        }
    ]
    return write_pack(tmp / "pack", sections)


def test_check_names_each_character_no_font_has_at_its_line_and_column(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    result = cli_in_process("check", str(pack), cwd=Path.cwd())
    assert result.returncode == 1
    lines = [ln for ln in result.stdout.splitlines() if "U+738B" in ln]
    assert len(lines) == 1, result.stdout
    where, _, message = lines[0].partition(": error: ")
    path, line, col = where.rsplit(":", 2)
    text = Path(path).read_text(encoding="utf-8").splitlines()[int(line) - 1]
    assert text[int(col) - 1] == NAME[0], f"{where} points at {text[int(col) - 1 :]!r}"
    assert "fallback_fonts" in message and "empty box" in message
    # Greek, Cyrillic and Welsh are covered by the default faces: no diagnostic for them
    assert "U+03" not in result.stdout and "U+04" not in result.stdout and "U+0175" not in result.stdout


def test_the_default_pack_prints_with_its_own_fonts() -> None:
    from briefing.pipeline import default_content_dir

    checked = load_and_check(default_content_dir(), None)
    assert not [d for d in checked.diagnostics if "empty box" in d.message]


def test_an_italic_face_lacking_a_character_prints_it_from_the_regular_face(tmp_path: Path) -> None:
    out = tmp_path / "out.pdf"
    pack = write_pack(
        tmp_path / "pack",
        [
            {
                "title": "Words",
                "blocks": [
                    {"quote": {"text": "Dw i’n siŵr — Ελληνικά и русский", "speaker": "Siôn", "role": "Member", "cite": "alpha"}}
                ],
            }
        ],
    )
    build(pack, out)
    with pdfread.open(str(out)) as pdf:
        chars = [c for p in pdf.pages for c in p.chars if c["text"] in "ŵΕλи"]
    assert {c["text"] for c in chars} == set("ŵΕλи")
    for c in chars:
        font = c["fontname"].split("+")[-1]
        path = glyphs.package_font(f"font_source_serif_pro:{font}.ttf")
        assert ord(c["text"]) in glyphs.coverage(path), f"{c['text']} set in {font}, which has no glyph for it"


def test_the_cmap_reader_agrees_with_reportlab() -> None:
    from reportlab.pdfbase.ttfonts import TTFont

    for face in load_style("default").typed.fonts["serif"].__dict__.values():
        path = face.path
        theirs = {c for c in TTFont("probe", str(path)).face.charToGlyph if c < 0xFFFF}
        ours = {c for c in glyphs.coverage(path) if c < 0xFFFF}
        assert len(ours ^ theirs) <= 1, sorted(ours ^ theirs)


@pytest.mark.skipif(
    glyphs._family_file(FALLBACK) is None,
    reason=f"no CJK TrueType font installed: apt-get install fonts-droid-fallback ('{FALLBACK}')",
)
def test_a_fallback_font_named_in_the_style_sheet_prints_the_chinese_name(tmp_path: Path) -> None:
    pack = _pack(tmp_path)
    (pack / "styles").mkdir()
    (pack / "styles" / "default.yaml").write_text(f'extends: default\nfallback_fonts: ["{FALLBACK}"]\n', encoding="utf-8")
    assert not [d for d in load_and_check(pack, None).diagnostics if d.severity == "error"]
    out = tmp_path / "out.pdf"
    build(pack, out)
    with pdfread.open(str(out)) as pdf:
        chars = [c for p in pdf.pages for c in p.chars if c["text"] in NAME]
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert NAME in text
    assert chars and all("DroidSansFallback" in c["fontname"] for c in chars)
    assert (
        shutil.which("pdffonts") is None
        or "DroidSansFallback" in subprocess.run(["pdffonts", str(out)], capture_output=True, text=True).stdout
    )


@pytest.mark.skipif(
    glyphs._family_file(FALLBACK) is None,
    reason=f"no CJK TrueType font installed: apt-get install fonts-droid-fallback ('{FALLBACK}')",
)
def test_a_fallback_font_file_kept_beside_a_packs_own_sheet_is_found(tmp_path: Path) -> None:
    """A font file named by a relative path in a pack's sheet is found beside that sheet (as its faces are),
    not among the installed sheets."""
    pack = _pack(tmp_path)
    fonts = pack / "styles" / "fonts"
    fonts.mkdir(parents=True)
    font = glyphs._family_file(FALLBACK)
    assert font is not None
    shutil.copy(font, fonts / "cjk.ttf")
    (pack / "styles" / "default.yaml").write_text("extends: default\nfallback_fonts: [fonts/cjk.ttf]\n", encoding="utf-8")
    assert not [d for d in load_and_check(pack, None).diagnostics if d.severity == "error"]
    out = tmp_path / "out.pdf"
    build(pack, out)
    with pdfread.open(str(out)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages)
    assert NAME in text

"""A handout names a section it leaves out as words ("section 2 of the full pack"), never as raw markup."""

from __future__ import annotations

from pathlib import Path

from briefing.diagnostics import Diagnostics
from briefing.email import cover_note
from briefing.parse import parse_pack
from tests.resolve_helpers import build_pack, whole_text

SECTIONS = [
    {
        "id": "summary",
        "title": "Summary",
        "summary": True,
        "blocks": [{"bullets": ["The council accepted the review [@b]; the figures are in [#figures]."]}],
    },
    {"id": "figures", "title": "Figures", "blocks": [{"paragraph": "Ten of twelve were implemented [@b]."}]},
]


def test_handout_cross_reference_to_a_left_out_section(tmp_path: Path) -> None:
    text = whole_text(build_pack(tmp_path, SECTIONS, variant="summary"))
    assert "the figures are in section 2 of the full pack." in text
    assert "[#" not in text


def test_full_pack_cross_reference_links_its_number(tmp_path: Path) -> None:
    text = whole_text(build_pack(tmp_path, SECTIONS))
    assert "the figures are in section 2." in text


def test_cover_note_names_the_section(tmp_path: Path) -> None:
    build_pack(tmp_path, SECTIONS, variant="summary")
    pack = parse_pack(tmp_path / "pack", Diagnostics())
    note = " ".join(cover_note(pack, tmp_path / "x.pdf", "summary").split())
    assert "the figures are in section 2 of the full pack." in note
    note = " ".join(cover_note(pack, tmp_path / "x.pdf").split())
    assert "the figures are in section 2." in note

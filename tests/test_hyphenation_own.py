"""Where words break at line ends: the dictionary's minimums (as TeX's British English), briefing's list of words
the patterns break badly, and a pack's own `hyphenation:` list (TeX's \\hyphenation{}), read from the PDF."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
import yaml

from briefing.pipeline import build, load_and_check
from tests.packs import write_pack

WORDS = ("suitability", "projected", "forecast", "accommodation", "independent")
FILL = ("a", "an", "the", "to", "of", "and", "be", "its", "was")  # short words that move each line end along


def _pack(root: Path, **meta: object) -> Path:
    blocks = [{"paragraph": " ".join(f"{FILL[i % len(FILL)]} {w}" for i in range(120)) + " [@alpha]."} for w in WORDS]
    return write_pack(root, [{"title": "Words", "blocks": blocks}], **meta)


def _breaks(pdf: Path) -> set[str]:
    """Every word broken at a line end, as 'head-tail'."""
    lines = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout.splitlines()
    out = set()
    for line, following in zip(lines, lines[1:], strict=False):
        head = re.search(r"([a-z]+)-$", line.rstrip())
        tail = re.match(r"([a-z]+)", following.strip())
        if head and tail:
            out.add(f"{head.group(1)}-{tail.group(1)}")
    return out


def test_bad_british_breaks_are_gone_and_a_packs_own_list_wins(tmp_path: Path) -> None:
    plain = tmp_path / "plain.pdf"
    build(_pack(tmp_path / "plain"), plain)
    breaks = _breaks(plain)
    assert any(b.startswith("accom") for b in breaks) and any(b.startswith("pro") for b in breaks)  # words do break
    for bad in ("suitab-ility", "projec-ted", "project-ed", "accommod-ation", "ac-commodation"):
        assert bad not in breaks, sorted(breaks)

    own = tmp_path / "own.pdf"
    build(_pack(tmp_path / "own", hyphenation=["forecast", "in-de-pend-ent", "ac-com-mo-da-tion"]), own)
    breaks = _breaks(own)
    assert "fore-cast" in _breaks(plain) and not any(b.startswith("fore") for b in breaks)  # listed whole: never
    heads = {b.split("-")[0] for b in breaks}
    assert heads & {"in", "inde", "independ"} and not heads & {"indepen", "independe"}
    assert not {"accommod", "accommodat"} & heads


@pytest.mark.parametrize("entry", ["ac com", "ac--com", "-accom", "1st-ly"])
def test_a_bad_hyphenation_entry_is_an_error_at_its_line(tmp_path: Path, entry: str) -> None:
    root = _pack(tmp_path / "bad", hyphenation=["fore-cast", entry])
    checked = load_and_check(root)
    errors = [str(d) for d in checked.errors]
    line = next(
        i
        for i, text in enumerate((root / "pack.yaml").read_text().splitlines(), 1)
        if entry in text or yaml.safe_dump(entry).strip() in text
    )
    assert len(errors) == 1 and f"pack.yaml:{line}:" in errors[0] and "ac-com-mo-da-tion" in errors[0], errors

"""A second layout carried on from the first one's copy of itself (render/checkpoint.py) makes the PDF a second
layout from the first page makes, byte for byte: the default pack, where a figure floats past citing text on
page 25, in A4 and in letter (another page, so another figure held); and a generated pack laid out three times,
whose last layout takes its note paragraphs from what the second put in the paragraph pool; and `briefing watch`'s
rebuilds of two such packs, edited here and there, each the PDF of a cold build laid out from the first page."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.pipeline import BuildOptions
from tests.test_watch import cite_added, cite_removed, cold_build, counting_resumes, rebuilds_differing, word


def _build(out: Path, options: BuildOptions, resume: bool, pack: Path = Path("content")) -> tuple[bytes, int]:
    """The PDF of a cold build, and how many second layouts carried on from a checkpoint."""
    with counting_resumes() as resumed:
        pdf = cold_build(pack, out, options, resume)
    return pdf, resumed[0]


@pytest.mark.parametrize("paper", ["a4", "letter"])
def test_carried_on_layout_is_byte_identical(tmp_path: Path, paper: str) -> None:
    options = BuildOptions(paper=paper)
    carried, resumed = _build(tmp_path / "carried.pdf", options, resume=True)
    fresh, none = _build(tmp_path / "fresh.pdf", options, resume=False)
    assert resumed == 1 and none == 0  # the default pack is laid out twice; the second carried on once
    assert carried == fresh


def test_carried_on_layout_feeds_a_third_layout_the_same(tmp_path: Path) -> None:
    """Seed 8009 (large): the carried-on second layout prints the renumbered notes out of order again, so a third
    is laid out from the first page.  Its note paragraphs come from the pool, as the second layout left it: the
    carried-on layout must leave the same paragraphs there (a note made afresh printed a line as 'Tj  T*', one
    taken back from the pool as 'Tj T*').  The pack is 8009 shrunk while it still failed without that fix and
    a11a3fb's (tests/shrunk/checkpoint-8009/README.txt)."""
    pack = Path(__file__).resolve().parent / "shrunk" / "checkpoint-8009"
    carried, resumed = _build(tmp_path / "carried.pdf", BuildOptions(), True, pack)
    fresh, _ = _build(tmp_path / "fresh.pdf", BuildOptions(), False, pack)
    assert resumed == 1
    assert carried == fresh


EDITS = {  # two edits a pack, at either end of its last section file, to keep the test short
    "checkpoint-8009": [("a word at the start", word(0)), ("a citation removed", cite_removed)],
    "floats-9120": [("a word at the end", word(-1)), ("a citation added", cite_added("s1"))],
}


@pytest.mark.parametrize(
    ("name", "options"), [("checkpoint-8009", BuildOptions()), ("floats-9120", BuildOptions(paper="letter"))]
)
def test_every_rebuild_of_a_generated_pack_is_a_plain_cold_build(name: str, options: BuildOptions, tmp_path: Path) -> None:
    """Generated packs (shrunk, tests/shrunk) whose figures float past citing text, one laid out three times,
    edited at the start and end of the last section file, a citation removed and one added: each `briefing watch`
    rebuild writes the bytes of a cold build laid out from the first page (tests/test_watch.py)."""
    pack = tmp_path / "pack"
    shutil.copytree(Path(__file__).resolve().parent / "shrunk" / name, pack, ignore=shutil.ignore_patterns("README.txt"))
    last = sorted(p.name for p in pack.glob("*-s.yaml"))[-1]
    edits = [(what, last, change) for what, change in EDITS[name]]
    differing, resumed, _ = rebuilds_differing(pack, edits, options, tmp_path)
    assert differing == []
    assert resumed[0] > 0

"""A table's header row starts on the page its first row starts on (the verifier's header-with-row, read from the
structure tree), also when a note continued from earlier pages fills the page under the table's caption."""

from __future__ import annotations

from pathlib import Path

from tests.verify import build_and_verify, required_of

SHRUNK = Path(__file__).resolve().parent / "shrunk"


def test_continued_notes_give_way_to_a_table_under_its_caption(tmp_path: Path) -> None:
    """Generated pack 4383 in large print, shrunk (tests/shrunk/header-4383/README.txt): a long note continued
    from earlier pages filled page 4 under table 2's caption and header row, and the first row started on page 5.
    Continued notes gave way only to a table under a heading, not under a caption.  Fails without that: the
    header row alone on page 4."""
    pack = SHRUNK / "header-4383"
    failures = build_and_verify(pack, tmp_path / "out.pdf", "large", required_of(pack, "large"))
    assert [str(f) for f in failures] == []

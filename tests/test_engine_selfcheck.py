"""The build proves its own layout: a renderer that breaks a guarantee fails the build and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.pipeline import BuildOptions, build_for_cli
from briefing.render import notes
from briefing.render.document import BriefingDoc

REPROS = Path(__file__).parent / "repros"
OLD = b"%PDF-1.4 the last good build\n"


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    root = tmp_path / "pack"
    root.mkdir()
    for name in ("pack.yaml", "sources.yaml"):
        (root / name).write_text((REPROS / "fail-7" / name).read_text(encoding="utf-8"), encoding="utf-8")
    (root / "01.yaml").write_text(
        "title: Chronology\nblocks:\n"
        "  - paragraph: The review sets out the chronology.[@a, p. 1]\n"
        "  - paragraph: It was published later that year.[@a, p. 2]\n",
        encoding="utf-8",
    )
    return root


def _build(pack: Path, tmp_path: Path) -> tuple[int, str, Path]:
    out = tmp_path / "out.pdf"
    out.write_bytes(OLD)
    outcome = build_for_cli(pack, out, BuildOptions())
    return outcome.code, "\n".join(outcome.messages), out


def test_a_sound_build_passes_its_own_check(pack: Path, tmp_path: Path) -> None:
    code, messages, out = _build(pack, tmp_path)
    assert code == 0, messages
    assert out.read_bytes() != OLD


def test_a_note_sent_to_the_next_page_fails_the_build_and_keeps_the_old_pdf(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Break the renderer: the first note of each placement is carried to the next page instead of drawn here."""
    commit = notes.NoteArea.commit

    def misplacing_commit(self: notes.NoteArea, plan: notes.NotePlan, page: int) -> None:
        if plan.entries and not plan.entries[0].continued:
            moved, rest = plan.entries[0], plan.entries[1:]
            commit(self, notes.NotePlan(rest, plan.tails, plan.revises, plan.revised, plan.continued), page)
            self.on_page.add(moved.number)
            self.carry.append(moved)
            return
        commit(self, plan, page)

    monkeypatch.setattr(notes.NoteArea, "commit", misplacing_commit)
    code, messages, out = _build(pack, tmp_path)
    assert code == 3, messages
    assert "layout self-check failed" in messages
    assert "the marker of note 1 is on page 3 but the note starts on page 4" in messages
    assert "01.yaml:3:5" in messages  # the block whose marker it is
    assert out.read_bytes() == OLD


def test_a_dropped_block_fails_the_build(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Break the renderer: the second paragraph is silently dropped from the story."""
    handle = BriefingDoc.handle_flowable

    def dropping(self: BriefingDoc, flowables: list) -> None:  # type: ignore[type-arg]
        pos = getattr(flowables[0], "_briefing_pos", None)
        if pos is not None and pos.line == 4:
            del flowables[0]
            return
        handle(self, flowables)

    monkeypatch.setattr(BriefingDoc, "handle_flowable", dropping)
    code, messages, out = _build(pack, tmp_path)
    assert code == 3, messages
    assert "01.yaml:4:5: this block was never placed on a page" in messages
    assert out.read_bytes() == OLD


def test_markers_placed_out_of_number_order_fail_the_build(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Break the renderer: the second paragraph (note 2) is placed before the first (note 1), on the same page,
    so the notes no longer read in order although each sits on its marker's page."""
    handle = BriefingDoc.handle_flowable

    def swapping(self: BriefingDoc, flowables: list) -> None:  # type: ignore[type-arg]
        first = getattr(flowables[0], "_briefing_pos", None)
        second = getattr(flowables[1], "_briefing_pos", None) if len(flowables) > 1 else None
        if first is not None and second is not None and (first.line, second.line) == (3, 4):
            flowables[0], flowables[1] = flowables[1], flowables[0]
        handle(self, flowables)

    monkeypatch.setattr(BriefingDoc, "handle_flowable", swapping)
    code, messages, out = _build(pack, tmp_path)
    assert code == 3, messages
    assert "the marker of note 1 is placed after the marker of note 2" in messages
    assert out.read_bytes() == OLD

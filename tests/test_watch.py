"""`briefing watch`: each save rebuilds, a broken save keeps the last good PDF, unchanged files are not re-read."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml

import briefing.load as load
import briefing.render.checkpoint as checkpoint
import briefing.render.document as document
from briefing.pipeline import BuildOptions, build, default_content_dir
from briefing.watch import Watcher
from tests.packs import stress_sections, write_pack

SUMMARY = re.compile(r"\d+ pages?, \d+ footnotes?, \d+ sources?, \d+ KB, [\d.]+ s$")


class Lines:
    def __init__(self) -> None:
        self.out: list[str] = []
        self.err: list[str] = []

    def __call__(self, line: str, err: bool) -> None:
        (self.err if err else self.out).append(line)


@pytest.fixture()
def pack(tmp_path: Path) -> Path:
    return write_pack(tmp_path / "pack", stress_sections()[2:])


def test_warm_rebuilds_are_byte_identical_to_a_fresh_build(pack: Path, tmp_path: Path) -> None:
    out, fresh = tmp_path / "warm.pdf", tmp_path / "fresh.pdf"
    watcher = Watcher(pack, out, echo=Lines())
    section = pack / "01.yaml"
    for edit in (None, None, "Long paragraph", "the council"):
        if edit:
            section.write_text(section.read_text(encoding="utf-8").replace(edit, edit.upper(), 1), encoding="utf-8")
        assert watcher.rebuild([(2, str(section))] if edit else [])
        if edit or not fresh.exists():  # the pack unchanged since the last cold build: the same cold PDF
            build(pack, fresh)  # cold: a fresh session of its own
        assert out.read_bytes() == fresh.read_bytes(), f"a warm rebuild differs from a fresh build (edit {edit!r})"
    pool = watcher.session.paragraphs
    assert pool is not None and pool.reused > 50  # the unchanged paragraphs came back
    assert watcher.session.streams.hits > 10  # and so did the deflated streams of unchanged pages and subsets


def test_rebuild_writes_the_pdf_and_prints_the_summary(pack: Path, tmp_path: Path) -> None:
    lines = Lines()
    out = tmp_path / "out.pdf"
    watcher = Watcher(pack, out, echo=lines)
    assert watcher.rebuild()
    assert out.read_bytes().startswith(b"%PDF")
    assert SUMMARY.search(lines.out[-1]), lines.out
    assert watcher.builds == watcher.good == 1


def test_a_broken_save_prints_its_errors_and_keeps_the_last_good_pdf(pack: Path, tmp_path: Path) -> None:
    lines = Lines()
    out = tmp_path / "out.pdf"
    watcher = Watcher(pack, out, echo=lines)
    assert watcher.rebuild()
    good = out.read_bytes()
    section = pack / "01.yaml"
    fixed = section.read_text(encoding="utf-8")
    section.write_text(fixed.replace("[@alpha]", "[@nowhere]", 1), encoding="utf-8")
    assert not watcher.rebuild([(2, str(section))])
    assert out.read_bytes() == good
    assert any(re.search(r"01\.yaml:\d+:\d+: error: .*nowhere", line) for line in lines.err), lines.err
    assert "last good PDF is unchanged" in lines.err[-1]
    assert any("01.yaml changed" in line for line in lines.err)
    section.write_text(fixed.replace("Long paragraph", "A long paragraph", 1), encoding="utf-8")
    assert watcher.rebuild([(2, str(section))])
    assert (watcher.builds, watcher.good) == (3, 2)


def test_unchanged_files_are_not_read_again(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    watcher = Watcher(pack, tmp_path / "out.pdf", echo=Lines())
    assert watcher.rebuild()
    read: list[str] = []
    real = load._load_text
    monkeypatch.setattr(load, "_load_text", lambda shown, text: (read.append(shown), real(shown, text))[1])
    assert watcher.rebuild()
    assert read == []
    section = pack / "01.yaml"
    section.write_text(section.read_text(encoding="utf-8") + "\n# saved again\n", encoding="utf-8")
    assert watcher.rebuild([(2, str(section))])
    assert [Path(s).name for s in read] == ["01.yaml"]


def test_a_watcher_keeps_its_own_state_whatever_another_does(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each watcher owns its warm state: closing one (as a tool driving several does) leaves another's kept
    files and paragraphs alone, and a one-off build in between keeps nothing and takes nothing."""
    other = write_pack(tmp_path / "other", stress_sections()[2:])
    first, second = Watcher(pack, tmp_path / "a.pdf", echo=Lines()), Watcher(other, tmp_path / "b.pdf", echo=Lines())
    assert first.rebuild() and second.rebuild()
    first.close()
    build(pack, tmp_path / "cold.pdf")
    read: list[str] = []
    real = load._load_text
    monkeypatch.setattr(load, "_load_text", lambda shown, text: (read.append(shown), real(shown, text))[1])
    assert second.rebuild()
    assert read == []  # nothing of the second pack read again
    assert second.session.paragraphs.reused > 50  # and its paragraphs came back


def test_a_changed_sheet_or_word_list_breaks_the_kept_paragraphs_again(pack: Path, tmp_path: Path) -> None:
    """Hyphenation comes from the style sheet and the pack's own word list, not from a kept paragraph's key:
    after either changes, a warm rebuild is still the fresh build (in a process of its own), byte for byte.
    (A changed word list used to keep the old line breaks.)"""
    out, fresh = tmp_path / "warm.pdf", tmp_path / "fresh.pdf"
    sheet = pack / "styles" / "default.yaml"
    sheet.parent.mkdir()
    sheet.write_text("extends: default\n", encoding="utf-8")
    watcher = Watcher(pack, out, echo=Lines())
    assert watcher.rebuild()
    first = out.read_bytes()
    sheet.write_text("extends: default\nhyphenation:\n  min_word_length: 5\n", encoding="utf-8")
    listed = pack / "pack.yaml"
    data = yaml.safe_load(listed.read_text(encoding="utf-8"))
    data["pack"]["hyphenation"] = ["departments", "paperwork", "complaint", "agencies", "concerns", "council"]
    for changed in (sheet, listed):
        if changed is listed:
            listed.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
        assert watcher.rebuild([(2, str(changed))])
        subprocess.run(
            [sys.executable, "-m", "briefing", "build", str(pack), "-o", str(fresh)], check=True, capture_output=True, timeout=300
        )
        assert out.read_bytes() == fresh.read_bytes(), f"a warm rebuild differs from a fresh build ({changed.name})"
    assert out.read_bytes() != first  # the line breaks did change


def test_only_changes_that_can_alter_the_pdf_start_a_rebuild(pack: Path, tmp_path: Path) -> None:
    out = pack / "build" / "pack.pdf"
    watcher = Watcher(pack, out, echo=Lines())
    assert watcher.relevant(2, str(pack / "01.yaml"))
    assert watcher.relevant(1, str(pack / "texts" / "source.txt"))
    for ignored in (
        out,
        pack / "build" / ".pack.pdf.x1y2.tmp",
        pack / ".01.yaml.swp",
        pack / "01.yaml~",
        pack / ".git" / "index",
    ):
        assert not watcher.relevant(2, str(ignored)), ignored
    assert pack.resolve() in watcher.paths()


def test_the_watch_loop_rebuilds_on_save_and_stops_on_request(pack: Path, tmp_path: Path) -> None:
    lines = Lines()
    out = tmp_path / "out.pdf"
    watcher = Watcher(pack, out, echo=lines)
    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, kwargs={"stop_event": stop}, daemon=True)
    thread.start()
    try:
        assert watcher.wait_for(1, timeout=60), lines.err
        first = out.stat().st_mtime_ns
        section = pack / "01.yaml"
        # save until the watcher has seen it (inotify may start a moment after the first build)
        for attempt in range(20):
            section.write_text(section.read_text(encoding="utf-8") + f"\n# edit {attempt}\n", encoding="utf-8")
            if watcher.wait_for(2, timeout=3):
                break
        assert watcher.builds >= 2, lines.err
        assert watcher.good >= 2
        assert out.stat().st_mtime_ns != first
        assert any("01.yaml changed" in line for line in lines.err)
    finally:
        stop.set()
        thread.join(timeout=30)
    assert not thread.is_alive()


def test_watch_command_help() -> None:
    run = subprocess.run([sys.executable, "-m", "briefing", "watch", "--help"], capture_output=True, text=True, check=False)
    assert run.returncode == 0, run.stderr
    for option in ("CONTENT_DIR", "--output", "--sources", "--paper"):
        assert option in run.stdout


def test_a_folder_removed_just_before_the_watch_starts_is_waited_for(
    pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The race fixed in 65f2fca, made to happen every time: the pack's folder goes after the watcher checked it
    and before watchfiles starts, and the real watchfiles then raises FileNotFoundError.  The watcher must say the
    folder was removed and wait for it, not die with a traceback in its thread."""
    import shutil

    import watchfiles

    real = watchfiles.watch
    stop = threading.Event()

    def folder_gone_first(*paths: Path, **kwargs: object) -> object:
        shutil.rmtree(pack)
        stop.set()  # then stop the wait for the folder to come back at once: no sleeping in the test
        return real(*paths, **kwargs)  # type: ignore[call-overload]

    monkeypatch.setattr(watchfiles, "watch", folder_gone_first)
    lines = Lines()
    watcher = Watcher(pack, tmp_path / "out.pdf", echo=lines)
    watcher.run(stop_event=stop)  # raised FileNotFoundError before the fix
    assert watcher.builds == 1 and watcher.good == 1
    assert any(f"{pack} was removed; waiting for it to come back" in line for line in lines.err), lines.err


# ---------------------------------------------------------------- rebuilds against plain cold builds

Change = Callable[[str], str]


def word(at: int | float, new: str = "a") -> Change:
    """One word changed to `new`: the `at`-th ' the ' of the file (0 the first, -1 the last; a fraction: that far
    in)."""

    def change(text: str) -> str:
        spots = [m.start() for m in re.finditer(" the ", text)]
        i = spots[int(len(spots) * at) if isinstance(at, float) else at]
        return text[:i] + f" {new} " + text[i + len(" the ") :]

    return change


def repeated(times: int) -> Change:
    """The first paragraph of a subsection (with its citations) repeated after itself `times` times."""

    def change(text: str) -> str:
        start = text.index("\n      - paragraph: >-\n") + 1
        end = text.index("\n      - ", start + 1) + 1
        return text[:end] + text[start:end] * times + text[end:]

    return change


def cite_added(source: str) -> Change:
    """A citation after the first "the" of the first paragraph (a title is plain text: one there is an error)."""

    def change(text: str) -> str:
        at = text.index(" the ", text.index("paragraph:"))
        return text[:at] + f" the [@{source}] " + text[at + len(" the ") :]

    return change


def cite_removed(text: str) -> str:
    """The first citation in a paragraph removed (a caption must cite the source of its data)."""
    for m in re.finditer(r"\s*\[@[^\]]*\]", text):
        key = re.findall(r"\b(\w+):\s", text[: m.start()])
        if key and key[-1] == "paragraph":
            return text[: m.start()] + text[m.end() :]
    return text


def moved(block: str, before: str) -> Change:
    """The block starting `block` (up to the next block at its indentation) moved to just before `before`."""

    def change(text: str) -> str:
        start = text.index(block)
        indent = block[: len(block) - len(block.lstrip())]
        end = text.index("\n" + indent + "- ", start + 1) + 1
        cut, rest = text[start:end], text[:start] + text[end:]
        at = rest.index(before)
        return rest[:at] + cut + rest[at:]

    return change


@contextlib.contextmanager
def counting_resumes() -> Iterator[list[int]]:
    """Count the layouts carried on from a copy (render/checkpoint.py: `adopt` giving a document back) while the
    block runs: [second layouts carried on from their first layout's copy, first layouts carried on from a copy an
    earlier watch build kept].  `adopt` as it is when the block starts (a test may have replaced it), where
    document.py calls it (second layouts) and where checkpoint.py does (`carry_kept`, first layouts)."""
    resumed = [0, 0]

    def counting(real: Callable[..., object]) -> Callable[..., object]:
        def counted(cp: checkpoint.Checkpoint, renderer: object, story: list[object], first: bool = False) -> object:
            doc = real(cp, renderer, story, first)
            resumed[first] += doc is not None
            return doc

        return counted

    with pytest.MonkeyPatch.context() as m:
        m.setattr(document, "adopt", counting(document.adopt))
        m.setattr(checkpoint, "adopt", counting(checkpoint.adopt))
        yield resumed


_PLAIN: dict[str, bytes] = {}  # plain cold builds by what they were built from (`_built_from`)


def cold_build(pack: Path, out: Path, options: BuildOptions, resume: bool = False) -> bytes:
    """The PDF of a cold build (a fresh session of its own).  With `resume` False, a plain one: laid out from the
    first page each time, no copy of a first layout carried on by the second (render/checkpoint.py), nothing
    incremental at all.  A plain build's bytes depend only on what it is built from (a test of its own proves
    that), so one already made from the same files and options in this process is not made again: several tests
    compare rebuilds of the same pack, edited the same way, with it."""
    key = _built_from(pack, options) if not resume else ""
    if key in _PLAIN:
        return _PLAIN[key]
    with pytest.MonkeyPatch.context() as m:
        if not resume:
            m.setattr(checkpoint, "worth_taking", lambda last, page: False)
        build(pack, out, options)
    data = out.read_bytes()
    if key:
        _PLAIN[key] = data
    return data


def _built_from(pack: Path, options: BuildOptions) -> str:
    """A digest of the pack's files (names and bytes), the options and SOURCE_DATE_EPOCH."""
    digest = hashlib.sha256(repr((options, os.environ.get("SOURCE_DATE_EPOCH"))).encode())
    for path in sorted(p for p in pack.rglob("*") if p.is_file()):
        digest.update(str(path.relative_to(pack)).encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def rebuilds_differing(
    pack: Path, edits: list[tuple[str, str, Change]], options: BuildOptions, tmp_path: Path
) -> tuple[list[str], list[int], list[str]]:
    """Watch `pack`, make each edit (what, file, change) in turn and rebuild; the edits after which the watched PDF
    is not the plain cold build's, byte for byte, how many layouts carried on from a copy (`counting_resumes`), and
    each rebuild's summary line."""
    out = tmp_path / "watched.pdf"
    lines = Lines()
    watcher = Watcher(pack, out, options, echo=lines)
    differing = []
    with counting_resumes() as resumed:
        for what, name, change in [("first build", "", lambda text: text), *edits]:
            if name:
                path = pack / name
                text = path.read_text(encoding="utf-8") if path.exists() else ""  # else made
                assert change(text) != text, what
                path.parent.mkdir(exist_ok=True)
                path.write_text(change(text), encoding="utf-8")
            assert watcher.rebuild([(2, str(pack / name))] if name else []), (what, watcher.last)
            if out.read_bytes() != cold_build(pack, tmp_path / "plain.pdf", options):
                differing.append(what)
    return differing, list(resumed), lines.out


SHEET = "extends: default\nhyphenation:\n  min_word_length: 5\n"  # line breaks move, no flowable of the story does
FIGURE = "      - chart:\n          kind: bar\n          title: The council reports that sickness"
DEFAULT_EDITS: list[tuple[str, str, Change]] = [
    ("a word in the first section", "01-summary.yaml", word(0)),
    ("a word with a letter new to the pack in a middle section", "05-accountability.yaml", word(0.5, "naïve")),
    ("a paragraph repeated in a late section: a page and a note more", "08-sources-differ.yaml", repeated(1)),
    ("a word in the last section", "09-questions.yaml", word(-1)),
    ("a citation added in the last section", "09-questions.yaml", cite_added("council-release")),
    ("a style sheet of the pack's own, hyphenating shorter words", "styles/default.yaml", lambda text: SHEET),
    ("a citation added", "06-review-findings.yaml", cite_added("council-release")),
    ("a citation removed", "03-the-case.yaml", cite_removed),
    ("a figure moved", "07-council-response.yaml", moved(FIGURE, "      - table:\n          caption: Workforce")),
]


def test_every_rebuild_of_the_default_pack_is_a_plain_cold_build(tmp_path: Path) -> None:
    """Edits all over the default pack, where a figure floats past citing text, so each rebuild lays it out twice,
    the second layout carrying on from the first's copy of itself: each rebuild writes the bytes a cold build laid
    out from the first page writes, the deflated streams and font subsets of unchanged pages taken back from the
    last rebuild (render/deflated.py), also when a letter new to the pack changes a font's subset, a page or notes
    are added, the notes are numbered anew or a figure moves.  Two edits in the last file follow an edit after the
    figure: their first layouts carry on the copy the rebuild before kept of its own (render/checkpoint.py,
    `KeptLayouts`).  Then the pack gets a style sheet of its own: that rebuild must lay the pages out afresh, not
    carry on a copy laid out with the old sheet (it did, and differed, when the session kept the copy through it)."""
    pack = tmp_path / "pack"
    shutil.copytree(default_content_dir(), pack)
    differing, resumed, summaries = rebuilds_differing(pack, DEFAULT_EDITS, BuildOptions(), tmp_path)
    assert differing == []
    # the second layout carried on every time; the first layouts of the two edits in the last file, each after an
    # edit after the figure, carried on the copy kept (pages 1-24 not laid out); none after the sheet changed
    assert resumed == [len(DEFAULT_EDITS) + 1, 2]
    counts = [re.findall(r"(\d+) pages?, (\d+) footnotes?", line)[0] for line in summaries]
    assert counts[3] == (str(int(counts[2][0]) + 1), str(int(counts[2][1]) + 1)), counts  # a page, a note more


def test_a_wrong_carried_on_layout_is_caught(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The comparison above sees a resume gone wrong that the layout's self-check lets through: the layout carried
    on keeping the first layout's note maker sets the notes after the figure with the first layout's numbers and
    texts, page by page in the right places."""
    real = document.adopt

    def keeps_old_notes(cp: checkpoint.Checkpoint, renderer: object, story: list[object], first: bool = False) -> object:
        maker = cp.doc.note_area.make_note if cp.doc is not None else None
        doc = real(cp, renderer, story, first)
        if doc is not None:
            doc.note_area.make_note = maker
        return doc

    monkeypatch.setattr(document, "adopt", keeps_old_notes)
    pack = tmp_path / "pack"
    shutil.copytree(default_content_dir(), pack)
    differing, resumed, _ = rebuilds_differing(pack, DEFAULT_EDITS[:1], BuildOptions(), tmp_path)
    assert resumed == [2, 0]
    assert differing == ["first build", "a word in the first section"]

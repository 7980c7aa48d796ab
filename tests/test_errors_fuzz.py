"""Whatever the content, `briefing check` and `briefing build` end in a PDF or in clean diagnostics.

Random YAML, mutated copies of a good pack and random text in every kind of
field go through the command line; the only outcomes allowed are exit 0 with
a PDF, or exit 1 with one `path[:line:col]: error|warning|note: message` line a
problem.  Never a traceback, an "internal error" or a hang.  Example counts
are small so the whole file runs in well under 30 seconds.
"""

from __future__ import annotations

import dataclasses
import json
import os
import re
import shutil
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from briefing.cli import app
from briefing.session import Session
from briefing.style import SheetCache

BASE = Path(__file__).resolve().parent / "broken" / "_base"
DIAGNOSTIC = re.compile(r"^[^\n]+?(:\d+:\d+)?: (error|warning|note): \S[^\n]*$")
SUMMARY = re.compile(r"^briefing: ")
FUZZ = settings(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


@dataclass
class Scratch:
    """Where a test's examples are written: one pack folder, emptied and copied again for each example, and the
    style sheets checked there (a `SheetCache` keeps a sheet by its file and the pack's folder).  The commands
    run with a fresh `Session` holding these sheets, so each example reads its own pack files but not the
    unchanged style sheet again (about 15 ms of the 25 ms a small pack's check takes)."""

    root: Path
    sheets: SheetCache = dataclasses.field(default_factory=SheetCache)


@pytest.fixture(scope="module")
def scratch(tmp_path_factory: pytest.TempPathFactory) -> Scratch:
    return Scratch(tmp_path_factory.mktemp("fuzz") / "pack")


@contextmanager
def pack_copy(scratch: Scratch) -> Iterator[Path]:
    root = scratch.root
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(BASE, root)
    old = Path.cwd()
    os.chdir(root)
    try:
        yield root
    finally:
        os.chdir(old)


def assert_clean_outcome(root: Path, scratch: Scratch, build: bool = True) -> None:
    """check, then build: exit 0 (with a PDF for build) or 1 with well-formed diagnostics; nothing else."""
    runner = CliRunner()
    commands = [["check", "."]] + ([["build", ".", "-o", str(root / "out.pdf")]] if build else [])
    for args in commands:
        result = runner.invoke(app, args, obj=Session(sheets=scratch.sheets))
        assert result.exit_code in (0, 1), (args, result.exit_code, result.output, result.exception)
        assert "Traceback" not in result.output and "internal error" not in result.output, result.output
        for line in result.output.splitlines():
            assert DIAGNOSTIC.match(line) or SUMMARY.match(line) or line.startswith(str(root / "out.pdf")), line
        event(f"{args[0]} exit {result.exit_code}")
        if args[0] == "build":
            if result.exit_code == 0:
                assert (root / "out.pdf").read_bytes().startswith(b"%PDF")
            else:
                assert not (root / "out.pdf").exists()
                assert re.search(r": error: ", result.output)


# ------------------------------------------------------------------ random YAML

YAML_CHARS = st.sampled_from(
    list("abc xyz-:[]{},&*!|>'\"#%@`?\n\t  \\")
    + ["- ", ": ", "\n  ", "\n    - ", "paragraph: ", "[@report]", "title: ", "blocks:\n  - "]
)


@settings(FUZZ, max_examples=150)
@given(st.lists(YAML_CHARS, max_size=60).map("".join))
def test_random_yaml_as_a_section_file(scratch: Scratch, text: str) -> None:
    with pack_copy(scratch) as root:
        (root / "02-detail.yaml").write_text(text, encoding="utf-8")
        assert_clean_outcome(root, scratch, build=False)


# ------------------------------------------------------------------ mutated packs

FILES = ["pack.yaml", "sources.yaml", "01-summary.yaml", "02-detail.yaml"]
INSERTS = [
    "",
    ":",
    "- ",
    "  ",
    "\t",
    "[",
    "]",
    "{",
    "}",
    "'",
    '"',
    "*",
    "&",
    "!",
    "#",
    "\n",
    "@",
    "|",
    ">",
    "~",
    "null",
    "\u00e9",
    "\u201c",
    "\x00",
    "\ufeff",
    "2023-02-30",
    "[@",
    "[#",
]


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, list[tuple[float, int, str]]]:
    name = draw(st.sampled_from(FILES))
    edits = draw(st.lists(st.tuples(st.floats(0, 1), st.integers(0, 12), st.sampled_from(INSERTS)), min_size=1, max_size=3))
    return name, edits


def mutate(text: str, edits: list[tuple[float, int, str]]) -> str:
    for where, delete, insert in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + delete :]
    return text


@settings(FUZZ, max_examples=60)
@given(mutations())
def test_mutated_copies_of_a_good_pack(scratch: Scratch, mutation: tuple[str, list[tuple[float, int, str]]]) -> None:
    name, edits = mutation
    with pack_copy(scratch) as root:
        path = root / name
        path.write_text(mutate(path.read_text(encoding="utf-8"), edits), encoding="utf-8")
        assert_clean_outcome(root, scratch)


# ------------------------------------------------------------------ random text in fields

# Every field below holds printed text; the value is written as a YAML double-quoted string.
FIELDS = [
    ("pack.yaml", "title: Library opening hours"),
    ("pack.yaml", "subtitle: What changed in 2023 and why"),
    ("01-summary.yaml", "title: Summary"),
    ("01-summary.yaml", "speaker: Sam Smith"),
    ("01-summary.yaml", "text: The change was reported in the local press."),
    ("02-detail.yaml", "- paragraph: See [#summary] for the short version."),
    ("02-detail.yaml", "caption: Branches affected [@report]"),
    ("02-detail.yaml", "event: New hours begin."),
    ("02-detail.yaml", "name: Sam Smith"),
    ("02-detail.yaml", "title: Sources differ"),
    ("sources.yaml", "title: Council cuts library hours"),
]
TEXT = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=40) | st.sampled_from(
    [
        "**",
        "*a*b**",
        "[@report",
        "[@report, p. 3] [@",
        "[#]",
        "<b>",
        "&#0;",
        "\u00ad",
        "\u200b",
        "x" * 400,
        "\u202e",
        "\x07",
        "word " * 200,
    ]
)


@settings(FUZZ, max_examples=60)
@given(st.sampled_from(FIELDS), TEXT)
def test_random_text_in_a_field(scratch: Scratch, field: tuple[str, str], text: str) -> None:
    name, line = field
    key = line.split(":", 1)[0]
    with pack_copy(scratch) as root:
        path = root / name
        content = path.read_text(encoding="utf-8")
        assert content.count(line) == 1
        path.write_text(content.replace(line, f"{key}: {json.dumps(text, ensure_ascii=False)}"), encoding="utf-8")
        assert_clean_outcome(root, scratch)

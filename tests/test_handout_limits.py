"""The handout keeps its promises: at most two pages (a longer one is refused, naming the block that runs past
them), no block left out without a word, and no entry twice in its one-line source list."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pypdf

from tests.conftest import cli_in_process
from tests.packs import write_pack

GAZETTE = [
    {
        "id": "gaz-a",
        "kind": "news report",
        "title": "Council sets housing budget",
        "short": "Gazette",
        "publisher": "Gazette",
        "date": "2025-04-03",
        "author": "unknown",
    },
    {
        "id": "gaz-b",
        "kind": "news report",
        "title": "Families wait for homes",
        "short": "Gazette",
        "publisher": "Gazette",
        "date": "2025-04-03",
        "author": "unknown",
    },
]


def cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`briefing ARGS` from `cwd`, in this process (what it prints, writes and exits with is the point)."""
    return cli_in_process(*args, cwd=cwd)


def pdf_text(path: Path) -> str:
    return " ".join(" ".join((p.extract_text() or "").split()) for p in pypdf.PdfReader(str(path)).pages)


def line_of(path: Path, needle: str) -> int:
    return next(i for i, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1) if needle in line)


def test_a_handout_longer_than_two_pages_is_refused_at_the_block_that_runs_past(tmp_path: Path) -> None:
    paragraphs: list[dict[str, Any]] = [
        {"paragraph": f"Point {i}: " + "The council set its budget for the year [@gaz-a]. " * 14} for i in range(14)
    ]
    root = write_pack(tmp_path / "pack", [{"id": "long", "title": "Everything", "summary": True, "blocks": paragraphs}], GAZETTE)
    out = tmp_path / "handout.pdf"
    out.write_bytes(b"%PDF-1.4 an earlier handout")
    run = cli("build", str(root), "--variant", "summary", "-o", str(out), cwd=tmp_path)
    assert run.returncode == 1, run.stderr
    errors = [line for line in (run.stdout + run.stderr).splitlines() if ": error: " in line]
    assert len(errors) == 1 and "summary handout would take" in errors[0] and "more than its 2" in errors[0], run.stderr
    where = errors[0].split(": error:")[0]
    assert where.startswith("pack/01.yaml:")
    line = int(where.split(":")[-2])
    text = (root / "01.yaml").read_text(encoding="utf-8").splitlines()[line - 1]
    first_off = int(text.split("Point ")[1].split(":")[0])
    assert 3 <= first_off < 14  # a block that starts past page 2, named by its own line
    assert out.read_bytes() == b"%PDF-1.4 an earlier handout"  # nothing written
    assert cli("build", str(root), "-o", str(tmp_path / "full.pdf"), cwd=tmp_path).returncode == 0  # the full pack


def _marked_pack(tmp_path: Path, second: dict[str, Any]) -> Path:
    return write_pack(
        tmp_path / "pack",
        [
            {
                "id": "summary",
                "title": "Summary",
                "summary": True,
                "blocks": [
                    {"paragraph": "The budget was set [@gaz-a]; families wait [@gaz-b]; see [#detail].", "summary": True},
                    second,
                    {"bullets": ["A point written for the handout alone [@gaz-a]."], "summary": "only"},
                ],
            },
            {"id": "detail", "title": "Detail", "blocks": [{"paragraph": "The detail [@gaz-a]."}]},
        ],
        GAZETTE,
    )


def test_marked_blocks_that_push_others_out_of_the_handout_are_warned_of(tmp_path: Path) -> None:
    root = _marked_pack(tmp_path, {"paragraph": "A second point nobody marked [@gaz-b]."})
    check = cli("check", str(root), cwd=tmp_path)
    warned = [line for line in check.stdout.splitlines() if "leaves out 1 other block" in line]
    dropped = line_of(root / "01.yaml", "A second point nobody marked")
    assert check.returncode == 0 and len(warned) == 1, check.stderr
    assert f"(line {dropped})" in warned[0] and "'summary: false'" in warned[0]
    build = cli("build", str(root), "--variant", "summary", "-o", str(tmp_path / "h.pdf"), cwd=tmp_path)
    assert build.returncode == 0 and "leaves out 1 other block" in build.stdout + build.stderr


def test_summary_false_leaves_a_block_out_of_the_handout_quietly(tmp_path: Path) -> None:
    root = _marked_pack(tmp_path, {"paragraph": "A second point for the full pack alone [@gaz-b].", "summary": False})
    check = cli("check", str(root), cwd=tmp_path)
    assert check.returncode == 0 and "leaves out" not in check.stdout and "0 errors, 1 warning" in check.stderr
    assert "same short form" in check.stdout  # the one warning: the two Gazette sources (below)
    assert cli("build", str(root), "--variant", "summary", "-o", str(tmp_path / "h.pdf"), cwd=tmp_path).returncode == 0
    assert cli("build", str(root), "-o", str(tmp_path / "f.pdf"), cwd=tmp_path).returncode == 0
    handout, full = pdf_text(tmp_path / "h.pdf"), pdf_text(tmp_path / "f.pdf")
    assert "for the full pack alone" in full and "for the full pack alone" not in handout
    assert "written for the handout alone" in handout and "The budget was set" in handout


def test_a_marked_section_without_marked_blocks_leaves_out_only_summary_false(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "pack",
        [
            {
                "id": "s",
                "title": "Summary",
                "summary": True,
                "blocks": [
                    {"paragraph": "Kept in the handout [@gaz-a]."},
                    {"paragraph": "Never in the handout [@gaz-b].", "summary": False},
                ],
            }
        ],
        GAZETTE,
    )
    assert cli("build", str(root), "--variant", "summary", "-o", str(tmp_path / "h.pdf"), cwd=tmp_path).returncode == 0
    handout = pdf_text(tmp_path / "h.pdf")
    assert "Kept in the handout" in handout and "Never in the handout" not in handout


def test_the_handouts_source_list_has_no_entry_twice(tmp_path: Path) -> None:
    root = _marked_pack(tmp_path, {"paragraph": "Another point [@gaz-b].", "summary": True})
    run = cli("build", str(root), "--variant", "summary", "-o", str(tmp_path / "h.pdf"), cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    handout = pdf_text(tmp_path / "h.pdf")
    listing = handout.split("Sources (full references in the notes):")[1].split(".")[0]
    entries = [e.strip() for e in listing.split(";")]
    assert len(entries) == 2 and len(set(entries)) == 2, entries
    assert "Gazette, Gazette" not in listing
    assert "see section 2 of the full pack" in handout and "[#" not in handout


def test_two_sources_whose_repeat_notes_print_alike_are_warned_of(tmp_path: Path) -> None:
    root = _marked_pack(tmp_path, {"paragraph": "Another point [@gaz-b].", "summary": True})
    check = cli("check", str(root), cwd=tmp_path)
    line = line_of(root / "sources.yaml", "id: gaz-b")
    warned = [w for w in check.stdout.splitlines() if "same short form" in w]
    assert len(warned) == 1 and warned[0].startswith(f"pack/sources.yaml:{line}:"), check.stdout
    assert "'gaz-b'" in warned[0] and "'gaz-a'" in warned[0] and "'short:'" in warned[0]

"""A YAML file in the pack's folder that pack.yaml does not list is named with a warning (briefing/packfolder.py):
without it, a section written into the folder and never listed was left out of the PDF without a word."""

from __future__ import annotations

from pathlib import Path

import yaml

from tests import pdfread
from tests.conftest import cli_in_process
from tests.packs import sentence, write_pack

NEW_SECTION = {"title": "Forgotten section", "blocks": [{"paragraph": f"UNLISTEDWORD {sentence(1)} [@alpha]"}]}


def pack(root: Path) -> Path:
    return write_pack(root, [{"title": "Listed", "blocks": [{"paragraph": f"{sentence(0)} [@alpha]"}]}])


def test_a_section_file_not_listed_is_named_by_check_and_build(tmp_path: Path) -> None:
    root = pack(tmp_path / "p")
    (root / "02-forgotten.yaml").write_text(yaml.safe_dump(NEW_SECTION), encoding="utf-8")
    checked = cli_in_process("check", "p", cwd=tmp_path)
    line = "p/02-forgotten.yaml:1:1: warning: '02-forgotten.yaml' is not listed under 'sections' in pack.yaml"
    assert checked.returncode == 0 and line in checked.stderr + checked.stdout
    built = cli_in_process("build", "p", "-o", "out.pdf", cwd=tmp_path)
    assert built.returncode == 0 and line in built.stderr + built.stdout
    with pdfread.open(str(tmp_path / "out.pdf")) as pdf:
        assert not any("UNLISTEDWORD" in (page.extract_text() or "") for page in pdf.pages)  # what the warning says


def test_files_the_pack_reads_and_files_elsewhere_are_not_named(tmp_path: Path) -> None:
    """Listed sections (in the folder or a subfolder), the sources file, a style sheet named by path, the pack's
    styles/ folder, hidden files and other kinds of file draw no warning; an unlisted file beside a listed
    section in a subfolder does."""
    root = pack(tmp_path / "p")
    (root / "parts").mkdir()
    (root / "parts" / "02.yaml").write_text(yaml.safe_dump(NEW_SECTION), encoding="utf-8")
    (root / "parts" / "draft.yml").write_text(yaml.safe_dump(NEW_SECTION), encoding="utf-8")
    meta = yaml.safe_load((root / "pack.yaml").read_text(encoding="utf-8"))
    meta["sections"].append("parts/02.yaml")
    meta["pack"]["style"] = "house.yaml"
    (root / "pack.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    (root / "house.yaml").write_text("extends: default\n", encoding="utf-8")
    (root / "styles").mkdir()
    (root / "styles" / "spare.yaml").write_text("extends: default\n", encoding="utf-8")
    (root / ".draft.yaml").write_text(yaml.safe_dump(NEW_SECTION), encoding="utf-8")
    (root / "notes.txt").write_text("not YAML", encoding="utf-8")
    checked = cli_in_process("check", "p", cwd=tmp_path)
    named = [ln for ln in (checked.stderr + checked.stdout).splitlines() if "is not listed under 'sections'" in ln]
    assert checked.returncode == 0
    assert named == [
        "p/parts/draft.yml:1:1: warning: 'draft.yml' is not listed under 'sections' in pack.yaml, so it is not in "
        "the PDF; list it there, or move it out of the pack's folder"
    ]


def test_a_section_file_listed_twice_is_an_error_at_the_second_entry(tmp_path: Path) -> None:
    """Listed twice, a section file without ids printed twice, numbered twice, without a word (one with ids was
    reported as a duplicate id 'first used' at its own place)."""
    root = pack(tmp_path / "p")
    meta = yaml.safe_load((root / "pack.yaml").read_text(encoding="utf-8"))
    meta["sections"] = ["01.yaml", "01.yaml"]
    (root / "pack.yaml").write_text(yaml.safe_dump(meta, sort_keys=False), encoding="utf-8")
    lines = (root / "pack.yaml").read_text(encoding="utf-8").splitlines()
    second = [i for i, ln in enumerate(lines, 1) if ln.strip() == "- 01.yaml"][1]
    built = cli_in_process("build", "p", "-o", "out.pdf", cwd=tmp_path)
    assert built.returncode == 1 and not (tmp_path / "out.pdf").exists()
    assert f"p/pack.yaml:{second}:3: error: section file '01.yaml' is listed twice (first at line {second - 1})" in (
        built.stdout + built.stderr
    )

"""docs/walkthrough.md builds: its files are extracted exactly as printed, checked, built and read back."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pypdf

ROOT = Path(__file__).resolve().parents[1]
DOC = ROOT / "docs" / "walkthrough.md"


def _cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args], capture_output=True, text=True, cwd=cwd, env=env, check=False
    )


def write_walkthrough(tmp: Path) -> Path:
    """Each ```yaml block whose first line is `# file: NAME` becomes that file."""
    blocks = re.findall(r"```yaml\n# file: (\S+)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    assert len(blocks) == 3
    for name, body in blocks:
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp / name).write_text(body, encoding="utf-8")
    return tmp / "council-pledge"


def test_walkthrough_pack_checks_clean_and_builds(tmp_path: Path) -> None:
    pack = write_walkthrough(tmp_path)
    check = _cli("check", "council-pledge/", cwd=tmp_path)
    assert check.returncode == 0 and "0 errors, 0 warnings" in check.stderr, check.stderr
    build = _cli("build", "council-pledge/", cwd=tmp_path)
    assert build.returncode == 0, build.stderr
    pdf = tmp_path / "build" / "council-pledge-2026-11-23.pdf"  # the name the page promises
    text = "\n".join(page.extract_text() for page in pypdf.PdfReader(pdf).pages)
    squashed = " ".join(text.split())
    assert "The majority of the lessons from the review have already been acted upon." in squashed
    assert "What the council said" in text and "Better child protection pledge for city" in text
    assert "date not stated" in text  # as the page says the PDF prints
    assert pack.is_dir()


def test_walkthrough_error_example_is_what_check_prints(tmp_path: Path) -> None:
    pack = write_walkthrough(tmp_path)
    section = pack / "01-pledge.yaml"
    section.write_text(
        section.read_text(encoding="utf-8").replace("[@council-release]", "[@council-releese]", 1), encoding="utf-8"
    )
    check = _cli("check", "council-pledge/", cwd=tmp_path)
    assert check.returncode == 1
    example = re.search(r"```\n(01-pledge\.yaml:\d+:\d+: error: .*)\n```", DOC.read_text(encoding="utf-8"))
    assert example is not None
    printed = [line.split("/")[-1] for line in (check.stdout + check.stderr).splitlines() if "error:" in line]
    assert example.group(1) in printed, check.stderr


def test_summary_line_counts_in_words(tmp_path: Path) -> None:
    """One source is "1 source", not "1 sources"."""
    write_walkthrough(tmp_path)
    build = _cli("build", "council-pledge/", cwd=tmp_path)
    assert re.search(r": \d+ pages, \d+ footnotes, 1 source, \d+ KB, [\d.]+ s$", build.stdout.strip()), build.stdout

"""The benchmark runs (once, at 1x) and its synthetic packs are valid and shaped like the default pack.

No test here asserts a time: timings belong to benchmarks/run.py's table, not to CI.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

from benchmarks.synth import has_figures, pack_data, write_pack
from briefing.pipeline import load_and_check

ROOT = Path(__file__).resolve().parents[1]


def test_synthetic_pack_is_clean_and_shaped_like_the_default_pack(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack", 1)
    checked = load_and_check(root)
    assert checked.errors == [], checked.errors[:5]
    pack = checked.pack
    assert len(pack.sections) == 9
    assert sum(len(s.sections) for s in pack.sections) == 34
    assert len(pack.sources) == 3


def test_scale_repeats_the_shape_with_distinct_ids() -> None:
    sections, sources = pack_data(3, figures=False)
    assert len(sections) == 27 and len(sources) == 9
    ids = [s["id"] for s in sections] + [sub["id"] for s in sections for sub in s["sections"]]
    assert len(ids) == len(set(ids))
    assert pack_data(2, figures=False) == pack_data(2, figures=False)  # deterministic


def test_figures_are_included_when_the_parser_knows_them() -> None:
    sections, _ = pack_data(1)
    kinds = {k for s in sections for body in [s, *s["sections"]] for b in body["blocks"] for k in b}
    assert ("chart" in kinds) == has_figures()


def test_benchmark_smoke_at_1x(tmp_path: Path) -> None:
    out = tmp_path / "bench.json"
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "run.py"), "--sizes", "1", "--json", str(out)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
        timeout=600,
    )
    assert run.returncode == 0, run.stderr[-3000:]
    assert re.search(r"(?m)^machine: \d+ CPUs", run.stdout)
    row = next(line for line in run.stdout.splitlines() if line.startswith("|") and "1x" in line)
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert int(cells[2]) > 10 and int(cells[3]) > 100  # pages, notes
    data = json.loads(out.read_text())
    result = data["results"][0]
    assert result["size"] == 1 and result["pages"] == int(cells[2]) and result["peak_mb"] > 0 and result["wall"] > 0


def test_the_printed_floor_sets_every_note_and_table_briefing_prints(tmp_path: Path) -> None:
    """benchmarks/floor.py with `printed_items`: ReportLab alone setting the default pack's words, each note's
    reference text (numbered as briefing numbers it) and the tables.  Read from its PDF: every note number's text
    is there, as in briefing's own PDF, so the benchmark's row is not a lighter document than it says."""
    from pypdf import PdfReader

    from benchmarks.peers import write_floor_input
    from briefing.diagnostics import Diagnostics
    from briefing.parse import parse_pack
    from briefing.pipeline import default_content_dir
    from briefing.resolve import resolve

    pack = parse_pack(default_content_dir(), Diagnostics())
    source = write_floor_input(pack, tmp_path, tmp_path / "printed.pdf", printed=True)
    run = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "floor.py"), str(source)], capture_output=True, text=True, check=False
    )
    assert run.returncode == 0, run.stderr[-2000:]
    text = " ".join((page.extract_text() or "") for page in PdfReader(tmp_path / "printed.pdf").pages)
    words = " ".join(text.split())
    notes = resolve(pack).notes.values()
    assert len(notes) > 200
    missing = [n.number for n in notes if " ".join("".join(s.text for s in n.text).split())[:40] not in words]
    assert not missing, missing[:10]
    assert int(run.stdout) >= 25  # pages: the words, notes and tables of a 30-page pack

"""Time `briefing watch`'s rebuild of the default pack after a one-word edit.

    python benchmarks/watch.py [--repeat 7] [--stages] [--last]

Copies the default pack to a temporary folder, builds it once in a Watcher (as `briefing watch`
does: fonts, dictionaries and style sheet loaded, files and paragraphs kept), then changes one
word of one paragraph, alternately back and forth, and times each rebuild (wall and CPU, in this
process).  The goal is 0.15 s.  It prints also the CPU time until the PDF was written: a viewer reloads it
then, and what follows (the garbage collection of the build's objects, the summary line) is still in the
rebuild's figure.

`--stages` prints where a rebuild's CPU time goes, stage by stage (medians; the stages are timed by wrapping
the pipeline's functions, which costs a little itself): load, parse and check; resolve (twice where the notes
are numbered again as printed); making the story (once a layout); the first layout (with the copy of itself it
takes where it holds a figure) and the second carried on from that copy; tagging; serialisation; compaction.
`--last` edits the last section file instead of the first.

Beside it, the same process times plain ReportLab setting everything the pack prints (benchmarks/floor.py: the
words, the notes' reference text as paragraphs, the tables), warm, from nothing each time: what laying out the
whole pack again costs ReportLab alone, with no note placement, hyphenation, tagging or object streams.
"""

from __future__ import annotations

import argparse
import functools
import json
import shutil
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import briefing.pipeline as pipeline  # noqa: E402
from briefing.pipeline import default_content_dir  # noqa: E402
from briefing.watch import Watcher  # noqa: E402

WORD = " the "  # the word changed: first " the " of the first section file that has one


def _target(pack: Path, last: bool = False) -> tuple[Path, int]:
    files = sorted(pack.glob("*.yaml"))
    for path in reversed(files) if last else files:
        if path.name in ("pack.yaml", "sources.yaml"):
            continue
        at = path.read_text(encoding="utf-8").find(WORD)
        if at >= 0:
            return path, at
    raise SystemExit("no section file with a word to change")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--stages", action="store_true", help="print the CPU time of each stage of a rebuild")
    parser.add_argument("--last", action="store_true", help="edit the last section file, not the first")
    args = parser.parse_args(argv)
    stages: dict[str, float] = defaultdict(float)
    undo = _time_stages(stages) if args.stages else []
    rows: list[dict[str, float]] = []
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack"
        shutil.copytree(default_content_dir(), pack)
        watcher = Watcher(pack, Path(tmp) / "out.pdf", echo=lambda line, err: None)
        write = pipeline.write_atomic
        try:
            if not watcher.rebuild():
                raise SystemExit(f"the first build failed: {watcher.last}")
            path, at = _target(pack, args.last)
            original = path.read_text(encoding="utf-8")
            edited = original[:at] + " a " + original[at + len(WORD) :]
            walls, cpus, written = [], [], []
            written_at = [0.0]

            def timed_write(*a: object) -> None:
                write(*a)  # type: ignore[arg-type]
                written_at[0] = time.process_time()

            pipeline.write_atomic = timed_write  # type: ignore[assignment]
            for i in range(args.repeat):
                path.write_text(edited if i % 2 == 0 else original, encoding="utf-8")
                stages.update(dict.fromkeys(stages, 0.0))  # the stages in their order, each from nought
                wall, cpu = time.perf_counter(), time.process_time()
                ok = watcher.rebuild([(None, str(path))])
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                written.append(written_at[0] - cpu)
                rows.append({**stages, "until the PDF was written": written[-1], "whole rebuild": cpus[-1]})
                if not ok:
                    raise SystemExit(f"rebuild {i + 1} failed: {watcher.last}")
        finally:
            pipeline.write_atomic = write
            for owner, name, real in undo:
                setattr(owner, name, real)
            watcher.close()
    print(
        f"watch rebuild after a one-word edit ({path.name}), {args.repeat} rebuilds: "
        f"wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}), "
        f"CPU median {statistics.median(cpus):.3f} s (min {min(cpus):.3f}), of which until the PDF was written "
        f"{statistics.median(written):.3f} s; goal 0.15 s"
    )
    print(f"plain ReportLab setting everything the pack prints, warm, in this process: {_floor_ms(args.repeat):.0f} ms (median)")
    if args.stages:
        for stage in rows[0]:
            print(f"  {stage:40s} {statistics.median(r.get(stage, 0.0) for r in rows) * 1000:7.1f} ms")
    return 0


def _floor_ms(repeat: int) -> float:
    """benchmarks/floor.py's `lay_out` of `printed_items`, timed warm (after one untimed run): median CPU ms."""
    from benchmarks import floor
    from benchmarks.peers import write_floor_input
    from briefing.diagnostics import Diagnostics
    from briefing.parse import parse_pack

    with tempfile.TemporaryDirectory() as tmp:
        pack = parse_pack(default_content_dir(), Diagnostics())
        fonts, items, out = json.loads(write_floor_input(pack, Path(tmp), Path(tmp) / "printed.pdf", printed=True).read_text())
        floor.register(fonts)
        times = []
        for _ in range(repeat + 1):
            start = time.process_time()
            floor.lay_out(items, out)
            times.append(time.process_time() - start)
    return statistics.median(times[1:]) * 1000


def _time_stages(into: dict[str, float]) -> list[tuple[Any, str, Any]]:
    """Wrap each stage's function to add its CPU time to `into`; what to put back afterwards."""
    from reportlab.pdfgen.canvas import Canvas
    from reportlab.platypus.doctemplate import BaseDocTemplate

    import briefing.render.checkpoint as checkpoint
    import briefing.render.document as document

    wrapped = [
        (pipeline, "load_and_check", "load, parse and check"),
        (pipeline, "resolve", "resolve (each numbering)"),
        (document.Renderer, "story", "make the story (each layout)"),
        (BaseDocTemplate, "build", "first layout, drawing and its copy"),
        (checkpoint, "take", "  of which the copy"),
        (document, "carry_on", "second layout, from the copy"),
        (document, "finish", "structure tree (tagging)"),
        (Canvas, "getpdfdata", "serialise"),
        (document, "compact", "compact (object streams)"),
    ]
    undo = []
    for owner, name, label in wrapped:
        into[label] = 0.0
        real = getattr(owner, name)
        undo.append((owner, name, real))
        setattr(owner, name, _timed(real, label, into))
    return undo


def _timed(real: Callable[..., Any], label: str, into: dict[str, float]) -> Callable[..., Any]:
    @functools.wraps(real)
    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return real(*args, **kwargs)
        finally:
            into[label] += time.process_time() - start

    return timed


if __name__ == "__main__":
    raise SystemExit(main())

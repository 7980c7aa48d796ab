"""Time `briefing watch`'s rebuild of the default pack after a one-word edit.

    python benchmarks/watch.py [--repeat 7]

Copies the default pack to a temporary folder, builds it once in a Watcher (as `briefing watch`
does: fonts, dictionaries and style sheet loaded, files and paragraphs kept), then changes one
word of one paragraph, alternately back and forth, and times each rebuild (wall and CPU, in this
process).  The goal is 0.15 s.  It prints also the CPU time until the PDF was written: a viewer reloads it
then, and what follows (the garbage collection of the build's objects, the summary line) is still in the
rebuild's figure.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import briefing.pipeline as pipeline  # noqa: E402
from briefing.pipeline import default_content_dir  # noqa: E402
from briefing.watch import Watcher  # noqa: E402

WORD = " the "  # the word changed: first " the " of the first section file that has one


def _target(pack: Path) -> tuple[Path, int]:
    for path in sorted(pack.glob("*.yaml")):
        if path.name in ("pack.yaml", "sources.yaml"):
            continue
        at = path.read_text(encoding="utf-8").find(WORD)
        if at >= 0:
            return path, at
    raise SystemExit("no section file with a word to change")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        pack = Path(tmp) / "pack"
        shutil.copytree(default_content_dir(), pack)
        watcher = Watcher(pack, Path(tmp) / "out.pdf", echo=lambda line, err: None)
        write = pipeline.write_atomic
        try:
            if not watcher.rebuild():
                raise SystemExit(f"the first build failed: {watcher.last}")
            path, at = _target(pack)
            original = path.read_text(encoding="utf-8")
            edited = original[:at] + " a " + original[at + len(WORD) :]
            walls, cpus, written = [], [], []
            written_at = [0.0]

            def timed_write(*a: object) -> None:
                write(*a)  # type: ignore[arg-type]
                written_at[0] = time.process_time()

            pipeline.write_atomic = timed_write
            for i in range(args.repeat):
                path.write_text(edited if i % 2 == 0 else original, encoding="utf-8")
                wall, cpu = time.perf_counter(), time.process_time()
                ok = watcher.rebuild([(None, str(path))])
                walls.append(time.perf_counter() - wall)
                cpus.append(time.process_time() - cpu)
                written.append(written_at[0] - cpu)
                if not ok:
                    raise SystemExit(f"rebuild {i + 1} failed: {watcher.last}")
        finally:
            pipeline.write_atomic = write
            watcher.close()
    print(
        f"watch rebuild after a one-word edit ({path.name}), {args.repeat} rebuilds: "
        f"wall median {statistics.median(walls):.3f} s (min {min(walls):.3f}), "
        f"CPU median {statistics.median(cpus):.3f} s (min {min(cpus):.3f}), of which until the PDF was written "
        f"{statistics.median(written):.3f} s; goal 0.15 s"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

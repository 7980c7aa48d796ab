"""What tagging (briefing/render/tagging.py) costs: each synthetic pack built with and without tags.

    python benchmarks/tagging.py [--sizes 1,10,100] [--repeat 3]

Each build runs in a fresh process, as in benchmarks/run.py; the untagged build sets
BRIEFING_UNTAGGED=1.  The fastest of `repeat` runs of each is compared (CPU time, which a busy
machine disturbs less than wall time), with peak memory and PDF size.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import run_child  # noqa: E402
from benchmarks.synth import write_pack  # noqa: E402


def measure(pack: Path, out: Path, tagged: bool, repeat: int) -> tuple[float, float, float, int]:
    """(wall s, CPU s, peak MB, PDF bytes): the run with the least CPU time."""
    if tagged:
        os.environ.pop("BRIEFING_UNTAGGED", None)
    else:
        os.environ["BRIEFING_UNTAGGED"] = "1"
    try:
        runs = []
        for _ in range(repeat):
            code, _, err, wall, cpu, peak = run_child(["-m", "briefing", "build", str(pack), "-o", str(out)])
            if code != 0:
                raise SystemExit(f"build failed:\n{err[-3000:]}")
            runs.append((wall, cpu, peak, out.stat().st_size))
        return min(runs, key=lambda r: r[1])
    finally:
        os.environ.pop("BRIEFING_UNTAGGED", None)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="1,10")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    print("| size | pages | untagged CPU s | tagged CPU s | cost | untagged peak MB | tagged peak MB | untagged KB | tagged KB |")
    print("|-----:|------:|------:|------:|-----:|------:|------:|------:|------:|")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        for size in (int(s) for s in args.sizes.split(",")):
            pack = write_pack(work / f"pack-{size}x", size)
            out = work / f"pack-{size}x.pdf"
            plain = measure(pack, out, False, args.repeat)
            tagged = measure(pack, out, True, args.repeat)
            import pikepdf

            with pikepdf.open(out) as pdf:
                pages = len(pdf.pages)
            cost = 100 * (tagged[1] - plain[1]) / plain[1]
            print(
                f"| {size}x | {pages} | {plain[1]:.2f} | {tagged[1]:.2f} | {cost:+.1f}% | {plain[2]:.0f} | {tagged[2]:.0f} "
                f"| {plain[3] / 1024:.0f} | {tagged[3] / 1024:.0f} |",
                flush=True,
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

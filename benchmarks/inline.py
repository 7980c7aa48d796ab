"""Time inline parsing (emphasis, citations) on the shapes that were once quadratic.

    python benchmarks/inline.py

Each row parses one paragraph's text (no YAML, no layout) and prints its size and time; the time per
KB should not grow with the size.  Shapes: `** ** **` (emphasis pairs), `* a * b` (single stars),
an unpaired `**` before a long run of words, and citations `[@a]` one after another.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from briefing.diagnostics import Diagnostics, Pos  # noqa: E402
from briefing.inline import CiteCounter, InlineParser  # noqa: E402

SHAPES = {
    "** ** **": lambda n: "x " + "** " * (n // 3),
    "* a * b": lambda n: "* a " * (n // 4),
    "unpaired **": lambda n: "** " + "word " * (n // 5),
    "[@a] [@a]": lambda n: "Point [@a]. " * (n // 12),
}


def main() -> None:
    print(f"{'shape':<14} {'KB':>7} {'seconds':>8} {'ms/KB':>7}")
    for name, make in SHAPES.items():
        for size in (100_000, 1_900_000):
            text = make(size)
            started = time.perf_counter()
            InlineParser(CiteCounter(), lambda _s: Pos("bench"), Diagnostics()).parse(text)
            took = time.perf_counter() - started
            print(f"{name:<14} {len(text) / 1000:>7.0f} {took:>8.2f} {1000 * took / (len(text) / 1000):>7.2f}")


if __name__ == "__main__":
    main()

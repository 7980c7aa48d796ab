"""Time one paragraph carrying N citations (the footnote engine's worst shape for a long paragraph).

    python benchmarks/citations.py                    # 500, 1000, 2000, 10000 citations
    python benchmarks/citations.py --counts 500,1000

Each build runs in a fresh process; the table gives CPU seconds, peak memory,
pages and CPU per citation, so growth faster than linear shows in the last column.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.run import SUMMARY, run_child  # noqa: E402

PACK = """pack:
  id: BENCH-CITES
  title: One paragraph, many citations
  short_title: Citations
  version: "1.0"
  as_at: 2024-05-01
  prepared_by: The benchmark
sections:
  - 01.yaml
sources:
  - id: report
    kind: official report
    title: Annual library report
    author: unknown
    publisher: Example Council
    date: 2023-11
"""


def write_pack(root: Path, count: int) -> None:
    root.mkdir(parents=True, exist_ok=True)
    (root / "pack.yaml").write_text(PACK, encoding="utf-8")
    words = " ".join(f"w{i} [@report]" for i in range(count))
    (root / "01.yaml").write_text(f'title: "Cites"\nblocks:\n  - paragraph: "Claim {words}."\n', encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--counts", default="500,1000,2000,10000", help="comma-separated numbers of citations")
    args = parser.parse_args(argv)
    print("| citations | pages | CPU s | peak MB | CPU ms/citation |")
    print("|---:|---:|---:|---:|---:|")
    with tempfile.TemporaryDirectory() as tmp:
        for count in (int(c) for c in args.counts.split(",")):
            pack = Path(tmp) / f"c{count}"
            write_pack(pack, count)
            code, out, err, _wall, cpu, peak = run_child(["-m", "briefing", "build", str(pack), "-o", str(pack / "x.pdf")])
            if code != 0:
                print(f"| {count} | build failed (exit {code}): {err.strip().splitlines()[-1:]} |")
                continue
            m = SUMMARY.search(out.strip().splitlines()[-1])
            pages = m.group(1) if m else "?"
            print(f"| {count:,} | {pages} | {cpu:.2f} | {peak:.0f} | {1000 * cpu / count:.2f} |", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

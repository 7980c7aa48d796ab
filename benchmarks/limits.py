"""The worst input each limit allows, timed: the rows of the README's table of limits.

    python benchmarks/limits.py                 # every row
    python benchmarks/limits.py --rows quotation,mistyped-citations
    python benchmarks/limits.py --timeout 120   # give up on a row after this many seconds

Each row writes a pack at (or just under) one limit into a temporary folder, then runs the command a
user would run on it (`briefing check` or `briefing build`) in a fresh process, and reports its exit
code, wall time and peak memory (the child's ru_maxrss, from os.wait4).  Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BASE = ROOT / "tests" / "broken" / "_base"
MB = 1_000_000


@dataclass(frozen=True)
class Row:
    name: str
    limit: str
    command: str  # "check" or "build"
    make: Callable[[Path], None]
    note: str = ""


def _words(rng: random.Random, count: int) -> list[str]:
    vocab = [f"{a}{b}" for a in ("lib", "open", "hour", "cut", "branch", "visit", "staff", "fund") for b in range(400)]
    common = ["the", "of", "and", "a", "to", "in", "was", "for"]
    return [rng.choice(common) if rng.random() < 0.35 else rng.choice(vocab) for _ in range(count)]


def _section(path: Path, blocks: list[str]) -> None:
    path.write_text("id: detail\ntitle: Detail\nblocks:\n" + "".join(blocks), encoding="utf-8")


def _paragraph(text: str) -> str:
    return f"  - paragraph: \"{text}\"\n"


def file_size(root: Path) -> None:
    """A 2 MB section file (the per-file limit) of cited paragraphs: about 800 pages."""
    rng = random.Random(1)
    blocks: list[str] = []
    size = 0
    while True:
        block = _paragraph(" ".join(_words(rng, 60)) + " [@report].")
        if size + len(block) > 1_990_000:
            break
        blocks.append(block)
        size += len(block)
    _section(root / "02-detail.yaml", blocks)


def nesting(root: Path) -> None:
    """YAML nested 64 levels deep (the limit) in a section file."""
    value = "x"
    for _ in range(62):
        value = f"[{value}]"
    _section(root / "02-detail.yaml", [f"  - paragraph: {value}\n"])


def aliases(root: Path) -> None:
    """Aliases expanding to just under 200,000 values (the limit)."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 5):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    lines.append("b: [" + ", ".join(["*a3"] * 18) + "]")
    (root / "02-detail.yaml").write_text("\n".join(lines) + "\nid: d\ntitle: D\nblocks: [{paragraph: x}]\n",
                                         encoding="utf-8")


def _with_text(root: Path, text: str, name: str = "report.txt") -> None:
    (root / "texts" / name).write_text(text, encoding="utf-8")


def quotation(root: Path) -> None:
    """A 10,000-word quotation with one word changed, against a 1 MB source."""
    rng = random.Random(2)
    words = _words(rng, 170_000)
    _with_text(root, " ".join(words))
    quote = words[50_000:60_000]
    quote[5_000] = "changed"
    _section(root / "02-detail.yaml", [f"  - quote:\n      text: \"{' '.join(quote)}\"\n      speaker: Sam Smith\n"
                                       "      cite: report\n"])


def mistyped_citations(root: Path) -> None:
    """3,000 distinct mistyped citations in a pack of 2,000 sources."""
    rng = random.Random(3)
    sources = ["sources:\n"]
    ids = [f"src-{''.join(rng.choice('abcdefghij') for _ in range(8))}-{i}" for i in range(2000)]
    for source_id in ids:
        sources.append(f"  - id: {source_id}\n    title: A source\n    date: unknown\n")
    (root / "sources.yaml").write_text("".join(sources), encoding="utf-8")
    typos = [f"{rng.choice(ids)[:-1]}x{i}" for i in range(3000)]
    _section(root / "02-detail.yaml", [_paragraph(" ".join(f"Words [@{t}]." for t in typos[k : k + 20]))
                                       for k in range(0, 3000, 20)])


def source_texts(root: Path) -> None:
    """Three source texts just under the 20 MB limit, each with a quotation that is not in it."""
    rng = random.Random(4)
    chunk = " ".join(_words(rng, 200_000)) + "\n"
    text = (chunk * (19_900_000 // len(chunk) + 1))[:19_900_000]
    sources = ["sources:\n"]
    blocks = []
    for k in range(3):
        _with_text(root, text, f"big{k}.txt")
        sources.append(f"  - id: big{k}\n    title: Big {k}\n    date: unknown\n    text: texts/big{k}.txt\n")
        blocks.append(f"  - quote:\n      text: \"{' '.join(_words(rng, 40))}\"\n      speaker: Sam Smith\n"
                      f"      cite: big{k}\n")
    (root / "sources.yaml").write_text("".join(sources), encoding="utf-8")
    _section(root / "02-detail.yaml", blocks)
    (root / "01-summary.yaml").write_text("id: s\ntitle: S\nblocks:\n  - paragraph: See [@big0][@big1][@big2].\n",
                                          encoding="utf-8")


def cites_in_paragraph(root: Path) -> None:
    """One paragraph with 1,000 citations (the footnote frame re-plans its notes on each trial split)."""
    _section(root / "02-detail.yaml", [_paragraph(" ".join(f"Point {i} [@report, p. {i}]." for i in range(1000)))])


def emphasis(root: Path) -> None:
    """A paragraph of 50,000 unpaired and nested '*' (the emphasis parser rescans the text at each star)."""
    _section(root / "02-detail.yaml", [_paragraph(" ".join("*a **b" for _ in range(25_000)) + " [@report].")])


ROWS = (
    Row("file-size", "2 MB a YAML file", "build", file_size),
    Row("nesting", "64 levels of YAML nesting", "check", nesting),
    Row("aliases", "200,000 values after alias expansion", "check", aliases),
    Row("quotation", "10,000-word quotation, one word changed", "check", quotation),
    Row("mistyped-citations", "3,000 mistyped citations, 2,000 sources", "check", mistyped_citations),
    Row("source-texts", "20 MB a source text (three of them)", "check", source_texts),
    Row("cites-in-paragraph", "1,000 citations in one paragraph", "build", cites_in_paragraph),
    Row("emphasis", "50,000 '*' in one paragraph", "check", emphasis),
)


def measure(row: Row, timeout: float) -> tuple[str, float, float]:
    """(exit code or 'timeout', wall seconds, peak MB) of the row's command in a fresh process."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pack"
        shutil.copytree(BASE, root)
        row.make(root)
        args = [sys.executable, "-m", "briefing", row.command, str(root), "--sources", str(root)]
        if row.command == "build":
            args += ["-o", str(Path(tmp) / "out.pdf")]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        proc = subprocess.Popen(args, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        code: str = "timeout"
        peak = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = str(os.waitstatus_to_exitcode(status))
                peak = usage.ru_maxrss / 1024
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                peak = usage.ru_maxrss / 1024
                break
            time.sleep(0.05)
        return code, time.perf_counter() - started, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="", help="comma-separated row names (default: all)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a row is given up")
    args = parser.parse_args()
    wanted = {r for r in args.rows.split(",") if r}
    print("| limit | worst input | command | exit | wall s | peak MB |")
    print("| --- | --- | --- | ---: | ---: | ---: |")
    for row in ROWS:
        if wanted and row.name not in wanted:
            continue
        code, wall, peak = measure(row, args.timeout)
        shown = f">{args.timeout:.0f}" if code == "timeout" else f"{wall:.1f}"
        print(f"| {row.limit} | {row.make.__doc__ or row.name} | {row.command} | {code} | {shown} | {peak:.0f} |",
              flush=True)


if __name__ == "__main__":
    main()

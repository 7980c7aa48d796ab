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
    return f'  - paragraph: "{text}"\n'


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
    for _ in range(59):
        value = f"[{value}]"
    _section(root / "02-detail.yaml", [f"  - paragraph: {value}\n"])


def aliases(root: Path) -> None:
    """Aliases expanding to just under 200,000 values (the limit)."""
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for i in range(1, 5):
        lines.append(f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]")
    lines.append("b: [" + ", ".join(["*a3"] * 6) + "]")
    (root / "02-detail.yaml").write_text("\n".join(lines) + "\nid: d\ntitle: D\nblocks: [{paragraph: x}]\n", encoding="utf-8")


def _with_text(root: Path, text: str, name: str = "report.txt") -> None:
    (root / "texts" / name).write_text(text, encoding="utf-8")


def quotation(root: Path) -> None:
    """A 2,800-word quotation (just under 20,000 characters, the limit for one value) with one word changed,
    against a 1 MB source."""
    rng = random.Random(2)
    words = _words(rng, 170_000)
    _with_text(root, " ".join(words))
    quote = words[50_000:52_800]
    quote[1_400] = "changed"
    _section(
        root / "02-detail.yaml", [f'  - quote:\n      text: "{" ".join(quote)}"\n      speaker: Sam Smith\n      cite: report\n']
    )


def mistyped_citations(root: Path) -> None:
    """3,000 distinct mistyped citations in a pack of 2,000 sources."""
    rng = random.Random(3)
    sources = ["sources:\n"]
    ids = [f"src-{''.join(rng.choice('abcdefghij') for _ in range(8))}-{i}" for i in range(2000)]
    for source_id in ids:
        sources.append(f"  - id: {source_id}\n    title: A source\n    date: unknown\n")
    (root / "sources.yaml").write_text("".join(sources), encoding="utf-8")
    typos = [f"{rng.choice(ids)[:-1]}x{i}" for i in range(3000)]
    _section(
        root / "02-detail.yaml", [_paragraph(" ".join(f"Words [@{t}]." for t in typos[k : k + 20])) for k in range(0, 3000, 20)]
    )


def _big_source_texts(root: Path, count: int, seed: int, summary_cites: str) -> None:
    """`count` source texts just under the 20 MB limit for one text, each with a quotation not in it."""
    rng = random.Random(seed)
    chunk = " ".join(_words(rng, 200_000)) + "\n"
    text = (chunk * (19_900_000 // len(chunk) + 1))[:19_900_000]
    sources = ["sources:\n"]
    blocks = []
    for k in range(count):
        _with_text(root, text, f"big{k}.txt")
        sources.append(f"  - id: big{k}\n    title: Big {k}\n    date: unknown\n    text: texts/big{k}.txt\n")
        blocks.append(f'  - quote:\n      text: "{" ".join(_words(rng, 40))}"\n      speaker: Sam Smith\n      cite: big{k}\n')
    (root / "sources.yaml").write_text("".join(sources), encoding="utf-8")
    _section(root / "02-detail.yaml", blocks)
    (root / "01-summary.yaml").write_text(f"id: s\ntitle: S\nblocks:\n  - paragraph: See {summary_cites}.\n", encoding="utf-8")


def source_texts(root: Path) -> None:
    """Three source texts just under the 20 MB limit, each with a quotation that is not in it."""
    _big_source_texts(root, 3, 4, "[@big0][@big1][@big2]")


def cites_in_paragraph(root: Path) -> None:
    """One paragraph with 650 citations, each its own note (as many as 20,000 characters hold)."""
    _section(root / "02-detail.yaml", [_paragraph(" ".join(f"Point {i} [@report, p. {i}]." for i in range(650)))])


def emphasis(root: Path) -> None:
    """A paragraph of 8,400 unpaired and nested '*' (as many as 20,000 characters hold)."""
    _section(root / "02-detail.yaml", [_paragraph(" ".join("*a **b" for _ in range(2_800)) + " [@report].")])


def long_paragraphs(root: Path) -> None:
    """A 2 MB file of paragraphs just under 20,000 characters, each split over pages (quadratic in its length)."""
    rng = random.Random(12)
    blocks: list[str] = []
    size = 0
    while size < 1_970_000:
        text = " ".join(_words(rng, 3_000))[:19_950].rsplit(" ", 1)[0]
        block = _paragraph(text + " [@report].")
        blocks.append(block)
        size += len(block)
    _section(root / "02-detail.yaml", blocks)


def huge_paragraph(root: Path) -> None:
    """One paragraph of 2 MB (about 300,000 words) with one citation."""
    rng = random.Random(5)
    words = _words(rng, 330_000)
    text = " ".join(words)[:1_980_000].rsplit(" ", 1)[0]
    _section(root / "02-detail.yaml", [_paragraph(text + " [@report].")])


def huge_quote(root: Path) -> None:
    """One quotation of 2 MB (about 300,000 words), not in its source, split across pages."""
    rng = random.Random(6)
    text = " ".join(_words(rng, 330_000))[:1_980_000].rsplit(" ", 1)[0]
    _section(root / "02-detail.yaml", [f'  - quote:\n      text: "{text}"\n      speaker: Sam Smith\n      cite: report\n'])


def _tables(root: Path, rows_each: int, seed: int, size: int) -> None:
    """A section file of about `size` bytes: tables of `rows_each` rows of four three-word cells."""
    rng = random.Random(seed)
    blocks: list[str] = []
    written = 0
    while written < size:
        rows = "".join(
            "        - [" + ", ".join(f'"{" ".join(_words(rng, 3))}"' for _ in range(4)) + "]\n" for _ in range(rows_each)
        )
        blocks.append(f"  - table:\n      caption: Rows [@report]\n      header: [A, B, C, D]\n      rows:\n{rows}")
        written += len(blocks[-1])
    _section(root / "02-detail.yaml", blocks)


def huge_table(root: Path) -> None:
    """A 2 MB file of tables of 1,000 rows (the limit for one table) of four cells: about 20 tables."""
    _tables(root, 1_000, 7, 1_880_000)


def many_tables(root: Path) -> None:
    """A 2 MB file of tables of 100 rows of four cells (about 20,000 rows, 80,000 cells in all)."""
    _tables(root, 100, 13, 1_900_000)


def many_notes(root: Path) -> None:
    """Paragraphs made only of citations, each with its own locator: 9,900 distinct notes (the limit is 10,000 a pack)."""
    blocks = []
    size = 0
    n = 0
    while n < 9_900:
        block = _paragraph(" ".join(f"A{n + k} [@report, p. {n + k}]." for k in range(20)))
        blocks.append(block)
        size += len(block)
        n += 20
    _section(root / "02-detail.yaml", blocks)


def long_note(root: Path) -> None:
    """A citation whose locator is just under 20,000 characters: a footnote taller than a page, split."""
    rng = random.Random(8)
    locator = " ".join(_words(rng, 3_000))[:19_950].rsplit(" ", 1)[0]
    _section(root / "02-detail.yaml", [_paragraph(f"See this [@report, {locator}].")])


def huge_list(root: Path) -> None:
    """A 2 MB file of lists of 1,000 items (the limit for one list) of five words: about 60,000 items."""
    rng = random.Random(9)
    blocks = [_paragraph("See [@report].")]
    size = 0
    while size < 1_930_000:
        block = "  - bullets:\n" + "".join(f'      - "{" ".join(_words(rng, 5))}"\n' for _ in range(1_000))
        blocks.append(block)
        size += len(block)
    _section(root / "02-detail.yaml", blocks)


def huge_chart(root: Path) -> None:
    """Five bar charts of 1,000 points (the limit for one chart; 5,000 points and events a pack), each with
    its data table: about 140 pages."""
    points = ", ".join(f'["p{i}", "{i % 97}"]' for i in range(1_000))
    _section(
        root / "02-detail.yaml",
        [
            "  - chart:\n      kind: bar\n      title: Visits\n      x_axis: Point\n      y_axis: {label: Visits}\n"
            f"      series:\n        - name: S\n          points: [{points}]\n"
            "      caption: From the report [@report].\n      alt: A chart.\n"
        ]
        * 5,
    )


def huge_timeline_chart(root: Path) -> None:
    """Ten timeline charts of 500 events (the limit for one; 5,000 points and events a pack), each with its
    data table."""
    events = "".join(f'        - {{date: "{1000 + i:04d}-{1 + i % 12:02d}", label: "Event {i}"}}\n' for i in range(500))
    _section(
        root / "02-detail.yaml",
        [
            f"  - timeline_chart:\n      title: Events\n      events:\n{events}"
            "      caption: From the report [@report].\n      alt: A timeline.\n"
        ]
        * 10,
    )


def many_sources(root: Path) -> None:
    """A 1.7 MB sources.yaml (about 20,000 sources), 9,800 of them cited (2 MB in all)."""
    sources = [
        "sources:\n  - id: report\n    title: Annual library report\n    date: 2023-11\n"
        "    text: texts/report.txt\n  - id: news\n    title: Council cuts library hours\n    date: 2023\n"
    ]
    ids = []
    size = 0
    i = 0
    while size < 1_700_000:
        entry = f"  - id: s{i}\n    title: A source numbered {i}\n    publisher: Example Council\n    date: 2023-11\n"
        sources.append(entry)
        ids.append(f"s{i}")
        size += len(entry)
        i += 1
    (root / "sources.yaml").write_text("".join(sources), encoding="utf-8")
    cited = ids[:9_800]  # the limit is 10,000 citations a pack
    _section(
        root / "02-detail.yaml", [_paragraph(" ".join(f"W [@{s}]." for s in cited[k : k + 50])) for k in range(0, len(cited), 50)]
    )


def many_sections(root: Path) -> None:
    """Ten section files of 2 MB each (the limit for one file, ten times over)."""
    rng = random.Random(10)
    blocks: list[str] = []
    size = 0
    while size < 1_990_000:
        block = _paragraph(" ".join(_words(rng, 60)) + " [@report].")
        blocks.append(block)
        size += len(block)
    names = []
    for k in range(10):
        (root / f"1{k}-more.yaml").write_text(f"id: more{k}\ntitle: More {k}\nblocks:\n" + "".join(blocks), encoding="utf-8")
        names.append(f"1{k}-more.yaml")
    pack = (root / "pack.yaml").read_text(encoding="utf-8")
    (root / "pack.yaml").write_text(
        pack.replace("  - 02-detail.yaml\n", "  - 02-detail.yaml\n" + "".join(f"  - {n}\n" for n in names)), encoding="utf-8"
    )


def many_small_sections(root: Path) -> None:
    """998 nested sections in one file (the limit is 1,000 in a pack): a contents list of that length."""
    subs = []
    for i in range(332):
        inner = "".join(
            f'          - id: s{i}-{j}\n            title: Part {i}.{j}\n            blocks: [{{paragraph: "Text [@report]."}}]\n'
            for j in range(2)
        )
        subs.append(
            f'      - id: s{i}\n        title: Part {i}\n        blocks: [{{paragraph: "Text [@report]."}}]\n'
            f"        sections:\n{inner}"
        )
    _section(
        root / "02-detail.yaml", [_paragraph("Top [@report]."), "sections:" + ("\n" + "".join(subs)).replace("\n    ", "\n")]
    )


def many_source_texts(root: Path) -> None:
    """Ten source texts of just under 20 MB each (the limit for one text, ten times over), each quoted."""
    _big_source_texts(root, 10, 11, "[@big0]")


ROWS = (
    Row("file-size", "2 MB a YAML file", "build", file_size),
    Row("nesting", "64 levels of YAML nesting", "check", nesting),
    Row("aliases", "200,000 values after alias expansion", "check", aliases),
    Row("quotation", "20,000 characters a value: a quotation, one word changed", "check", quotation),
    Row("mistyped-citations", "3,000 mistyped citations, 2,000 sources", "check", mistyped_citations),
    Row("source-texts", "20 MB a source text (three of them)", "check", source_texts),
    Row("cites-in-paragraph", "20,000 characters a value: 650 citations in one paragraph", "build", cites_in_paragraph),
    Row("emphasis", "20,000 characters a value: 8,400 '*'", "check", emphasis),
    Row("long-paragraphs", "20,000 characters a value, 2 MB a file", "build", long_paragraphs),
    Row("huge-paragraph", "20,000 characters a value (refused)", "build", huge_paragraph),
    Row("huge-quote", "20,000 characters a value (refused)", "build", huge_quote),
    Row("huge-table", "1,000 rows a table, 2 MB a file", "build", huge_table),
    Row("many-tables", "2 MB a YAML file: tables of 100 rows", "build", many_tables),
    Row("huge-list", "1,000 items a list, 2 MB a file", "build", huge_list),
    Row("many-notes", "10,000 citations a pack", "build", many_notes),
    Row("long-note", "20,000 characters a value: a locator", "build", long_note),
    Row("huge-chart", "1,000 points a chart, 5,000 a pack", "build", huge_chart),
    Row("huge-timeline-chart", "500 events a timeline chart, 5,000 points and events a pack", "build", huge_timeline_chart),
    Row("many-sources", "2 MB a sources.yaml", "build", many_sources),
    Row("many-sections", "2 MB the pack's YAML files (refused)", "build", many_sections),
    Row("many-small-sections", "1,000 sections a pack", "build", many_small_sections),
    Row("many-source-texts", "60 MB the source texts together (refused)", "check", many_source_texts),
)


def measure(row: Row, timeout: float) -> tuple[str, float, float, float, str]:
    """(exit code or 'timeout', wall seconds, CPU seconds, peak MB, first error line) of the row's command in a
    fresh process.  CPU time (user + system) is what an idle machine's wall time would be, near enough, when
    other work shares the cores."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "pack"
        shutil.copytree(BASE, root)
        row.make(root)
        args = [sys.executable, "-m", "briefing", row.command, str(root), "--sources", str(root)]
        if row.command == "build":
            args += ["-o", str(Path(tmp) / "out.pdf")]
        env = {**os.environ, "PYTHONPATH": str(ROOT)}
        started = time.perf_counter()
        log = Path(tmp) / "output.txt"
        with log.open("wb") as out:
            proc = subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT)
        code: str = "timeout"
        peak = cpu = 0.0
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                code = str(os.waitstatus_to_exitcode(status))
                peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
                break
            if time.perf_counter() - started > timeout:
                proc.kill()
                _, _, usage = os.wait4(proc.pid, 0)
                peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
                break
            time.sleep(0.05)
        wall = time.perf_counter() - started
        lines = log.read_text(encoding="utf-8", errors="replace").splitlines()
        why = next((line for line in lines if "error" in line), "")
        return code, wall, cpu, peak, why[:200]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", default="", help="comma-separated row names (default: all)")
    parser.add_argument("--timeout", type=float, default=300.0, help="seconds before a row is given up")
    args = parser.parse_args()
    wanted = {r for r in args.rows.split(",") if r}
    print("| limit | worst input | command | exit | wall s | CPU s | peak MB |")
    print("| --- | --- | --- | ---: | ---: | ---: | ---: |")
    for row in ROWS:
        if wanted and row.name not in wanted:
            continue
        code, wall, cpu, peak, why = measure(row, args.timeout)
        shown = f">{args.timeout:.0f}" if code == "timeout" else f"{wall:.1f}"
        doc = " ".join((row.make.__doc__ or row.name).split())
        print(f"| {row.limit} | {doc} | {row.command} | {code} | {shown} | {cpu:.1f} | {peak:.0f} |", flush=True)
        if why and code != "0":
            print(f"    {row.name}: {why}", file=sys.stderr, flush=True)


if __name__ == "__main__":
    main()

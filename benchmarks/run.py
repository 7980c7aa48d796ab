"""Time `briefing build` on synthetic packs 1x, 10x and 20x the default pack.

    python benchmarks/run.py                  # 1x, 10x, 20x (20x is about the largest pack the input limits accept)
    python benchmarks/run.py --sizes 1,10     # just these
    python benchmarks/run.py --startup        # also time --help, check and build of the default pack
    python benchmarks/run.py --sizes "" --peers  # the default pack against Typst and plain ReportLab

Each build runs in a fresh process (`python -m briefing build DIR -o OUT`), so
the times include start-up, and the peak memory is that child's own
ru_maxrss (from os.wait4).  The table gives wall and CPU time, the build's
own time (the summary line's, i.e. without interpreter start-up and the
command line's imports), peak memory, pages, footnotes, PDF size and time
per page.  The packs come from benchmarks/synth.py.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synth import has_figures, write_pack  # noqa: E402

SUMMARY = re.compile(r"(\d+) pages?, (\d+) footnotes?, (\d+) sources?, (\d+) KB, ([\d.]+) s\s*$")


@dataclass
class Result:
    size: int
    sections: int
    pages: int
    notes: int
    pdf_bytes: int
    wall: float
    cpu: float
    build: float  # the summary line's time: load to write, inside the process
    peak_mb: float
    figures: bool

    @property
    def ms_per_page(self) -> float:
        return 1000 * self.wall / self.pages

    @property
    def cpu_ms_per_page(self) -> float:
        return 1000 * self.cpu / self.pages

    @property
    def build_ms_per_page(self) -> float:
        return 1000 * self.build / self.pages


def machine() -> dict[str, str]:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem = f"{int(line.split()[1]) / 1024 / 1024:.1f} GiB"
                break
    except OSError:
        pass
    try:
        import reportlab

        rl = reportlab.Version
    except ImportError:  # pragma: no cover
        rl = "not installed"
    import importlib.util

    accel = "rl_accel" if importlib.util.find_spec("_rl_accel") is not None else "no rl_accel (pure-Python fallbacks)"
    rl = f"{rl}, {accel}"
    return {
        "cpus": str(os.cpu_count()),
        "cpu": cpu or platform.processor() or "unknown",
        "memory": mem or "unknown",
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "system": f"{platform.system()} {platform.release()}",
        "reportlab": rl,
    }


def _env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT), *filter(None, [env.get("PYTHONPATH")])])
    env.pop("SOURCE_DATE_EPOCH", None)
    return env


def run_child(args: list[str], cwd: Path = ROOT) -> tuple[int, str, str, float, float, float]:
    """Run `python ARGS` in a fresh process: (exit code, stdout, stderr, wall s, CPU s, peak MB)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, *args], cwd=cwd, env=_env(), stdout=out, stderr=err)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        # ru_maxrss is in KiB on Linux (bytes on macOS)
        peak = usage.ru_maxrss / (1024 * 1024 if sys.platform == "darwin" else 1024)
        return (
            proc.returncode,
            out.read().decode("utf-8", "replace"),
            err.read().decode("utf-8", "replace"),
            wall,
            usage.ru_utime + usage.ru_stime,
            peak,
        )


def bench(size: int, work: Path, repeat: int = 1, figures: bool | None = None) -> Result:
    pack = work / f"pack-{size}x"
    if pack.exists():
        shutil.rmtree(pack)
    figures = has_figures() if figures is None else figures
    write_pack(pack, size, figures)
    out = work / f"pack-{size}x.pdf"
    runs = []
    for _ in range(repeat):
        code, stdout, stderr, wall, cpu, peak = run_child(["-m", "briefing", "build", str(pack), "-o", str(out)])
        if code != 0:
            raise SystemExit(f"build of the {size}x pack failed (exit {code}):\n{stderr[-4000:]}")
        m = SUMMARY.search(stdout.strip().splitlines()[-1])
        if m is None:
            raise SystemExit(f"no summary line in the {size}x build's output:\n{stdout[-2000:]}")
        pages, notes = int(m.group(1)), int(m.group(2))
        runs.append(
            Result(
                size,
                len(list(pack.glob("0*.yaml"))),
                pages,
                notes,
                out.stat().st_size,
                wall,
                cpu,
                float(m.group(5)),
                peak,
                figures,
            )
        )
    return min(runs, key=lambda r: r.wall)


def table(results: list[Result]) -> str:
    head = (
        "size",
        "sections",
        "pages",
        "notes",
        "PDF",
        "wall s",
        "CPU s",
        "build s",
        "peak MB",
        "wall ms/page",
        "CPU ms/page",
        "build ms/page",
    )
    rows = [head]
    for r in results:
        rows.append(
            (
                f"{r.size}x",
                str(r.sections),
                str(r.pages),
                str(r.notes),
                _size(r.pdf_bytes),
                f"{r.wall:.2f}",
                f"{r.cpu:.2f}",
                f"{r.build:.2f}",
                f"{r.peak_mb:.0f}",
                f"{r.ms_per_page:.1f}",
                f"{r.cpu_ms_per_page:.1f}",
                f"{r.build_ms_per_page:.1f}",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(head))]
    lines = ["| " + " | ".join(c.rjust(w) for c, w in zip(row, widths, strict=True)) + " |" for row in rows]
    lines.insert(1, "|" + "|".join("-" * (w + 1) + ":" for w in widths) + "|")
    return "\n".join(lines)


def _size(n: int) -> str:
    return f"{n / 1024:.0f} KB" if n < 10 * 1024 * 1024 else f"{n / 1024 / 1024:.1f} MB"


def scaling(results: list[Result]) -> list[str]:
    base = next((r for r in results if r.size == 1), None)
    out = []
    for r in results:
        if base is None or r is base:
            continue
        out.append(
            f"{r.size}x vs 1x: time per page x{r.ms_per_page / base.ms_per_page:.2f} (wall), "
            f"x{r.cpu_ms_per_page / base.cpu_ms_per_page:.2f} (CPU), x{r.build_ms_per_page / base.build_ms_per_page:.2f} "
            f"(build); peak memory {r.peak_mb:.0f} MB"
        )
    return out


def startup(repeat: int = 5) -> list[tuple[str, float, float]]:
    """Median wall time and peak memory of short commands on the default pack, each in a fresh process."""
    commands = [("briefing --help", ["-m", "briefing", "--help"]), ("briefing check (default pack)", ["-m", "briefing", "check"])]
    with tempfile.TemporaryDirectory() as tmp:
        commands.append(("briefing build (default pack)", ["-m", "briefing", "build", "-o", str(Path(tmp) / "d.pdf")]))
        rows = []
        for label, args in commands:
            walls, peaks = [], []
            for _ in range(repeat):
                code, _, stderr, wall, _, peak = run_child(args)
                if code not in (0, 1):
                    raise SystemExit(f"{label} failed (exit {code}):\n{stderr[-2000:]}")
                walls.append(wall)
                peaks.append(peak)
            rows.append((label, statistics.median(walls), max(peaks)))
    return rows


@dataclass
class PeerRow:
    label: str
    wall: float  # median seconds, fresh process each run
    cpu: float
    peak_mb: float
    pages: str


def _median_row(label: str, runs: list[tuple[float, float, float]], pages: str) -> PeerRow:
    return PeerRow(
        label, statistics.median(r[0] for r in runs), statistics.median(r[1] for r in runs), max(r[2] for r in runs), pages
    )


def peers(repeat: int = 7) -> list[PeerRow]:
    """Cold builds of the default pack by briefing, by Typst (same document), by plain ReportLab (same words, no
    notes: the floor) and by plain ReportLab setting everything briefing prints: interleaved, each in a fresh
    process, medians of `repeat` runs (benchmarks/peers.py, benchmarks/floor.py)."""
    import importlib.util

    from benchmarks.peers import TYPST_SCRIPT, font_dirs, typst_source, write_floor_input
    from briefing.diagnostics import Diagnostics
    from briefing.parse import parse_pack
    from briefing.pipeline import default_content_dir

    pack = parse_pack(default_content_dir(), Diagnostics())
    has_typst = importlib.util.find_spec("typst") is not None
    labels = ("briefing", "typst", "floor", "printed")
    runs: dict[str, list[tuple[float, float, float]]] = {label: [] for label in labels}
    pages = dict.fromkeys(labels, "")
    floor_script = str(ROOT / "benchmarks" / "floor.py")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "doc.typ").write_text(typst_source(pack), encoding="utf-8")
        (work / "run_typst.py").write_text(TYPST_SCRIPT, encoding="utf-8")
        commands = {
            "briefing": ["-m", "briefing", "build", "-o", str(work / "briefing.pdf")],
            "floor": [floor_script, str(write_floor_input(pack, work, work / "floor.pdf"))],
            "printed": [floor_script, str(write_floor_input(pack, work, work / "printed.pdf", printed=True))],
        }
        if has_typst:
            commands["typst"] = [str(work / "run_typst.py"), str(work / "doc.typ"), str(work / "typst.pdf"), *font_dirs()]
        for _ in range(repeat):
            for label, args in commands.items():
                code, stdout, stderr, wall, cpu, peak = run_child(args)
                if code != 0:
                    raise SystemExit(f"{label} failed (exit {code}):\n{stderr[-2000:]}")
                runs[label].append((wall, cpu, peak))
        from pypdf import PdfReader

        for label in commands:
            pages[label] = str(len(PdfReader(work / f"{label}.pdf").pages))
    rows = [_median_row("briefing build (default pack)", runs["briefing"], pages["briefing"])]
    if has_typst:
        rows.append(_median_row("Typst, the same document", runs["typst"], pages["typst"]))
    else:
        print("typst is not installed (pip install typst): no Typst row", file=sys.stderr)
    rows.append(_median_row("plain ReportLab, same words, no notes (the floor)", runs["floor"], pages["floor"]))
    rows.append(
        _median_row("plain ReportLab, everything briefing prints (notes as text, tables)", runs["printed"], pages["printed"])
    )
    return rows


def peer_table(rows: list[PeerRow]) -> str:
    """The peers side by side; the last two columns are the goals' ratios (briefing's time over this row's)."""
    base = rows[0]
    lines = [
        "| build | pages | wall s | CPU s | peak MB | briefing / this (wall) | briefing / this (CPU) |",
        "|---|--:|--:|--:|--:|--:|--:|",
    ]
    for r in rows:
        lines.append(
            f"| {r.label} | {r.pages} | {r.wall:.3f} | {r.cpu:.3f} | {r.peak_mb:.0f} | {base.wall / r.wall:.2f} "
            f"| {base.cpu / r.cpu:.2f} |"
        )
    return "\n".join(lines)


def compile_bytecode() -> None:
    """Compile briefing's modules to .pyc first, as `pip install` does: with PYTHONDONTWRITEBYTECODE set (some
    CI and sandbox environments set it) every timed child would otherwise compile ~70 modules from source,
    which no installed copy does and the peers' (installed, compiled) code never pays."""
    import compileall

    compileall.compile_dir(str(ROOT / "briefing"), quiet=1)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--sizes",
        default="1,10,20",
        help="comma-separated multiples of the default pack (default 1,10,20; past about 24x "
        "a pack has more than the 1,000 sections the input limits accept)",
    )
    parser.add_argument("--repeat", type=int, default=1, help="build each size this many times and keep the fastest")
    parser.add_argument("--keep", type=Path, help="write the packs and PDFs here (default: a temporary folder)")
    parser.add_argument("--no-figures", action="store_true", help="leave out charts and figure panels")
    parser.add_argument("--startup", action="store_true", help="also time --help, check and build of the default pack")
    parser.add_argument(
        "--peers",
        action="store_true",
        help="also build the default pack with Typst (when installed) and plain ReportLab, interleaved",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]

    info = machine()
    print(f"machine: {info['cpus']} CPUs ({info['cpu']}), {info['memory']} memory, {info['system']}")
    print(f"python {info['python']} ({info['implementation']}), reportlab {info['reportlab']}")
    figures = False if args.no_figures else has_figures()
    print(f"packs: synthetic, the default pack's shape x N{' with figures' if figures else ' (no figure blocks)'}")
    print()

    compile_bytecode()
    work = args.keep or Path(tempfile.mkdtemp(prefix="briefing-bench-"))
    work.mkdir(parents=True, exist_ok=True)
    results: list[Result] = []
    try:
        for size in sizes:
            results.append(bench(size, work, max(1, args.repeat), figures))
            print(f"  {size}x: {results[-1].pages} pages in {results[-1].wall:.2f} s", file=sys.stderr, flush=True)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    if results:
        print(table(results))
    for line in scaling(results):
        print(line)
    starts = startup() if args.startup else []
    if starts:
        print()
        for label, wall, peak in starts:
            print(f"{label}: {wall:.3f} s wall (median of 5), {peak:.0f} MB peak")
    peer_rows = peers() if args.peers else []
    if peer_rows:
        print()
        print(peer_table(peer_rows))
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "results": [asdict(r) for r in results],
                    "peers": [asdict(r) for r in peer_rows],
                    "startup": [{"command": c, "wall": w, "peak_mb": p} for c, w, p in starts],
                },
                indent=2,
            )
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

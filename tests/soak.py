"""The soak: build many generated packs in every variant, count which properties hold, shrink failures.

    python -m tests.soak N [--seed S] [--jobs J] [--large] [--pictures] [--styles] [--all-variants] [--variants V,...] [--out DIR]
                           [--shrink K] [--minutes M] [--pack-timeout T]

Pack `S + i` is built in variant `VARIANTS[i % 5]` (full, summary, duplex, large, letter), or in all
five with `--all-variants`, and checked by tests/verify.py; `--variants a,b,...` rotates through those
instead, the pairings too (greyscale, large-summary, large-duplex, large-letter, duplex-letter).  The
table printed at the end gives, for each property, how many builds it held in, per variant; a property
other than `build` is counted only for builds that succeeded.  A pack whose build and check use more
than T seconds of CPU (default 60; or take 5 T on the clock) is stopped and counted as a failure of its
own, `timeout`, so one slow pack cannot stall a soak: each pack is built in a process of its own, J at
a time.  Then come the failure classes (a property and its message with the numbers taken out), most
frequent first, with example packs.

Every failing pack is copied to OUT/packs/<seed>-<variant>/ with a FAILURES.txt, and up to K of them
a property (default 2) are shrunk: sections, subsections, blocks, list items, table rows, sources
and words are deleted for as long as the pack stays valid and the property still fails, leaving a
minimal reproduction in OUT/shrunk/<property>-<seed>-<variant>/ with a README saying the command and
what is wrong.  OUT defaults to /tmp/soak-<seed>.

Ctrl-C stops the soak: the packs still building are stopped, the table and failure classes of the builds
done are printed, their failing packs kept (not shrunk), and the exit status is 130.
"""

from __future__ import annotations

import argparse
import copy
import math
import multiprocessing
import multiprocessing.connection
import re
import resource
import shutil
import signal
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Generator, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tests.generate import Knobs, generate
from tests.verify import HANDOUTS, MORE_VARIANTS, PROPERTIES, VARIANTS, Failure, build_and_verify, build_flags, required_of

ALL_VARIANTS = (*VARIANTS, *MORE_VARIANTS)


@dataclass(frozen=True)
class Job:
    seed: int
    variant: str
    large: bool
    work: Path
    pictures: bool = False
    styles: bool = False


@dataclass(frozen=True)
class Result:
    seed: int
    variant: str  # the variant built (full when a pack marks nothing for the summary)
    failures: list[Failure]
    seconds: float
    folder: str  # under the work folder


def run_job(job: Job) -> Result:
    started = time.perf_counter()
    root = job.work / f"{job.seed}-{job.variant}"
    shutil.rmtree(root, ignore_errors=True)
    pack = generate(job.seed, root / "pack", Knobs.of(job.large, job.pictures, job.styles))
    variant = job.variant if job.variant not in HANDOUTS or pack.summary is not None else unmarked(job.variant)
    failures = build_and_verify(root / "pack", root / "out.pdf", variant, pack.expect(variant))
    if not failures:
        shutil.rmtree(root, ignore_errors=True)
    return Result(job.seed, variant, failures, time.perf_counter() - started, root.name)


def unmarked(variant: str) -> str:
    """The variant a pack that marks nothing for the handout is built in instead of a handout variant."""
    return "large" if variant == "large-summary" else "full"


WALL_FACTOR = 5  # a pack's wall-clock limit, in its CPU limits: a pack that waits without computing is stopped too


def _run_child(job: Job, conn: multiprocessing.connection.Connection, cpu_limit: float) -> None:
    """A pack's process: build and verify it, send the Result back (a crash of the soak's own code too).  The
    kernel stops it (SIGXCPU) once it has used `cpu_limit` seconds of CPU: a limit the machine's load does not
    move, where a wall-clock one would count the time other jobs took."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C reaches the whole process group: the soak stops its packs
    soft = max(1, math.ceil(cpu_limit))
    resource.setrlimit(resource.RLIMIT_CPU, (soft, soft + 5))
    started = time.perf_counter()
    try:
        result = run_job(job)
    except BaseException as exc:  # noqa: BLE001 - reported as the pack's failure, not lost with the process
        result = Result(
            job.seed,
            job.variant,
            [Failure("build", None, f"soak error: {type(exc).__name__}: {exc}")],
            time.perf_counter() - started,
            f"{job.seed}-{job.variant}",
        )
    conn.send(result)
    conn.close()


def timed_out(job: Job, seconds: float, kind: str = "CPU time") -> Result:
    """The Result of a pack stopped after `seconds`: a failure named `timeout` with the pack's seed."""
    knobs = "".join(name for name, on in ((", large", job.large), (", pictures", job.pictures), (", styles", job.styles)) if on)
    detail = f"pack {job.seed} ({job.variant}{knobs}) not done after {seconds:g} s of {kind}"
    return Result(job.seed, job.variant, [Failure("timeout", None, detail)], seconds, f"{job.seed}-{job.variant}")


def run_jobs(jobs: Sequence[Job], processes: int, timeout: float) -> Generator[Result, None, None]:
    """Each job's Result, in the order they finish: every job in a forked process of its own, at most
    `processes` at once; one that uses `timeout` seconds of CPU, or is still running after WALL_FACTOR times
    that on the clock, is killed and reported as a timeout.  Closing the iterator early kills the processes
    still running."""
    ctx = multiprocessing.get_context("fork")
    pending = list(reversed(jobs))
    running: dict[multiprocessing.connection.Connection, tuple[Job, Any, float]] = {}
    try:
        while pending or running:
            while pending and len(running) < max(1, processes):
                job = pending.pop()
                reader, writer = ctx.Pipe(duplex=False)
                process = ctx.Process(target=_run_child, args=(job, writer, timeout), daemon=True)
                process.start()
                writer.close()
                running[reader] = (job, process, time.monotonic() + WALL_FACTOR * timeout)
            wait = max(0.0, min(deadline for _, _, deadline in running.values()) - time.monotonic())
            ready = multiprocessing.connection.wait(list(running), timeout=wait)
            done = [r for r in running if r in ready]
            for reader in done:
                job, process, _ = running.pop(reader)
                try:
                    result: Result | None = reader.recv()
                except EOFError:  # the process died without a word: over its CPU limit, killed, out of memory
                    result = None
                reader.close()
                process.join()
                if result is None and process.exitcode == -signal.SIGXCPU:
                    result = timed_out(job, timeout)
                elif result is None:
                    result = Result(
                        job.seed,
                        job.variant,
                        [Failure("build", None, f"the pack's process died (exit {process.exitcode})")],
                        0.0,
                        f"{job.seed}-{job.variant}",
                    )
                yield result
            now = time.monotonic()
            for reader, (job, process, deadline) in list(running.items()):
                if now >= deadline:
                    del running[reader]
                    process.kill()
                    process.join()
                    reader.close()
                    yield timed_out(job, WALL_FACTOR * timeout, "wall-clock time")
    finally:
        for reader, (_, process, _) in running.items():
            process.kill()
            process.join()
            reader.close()


def failure_class(f: Failure) -> str:
    """A failure's kind: its property and message with numbers, quoted text and paths taken out."""
    detail = re.sub(r"\S*\.yaml:\d+:\d+: ", "", f.detail)
    if f.prop != "build":
        detail = detail.split(": ", 1)[0]  # drop the sample text
    detail = re.sub(r"'[^']*'|\[[^\]]*\]|\"[^\"]*\"", "…", detail)
    detail = re.sub(r"\d+(\.\d+)?", "N", detail)
    return f"{f.prop}: {detail[:110]}"


# ---------------------------------------------------------------- shrinking


Pack = dict[str, Any]  # file name -> YAML data


def load_pack(root: Path) -> Pack:
    files = {
        "pack.yaml": yaml.safe_load((root / "pack.yaml").read_text(encoding="utf-8")),
        "sources.yaml": yaml.safe_load((root / "sources.yaml").read_text(encoding="utf-8")),
    }
    for name in files["pack.yaml"]["sections"]:
        files[name] = yaml.safe_load((root / name).read_text(encoding="utf-8"))
    return files


def save_pack(pack: Pack, root: Path, assets: Path | None = None) -> None:
    """Write the pack's YAML files to `root`, and from `assets` (the pack shrunk) what is not YAML at its top:
    its pictures, its own style sheets, its source texts."""
    shutil.rmtree(root, ignore_errors=True)
    root.mkdir(parents=True)
    for name, data in pack.items():
        (root / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=100), encoding="utf-8")
    for entry in sorted(assets.iterdir()) if assets is not None else ():
        if entry.is_dir():
            shutil.copytree(entry, root / entry.name)
        elif entry.suffix not in (".yaml", ".yml"):
            shutil.copy2(entry, root / entry.name)


def _lists(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], list[Any]]]:
    """Every list in a YAML tree, outermost first, with the path to it."""
    if isinstance(node, list):
        yield path, node
        for i, item in enumerate(node):
            yield from _lists(item, (*path, i))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _lists(value, (*path, key))


def _strings(node: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(node, str):
        yield path, node
    elif isinstance(node, list):
        for i, item in enumerate(node):
            yield from _strings(item, (*path, i))
    elif isinstance(node, dict):
        for key, value in node.items():
            yield from _strings(value, (*path, key))


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        node = node[key]
    return node


def _cited(pack: Pack) -> set[str]:
    text = yaml.safe_dump({k: v for k, v in pack.items() if k not in ("pack.yaml", "sources.yaml")}, allow_unicode=True)
    return set(re.findall(r"[@\s\[,-]?\b(s\d+)\b", text))


def _shorter(text: str) -> str | None:
    """The string with its second half of plain words removed, keeping every citation whole."""
    parts = re.split(r"(\[[@#][^\]]*\])", text)
    words = [p for p in parts if not p.startswith("[")]
    total = sum(len(w.split()) for w in words)
    if total < 4:
        return None
    keep = total // 2
    out = []
    for p in parts:
        if p.startswith("["):
            out.append(p)
            continue
        ws = p.split()
        take, keep = ws[:keep], max(0, keep - len(ws))
        out.append((" " if p[:1].isspace() else "") + " ".join(take) + (" " if p[-1:].isspace() and take else ""))
    result = "".join(out).strip()
    return result if result and result != text.strip() else None


def candidates(pack: Pack) -> Iterator[Pack]:
    """Smaller versions of `pack`, coarse cuts first."""
    names = list(pack["pack.yaml"]["sections"])
    if len(names) > 1:
        for name in names:
            smaller = copy.deepcopy(pack)
            smaller["pack.yaml"]["sections"].remove(name)
            del smaller[name]
            yield smaller
    for name in names:
        for path, items in list(_lists(pack[name])):
            last = path[-1] if path else None
            if last in ("header", "widths", "cells", "points") or (len(path) >= 2 and path[-2] == "rows"):
                continue  # the column count and a chart's x values are fixed
            floor = 3 if last == "figures" else 1 if last == "cite" else 0
            n = len(items)
            for size in (n // 2, 1) if n > 3 else (1,):
                if n - size < floor:
                    continue
                for start in range(0, n, size):
                    smaller = copy.deepcopy(pack)
                    target = _get(smaller[name], path)
                    del target[start : start + size]
                    if not target and last == "sections":
                        del _get(smaller[name], path[:-1])[last]
                    yield smaller
    meta = pack["pack.yaml"]["pack"]
    for key in ("editorial_note", "marking", "subtitle"):
        if key in meta:
            smaller = copy.deepcopy(pack)
            del smaller["pack.yaml"]["pack"][key]
            yield smaller
    cited = _cited(pack)
    sources = pack["sources.yaml"]["sources"]
    unused = [s for s in sources if s["id"] not in cited]
    if unused and len(unused) < len(sources):
        smaller = copy.deepcopy(pack)
        smaller["sources.yaml"]["sources"] = [s for s in sources if s["id"] in cited]
        yield smaller
    for i, source in enumerate(sources):
        for key in ("notes", "short", "accessed", "url"):
            if key in source:
                smaller = copy.deepcopy(pack)
                del smaller["sources.yaml"]["sources"][i][key]
                yield smaller
    for name in names:
        for path, value in sorted(_strings(pack[name]), key=lambda ps: -len(ps[1])):
            if len(value) < 40 or path[-1] in ("date", "id", "from", "to"):
                continue
            short = _shorter(value)
            if short is not None:
                smaller = copy.deepcopy(pack)
                parent = _get(smaller[name], path[:-1])
                parent[path[-1]] = short
                yield smaller


def _still_fails(pack: Pack, work: Path, variant: str, prop: str, klass: str, assets: Path) -> bool:
    from briefing.diagnostics import BriefingError
    from briefing.pipeline import load_and_check

    save_pack(pack, work / "pack", assets)
    try:
        if load_and_check(work / "pack", building=True).errors:
            return False
    except BriefingError:
        return False
    try:
        required = required_of(work / "pack", variant)
    except Exception:  # noqa: BLE001 - a cut that leaves no summary section, say
        return False
    failures = build_and_verify(work / "pack", work / "out.pdf", variant, required)
    if prop == "build":
        return any(failure_class(f) == klass for f in failures)
    return any(f.prop == prop for f in failures)


def shrink(root: Path, variant: str, failure: Failure, out: Path, budget: float = 240.0) -> Path:
    """Delete what the failure does not need; write the smallest pack that still fails to `out`."""
    pack = load_pack(root)
    klass = failure_class(failure)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="shrink-") as tmp:
        work = Path(tmp)
        progress = True
        while progress and time.perf_counter() - started < budget:
            progress = False
            for smaller in candidates(pack):
                if time.perf_counter() - started > budget:
                    break
                if _still_fails(smaller, work, variant, failure.prop, klass, root):
                    pack, progress = smaller, True
                    break
        save_pack(pack, out, root)
        failures = build_and_verify(out, work / "out.pdf", variant, required_of(out, variant))
    flag = build_flags(variant)
    lines = [
        f"Shrunk by tests/soak.py from a generated pack ({variant}); property: {failure.prop}.",
        f"command:  briefing build {out} -o /tmp/out.pdf{flag}",
        f"verify:   python -m tests.verify {out}{' --variant ' + variant if variant != 'full' else ''}",
        "",
        "what is wrong (tests/verify.py on the shrunk pack):",
        *(f"  {f}"[:400] for f in failures if f.prop == failure.prop or failure.prop == "build"),
        "",
        f"original failure: {failure}"[:600],
    ]
    (out / "README.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


# ---------------------------------------------------------------- the report

NO_PDF = ("build", "timeout")  # failures that leave no PDF to check the other properties on


def table(results: list[Result]) -> str:
    variants = [v for v in ALL_VARIANTS if any(r.variant == v for r in results)]
    col = max(12, *(len(v) + 2 for v in variants))  # wide enough for 'large-summary'
    rows = [f"{'property':<24}" + "".join(f"{v:>{col}}" for v in variants) + f"{'all':>{col}}"]
    for prop in (PROPERTIES[0], "timeout", *PROPERTIES[1:]):
        cells = []
        total_pass = total = 0
        for v in variants:
            runs = [r for r in results if r.variant == v]
            if prop not in NO_PDF:
                runs = [r for r in runs if not any(f.prop in NO_PDF for f in r.failures)]
            passed = sum(1 for r in runs if not any(f.prop == prop for f in r.failures))
            cells.append(f"{passed}/{len(runs)}")
            total_pass += passed
            total += len(runs)
        rows.append(f"{prop:<24}" + "".join(f"{c:>{col}}" for c in cells) + f"{f'{total_pass}/{total}':>{col}}")
    clean = sum(1 for r in results if not r.failures)
    per_variant = [
        f"{sum(1 for r in results if r.variant == v and not r.failures)}/{sum(1 for r in results if r.variant == v)}"
        for v in variants
    ]
    rows.append(f"{'every property':<24}" + "".join(f"{c:>{col}}" for c in per_variant) + f"{f'{clean}/{len(results)}':>{col}}")
    return "\n".join(rows)


def classes(results: list[Result]) -> list[tuple[str, int, list[str]]]:
    count: Counter[str] = Counter()
    examples: dict[str, list[str]] = defaultdict(list)
    for r in results:
        for k in dict.fromkeys(failure_class(f) for f in r.failures):
            count[k] += 1
            if len(examples[k]) < 4:
                examples[k].append(f"{r.seed}-{r.variant}")
    return [(k, n, examples[k]) for k, n in count.most_common()]


def collect(finished: Generator[Result, None, None], total: int, minutes: float, results: list[Result]) -> bool:
    """Gather the results into `results` as they come, printing a line for each, until every job is done or
    `minutes` have passed.  True when Ctrl-C stopped it: the packs still running are stopped (closing
    `finished` kills their processes) and the builds done so far stay in `results` for the report."""
    started = time.perf_counter()
    try:
        for i, result in enumerate(finished, 1):
            results.append(result)
            mark = "ok" if not result.failures else ", ".join(sorted({f.prop for f in result.failures}))
            print(f"[{i}/{total}] {result.seed} {result.variant}: {mark} ({result.seconds:.1f} s)", flush=True)
            if minutes and time.perf_counter() - started > minutes * 60:
                print(f"\nstopped after {minutes:g} minutes: {i} of {total} builds done", flush=True)
                break
    except KeyboardInterrupt:
        finished.close()
        print(f"\ninterrupted (Ctrl-C): {len(results)} of {total} builds done; the packs still running were stopped", flush=True)
        return True
    finished.close()
    return False


def save_failing(failing: list[Result], work: Path, packs: Path) -> None:
    """Copy each failing pack to packs/<seed>-<variant>/ with a FAILURES.txt."""
    for r in failing:
        src = work / r.folder
        dst = packs / f"{r.seed}-{r.variant}"
        shutil.rmtree(dst, ignore_errors=True)
        if (src / "pack").is_dir():
            shutil.copytree(src / "pack", dst)
            (dst / "FAILURES.txt").write_text("\n".join(str(f) for f in r.failures) + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.soak", description=__doc__.split("\n\n")[0])
    parser.add_argument("n", type=int, help="how many packs")
    parser.add_argument("--seed", type=int, default=1, help="first seed (default 1)")
    parser.add_argument("--jobs", type=int, default=1, help="processes (default 1)")
    parser.add_argument("--large", action="store_true", help="bigger packs (Knobs.large)")
    parser.add_argument("--pictures", action="store_true", help="some blocks are pictures (Knobs.of(pictures=True))")
    parser.add_argument("--styles", action="store_true", help="each pack brings a house style sheet (Knobs.of(styles=True))")
    parser.add_argument("--all-variants", action="store_true", help="build every pack in all five variants")
    parser.add_argument(
        "--variants",
        default=",".join(VARIANTS),
        help=f"the variants pack S + i takes in turn (default {','.join(VARIANTS)}; also {','.join(MORE_VARIANTS)})",
    )
    parser.add_argument("--out", type=Path, help="folder for failing and shrunk packs (default /tmp/soak-SEED)")
    parser.add_argument("--shrink", type=int, default=2, help="shrink up to this many failing packs a property")
    parser.add_argument("--shrink-budget", type=float, default=240.0, help="seconds for one shrink")
    parser.add_argument(
        "--minutes",
        type=float,
        default=0.0,
        help="stop building after this many minutes and report the builds done (0: no limit)",
    )
    parser.add_argument(
        "--pack-timeout",
        type=float,
        default=60.0,
        help="seconds of CPU a pack may use to build and check before it is stopped and counted as a "
        f"'timeout' failure (default 60; {WALL_FACTOR} times as many on the clock)",
    )
    args = parser.parse_args(argv)
    out: Path = args.out or Path(f"/tmp/soak-{args.seed}")
    work = out / "work"
    work.mkdir(parents=True, exist_ok=True)
    rotation = [v.strip() for v in args.variants.split(",") if v.strip()]
    unknown = [v for v in rotation if v not in ALL_VARIANTS]
    if unknown or not rotation:
        parser.error(f"--variants: unknown {', '.join(unknown) or 'none given'} (known: {', '.join(ALL_VARIANTS)})")
    jobs = [
        Job(args.seed + i, v, args.large, work, args.pictures, args.styles)
        for i in range(args.n)
        for v in (rotation if args.all_variants else (rotation[i % len(rotation)],))
    ]
    started = time.perf_counter()
    results: list[Result] = []
    import briefing.pipeline  # noqa: F401 - imported once here, so each pack's forked process starts warm

    interrupted = collect(run_jobs(jobs, args.jobs, args.pack_timeout), len(jobs), args.minutes, results)
    results.sort(key=lambda r: (r.seed, ALL_VARIANTS.index(r.variant)))
    print(f"\n{len(results)} builds of {len({r.seed for r in results})} packs in {time.perf_counter() - started:.0f} s\n")
    print(table(results))
    found = classes(results)
    if found:
        print("\nfailure classes (builds, examples):")
        for k, n, ex in found:
            print(f"  {n:5d}  {k}   [{', '.join(ex)}]")
    failing = [r for r in results if r.failures]
    packs = out / "packs"
    if interrupted:  # the builds done are reported and their failing packs kept, but nothing is shrunk
        save_failing(failing, work, packs)
        shutil.rmtree(work, ignore_errors=True)
        if failing:
            print(f"\n{len(failing)} failing builds saved under {packs} (not shrunk: the soak was interrupted)")
        return 130
    save_failing(failing, work, packs)
    shrunk: Counter[str] = Counter()
    for r in failing:
        for key, f in {(f.prop if f.prop != "build" else failure_class(f)): f for f in reversed(r.failures)}.items():
            if shrunk[key] >= args.shrink:
                continue
            if f.prop == "timeout":  # each try would take as long again; the pack is kept whole instead
                print(f"{r.seed}-{r.variant} timed out: kept whole in {packs / f'{r.seed}-{r.variant}'}", flush=True)
                continue
            shrunk[key] += 1
            dst = out / "shrunk" / f"{f.prop}-{r.seed}-{r.variant}"
            print(f"shrinking {r.seed}-{r.variant} for {f.prop} ...", flush=True)
            shrink(packs / f"{r.seed}-{r.variant}", r.variant, f, dst, args.shrink_budget)
            print(f"  -> {dst}", flush=True)
    shutil.rmtree(work, ignore_errors=True)
    if failing:
        print(f"\n{len(failing)} failing builds saved under {packs}; shrunk packs under {out / 'shrunk'}")
    return 1 if failing else 0


if __name__ == "__main__":
    sys.exit(main())

"""Shared fixtures: the default pack is built once a test session and read by several test files; `pack`,
a fresh copy of the small clean test pack (tests/broken/_base) to break, with the working directory in it.

The suite runs on every core (pytest-xdist, `addopts` in pyproject.toml): each test module goes to one
worker, and each generated pack (`pytest_xdist_make_scheduler`).  The default pack's builds
(`default_build`, `default_pdf`) and the stress pack's (`stress_build`) are shared by the workers on disk."""

from __future__ import annotations

import dataclasses
import functools
import json
import os
import re
import shutil
import subprocess
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from briefing.pipeline import BuildOptions, build, default_content_dir
from tests.packs import stress_sections, write_pack

try:
    import fcntl
except ImportError:  # Windows has none: there each worker builds its own copy
    fcntl = None  # type: ignore[assignment]


def _command_made_once() -> None:
    """typer's CliRunner turns the Typer app into its click command on every `invoke` (about 6 ms, most of a
    small `briefing check`); the fuzz tests invoke the command line about a thousand times a run.  The command
    is the same each time (click makes a fresh context per call), so the tests' runners make it once."""
    import typer.main
    import typer.testing

    typer.testing._get_command = functools.cache(typer.main.get_command)  # type: ignore[attr-defined]


def pytest_configure(config: pytest.Config) -> None:
    """Compile briefing's, the tests' and the benchmarks' modules to bytecode once, in the controlling process,
    as `pip install` does for an installed package.  Where PYTHONDONTWRITEBYTECODE is set (this project's
    machines set it), no process writes what it compiled, so each xdist worker and each `python -m briefing`
    a test starts would compile every module again (about 0.5 s of CPU a process); bytecode already on disk
    is read whatever that variable says."""
    _command_made_once()
    if hasattr(config, "workerinput"):  # an xdist worker: the controller has done it
        return
    import compileall

    root = Path(__file__).resolve().parents[1]
    for folder in ("briefing", "tests", "benchmarks"):
        if (root / folder).is_dir():
            compileall.compile_dir(root / folder, quiet=2, workers=1)


@pytest.hookimpl(optionalhook=True)  # a hook of pytest-xdist: no error where it is not loaded
def pytest_xdist_make_scheduler(config: pytest.Config, log: Any) -> Any:
    """Under `--dist loadscope` (pyproject's addopts): a work unit is a test module, so module-scoped fixtures are
    built once, on one worker, except tests/test_generated.py, whose unit is one generated pack (its property
    tests share the pack's build).  xdist's own `loadgroup` cannot be used: with pytest 9.2 its groups are lost
    (it renames `item._nodeid`, which pytest no longer reads) and tests of one group run on both workers."""
    if config.getvalue("dist") != "loadscope":
        return None
    from xdist.scheduler import LoadScopeScheduling

    class ModuleOrPack(LoadScopeScheduling):
        def _split_scope(self, nodeid: str) -> str:
            module, _, name = nodeid.partition("::")
            pack = GENERATED.match(name)
            return f"{module}::{pack.group(1)}" if pack else module

    # Units go out in collection order (pytest_collection_modifyitems: the longest modules first, the
    # generated packs last), not xdist's default of the units with most tests first, which sent the
    # packs (16 tests each) before every module of fewer tests: test_errors_fuzz (3 tests, 22 s) or
    # test_pool_determinism (3 tests, 13 s) then ran alone at the end while the other worker had nothing left.
    config.option.loadscopereorder = False
    return ModuleOrPack(config, log)


GENERATED = re.compile(r"test_generated_pack_property\[(\d+-[a-z]+)-")

# Seconds of the longest modules (the sum of their tests' durations in a 2-core run on the quiet machine, 28 November
# 2026 01:55 UTC, main at ec3863b), longest first: the order the workers take them.  A stale figure costs only
# balance (a worker idle at the end), never a test.
LONGEST = {
    "test_watch": 19.5,
    "test_figures": 14,
    "test_checkpoint": 13,
    "test_tagging": 10,
    "test_floats": 9.5,
    "test_core": 9.5,
    "test_engine_classes": 9,
    "test_variants": 6,
    "test_repros": 4.5,
    "test_errors_fuzz": 4.5,
    "test_verify": 4.5,
    "test_generated_knobs": 4,
    "test_resolve_markers": 4,
    "test_chart_labels_near": 3.5,
    "test_fidelity": 3.5,
    "test_soak": 3.5,
    "test_engine_notes": 3.5,
    "test_hostile_limits": 3,
    "test_default_content": 3,
    "test_hostile_printing": 3,
    "test_hostile_output": 3,
    "test_errors": 2.5,
    "test_schema": 2,
    "test_images": 2,
    "test_layout_tall_figures": 2,
    "test_code_cache": 2,
}


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Longest modules first, the generated packs last (see pytest_xdist_make_scheduler); within a module, its
    own order.  The same order on every worker, as xdist requires."""

    def weight(item: pytest.Item) -> float:
        module = Path(str(item.fspath)).stem
        return -1.0 if module == "test_generated" else float(LONGEST.get(module, 0))

    items.sort(key=lambda item: -weight(item))


def cli_in_process(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`briefing ARGS` run in this process (typer's CliRunner) from `cwd`, as `run_cli` reports it: for tests of what
    a command prints and writes, where a process of its own proves nothing more.  An exception the command does not
    turn into an exit status is raised here, so a crash fails the test."""
    from typer.testing import CliRunner

    from briefing.cli import app

    old = Path.cwd()
    os.chdir(cwd)
    try:
        result = CliRunner().invoke(app, list(args))
    finally:
        os.chdir(old)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return subprocess.CompletedProcess(list(args), result.exit_code, result.stdout, result.stderr)


DefaultBuild = Callable[..., Path]


def _shared_folder(tmp_path_factory: pytest.TempPathFactory, name: str) -> Path:
    """A folder in the session's common temporary folder: under xdist, the workers' basetemps' parent."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / name
    folder.mkdir(exist_ok=True)
    return folder


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Held by one process of the session at a time (xdist workers share the folder)."""
    with path.open("w") as lock:
        if fcntl is not None:
            fcntl.flock(lock, fcntl.LOCK_EX)
        yield


def _options_name(options: BuildOptions) -> str:
    """BuildOptions named by the fields that differ from the defaults: the same options, however spelled, share
    one build."""
    return (
        "-".join(
            f"{f.name}={getattr(options, f.name)}" for f in dataclasses.fields(options) if getattr(options, f.name) != f.default
        )
        or "default"
    )


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> DefaultBuild:
    """`default_build(duplex=True)`: the default pack built once a session with those BuildOptions, for tests
    that only read the PDF (several files read the same variant).  Under xdist the workers share the builds:
    the first to ask builds, under a lock, in the session's common temporary folder.  Never write to it."""
    folder = _shared_folder(tmp_path_factory, "default-builds")

    def get(**options: object) -> Path:
        chosen = BuildOptions(**options)  # type: ignore[arg-type]
        name = _options_name(chosen)
        out = folder / f"{name}.pdf"
        with _locked(folder / f"{name}.lock"):
            if not out.is_file():
                build(default_content_dir(), out, chosen)
        return out

    return get


@dataclass(frozen=True)
class StressBuilt:
    pdf: Path
    notes: int  # the build's report: how many notes it printed


StressBuild = Callable[..., StressBuilt]


@pytest.fixture(scope="session")
def stress_pack(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The stress pack (tests/packs.py `stress_sections`: long split paragraphs full of markers, a table that
    splits, a note longer than half a page, 300+ notes) with a handling marking, and the paragraph of many notes
    and the quotation marked for the handout (within its two pages), written once a session.  Never write to it."""
    folder = _shared_folder(tmp_path_factory, "stress")
    root = folder / "pack"
    with _locked(folder / "pack.lock"):
        if not (root / "pack.yaml").is_file():
            sections = stress_sections()
            sections[0]["blocks"][3]["summary"] = True
            sections[1]["blocks"][2]["summary"] = True
            write_pack(folder / "writing", sections, marking="official-sensitive")
            (folder / "writing").rename(root)
    return root


@pytest.fixture(scope="session")
def stress_build(stress_pack: Path) -> StressBuild:
    """`stress_build(large_print=True)`: the stress pack built once a session with those BuildOptions (shared by
    the workers, as `default_build`'s).  Read the PDF, never write to it."""
    folder = stress_pack.parent

    def get(**options: object) -> StressBuilt:
        chosen = BuildOptions(**options)  # type: ignore[arg-type]
        name = _options_name(chosen)
        out, report = folder / f"{name}.pdf", folder / f"{name}.json"
        with _locked(folder / f"{name}.lock"):
            if not report.is_file():
                notes = build(stress_pack, out, chosen).notes
                report.write_text(json.dumps({"notes": notes}), encoding="utf-8")
        return StressBuilt(out, int(json.loads(report.read_text(encoding="utf-8"))["notes"]))

    return get


@pytest.fixture(scope="session", autouse=True)
def _verified_folder(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Where tests/verified.py keeps each generated pack's verification for the session (shared by the workers)."""
    from tests import verified

    verified.FOLDER[:] = [_shared_folder(tmp_path_factory, "verified-packs")]


@pytest.fixture(scope="session")
def default_pdf(default_build: DefaultBuild) -> Path:
    return default_build()


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the clean test pack; the working directory is its folder, so paths print short."""
    root = tmp_path / "pack"
    shutil.copytree(Path(__file__).resolve().parent / "broken" / "_base", root)
    monkeypatch.chdir(root)
    return root

"""Shared fixtures: the default pack is built once a test session and read by several test files; `pack`,
a fresh copy of the small clean test pack (tests/broken/_base) to break, with the working directory in it.

The suite runs on every core (pytest-xdist, `addopts` in pyproject.toml).  A module- or session-scoped
fixture is built once per worker that needs it, so `pytest_collection_modifyitems` keeps the tests that
share one defined in a test module on one worker (an xdist_group per module); the other tests are spread
one by one.  The default pack's builds (`default_build`, `default_pdf`) are shared by the workers on disk."""

from __future__ import annotations

import dataclasses
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from briefing.pipeline import BuildOptions, build, default_content_dir

try:
    import fcntl
except ImportError:  # Windows has none: there each worker builds its own copy
    fcntl = None  # type: ignore[assignment]

SHARED_EVERYWHERE = {"default_pdf", "default_build"}


@pytest.hookimpl(tryfirst=True)  # before xdist's own hook reads the groups
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Group the tests that share an expensive fixture of their own module onto one xdist worker."""
    for item in items:
        if item.get_closest_marker("xdist_group") is not None:
            continue
        info = getattr(item, "_fixtureinfo", None)
        if info is None:
            continue
        for name, defs in info.name2fixturedefs.items():
            if name in SHARED_EVERYWHERE or not defs:
                continue
            fixture = defs[-1]
            if fixture.scope in ("module", "session") and fixture.baseid.startswith("tests/test_"):
                item.add_marker(pytest.mark.xdist_group(fixture.baseid))
                break


DefaultBuild = Callable[..., Path]


@pytest.fixture(scope="session")
def default_build(tmp_path_factory: pytest.TempPathFactory) -> DefaultBuild:
    """`default_build(duplex=True)`: the default pack built once a session with those BuildOptions, for tests
    that only read the PDF (several files read the same variant).  Under xdist the workers share the builds:
    the first to ask builds, under a lock, in the session's common temporary folder.  Never write to it."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if worker else base) / "default-builds"
    folder.mkdir(exist_ok=True)

    def get(**options: object) -> Path:
        chosen = BuildOptions(**options)  # type: ignore[arg-type]
        # named by the options that differ from the defaults: the same options share one build however spelled
        name = "-".join(f"{f.name}={getattr(chosen, f.name)}" for f in dataclasses.fields(chosen)
                        if getattr(chosen, f.name) != f.default) or "default"
        out = folder / f"{name}.pdf"
        with (folder / f"{name}.lock").open("w") as lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            if not out.is_file():
                build(default_content_dir(), out, chosen)
        return out

    return get


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

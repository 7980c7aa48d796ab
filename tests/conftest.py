"""Shared fixtures: the default pack is built once a test session and read by several test files; `pack`,
a fresh copy of the small clean test pack (tests/broken/_base) to break, with the working directory in it.

The suite runs on every core (pytest-xdist, `addopts` in pyproject.toml).  A module- or session-scoped
fixture is built once per worker that needs it, so `pytest_collection_modifyitems` keeps the tests that
share one defined in a test module on one worker (an xdist_group per module); the other tests are spread
one by one.  `default_pdf` is left out: one build per worker costs less than keeping its many readers together."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.pipeline import build, default_content_dir

SHARED_EVERYWHERE = {"default_pdf"}


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


@pytest.fixture(scope="session")
def default_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("default") / "default.pdf"
    build(default_content_dir(), out)
    return out


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the clean test pack; the working directory is its folder, so paths print short."""
    root = tmp_path / "pack"
    shutil.copytree(Path(__file__).resolve().parent / "broken" / "_base", root)
    monkeypatch.chdir(root)
    return root

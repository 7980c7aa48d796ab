"""Shared fixtures: the default pack is built once a test session and read by several test files; `pack`,
a fresh copy of the small clean test pack (tests/broken/_base) to break, with the working directory in it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from briefing.pipeline import build, default_content_dir


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

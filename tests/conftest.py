"""Shared fixtures: the default pack is built once a test session and read by several test files."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.pipeline import build, default_content_dir


@pytest.fixture(scope="session")
def default_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("default") / "default.pdf"
    build(default_content_dir(), out)
    return out

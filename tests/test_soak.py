"""The soak (tests/soak.py) itself: a pack that never finishes is stopped and counted, not waited for."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests import soak
from tests.verify import Failure


def _never_ends(content: Path, pdf: Path, variant: str, expect: Any = None) -> list[Failure]:
    """A stand-in for build_and_verify (the forked pack processes inherit it): pack 5 computes for ever,
    pack 7 waits for ever, every other pack passes."""
    while "/5-" in str(content):
        pass
    if "/7-" in str(content):
        time.sleep(600)
    return []


def test_a_pack_over_its_cpu_limit_is_a_timeout_failure_and_the_soak_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """With one process (--jobs 1), pack 5's build never ends (as the soak's 12174-large once did): it is
    stopped after --pack-timeout seconds of CPU, reported as a failure named `timeout` with its seed, kept
    whole for a rerun, and the next pack is still built.  (The wall-clock backstop is set far off, so a
    loaded machine cannot stop it first.)"""
    monkeypatch.setattr(soak, "build_and_verify", _never_ends)
    monkeypatch.setattr(soak, "WALL_FACTOR", 200)
    code = soak.main(["2", "--seed", "5", "--jobs", "1", "--pack-timeout", "1", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "5 full: timeout" in out and "6 full: ok" in out, out
    timeout_row = next(line for line in out.splitlines() if line.startswith("timeout "))
    assert timeout_row.split()[-1] == "1/2", out
    assert "timeout: pack N (full) not done after N s of CPU time   [5-full]" in out, out  # the class, with its pack
    assert (tmp_path / "packs" / "5-full" / "pack.yaml").is_file()
    saved = (tmp_path / "packs" / "5-full" / "FAILURES.txt").read_text(encoding="utf-8")
    assert "timeout: pack 5 (full) not done after 1 s of CPU time" in saved, saved


def test_a_pack_that_waits_is_stopped_by_the_clock(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """Pack 7 waits without computing, so its CPU limit never comes: the wall-clock limit (5 times the CPU
    limit) stops it, as a `timeout` too."""
    monkeypatch.setattr(soak, "build_and_verify", _never_ends)
    code = soak.main(["2", "--seed", "6", "--jobs", "1", "--pack-timeout", "1", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "6 full: ok" in out and "7 summary: timeout" in out, out
    saved = (tmp_path / "packs" / "7-summary" / "FAILURES.txt").read_text(encoding="utf-8")
    assert "timeout: pack 7 (summary) not done after 5 s of wall-clock time" in saved, saved

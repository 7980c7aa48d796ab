"""The soak (tests/soak.py) itself: a pack that never finishes is stopped and counted, not waited for."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest

from tests import soak
from tests.verify import Failure


def test_a_pack_over_the_time_limit_is_a_timeout_failure_and_the_soak_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    """With one process (--jobs 1), pack 5's build never ends (as the soak's 12174-large once did): it is
    stopped after --pack-timeout seconds of CPU, reported as a failure named `timeout` with its seed, kept
    whole for a rerun, and the next pack is still built; pack 7 waits without computing and is stopped
    by the wall-clock limit (5 times as long)."""
    def build_and_verify(content: Path, pdf: Path, variant: str, expect: Any = None) -> list[Failure]:
        # the forked pack processes inherit these stand-ins for builds that never end
        while "/5-" in str(content):
            pass
        if "/7-" in str(content):
            time.sleep(600)
        return []

    monkeypatch.setattr(soak, "build_and_verify", build_and_verify)
    code = soak.main(["3", "--seed", "5", "--jobs", "1", "--pack-timeout", "1", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "5 full: timeout" in out and "6 full: ok" in out and "7 duplex: timeout" in out, out
    timeout_row = next(line for line in out.splitlines() if line.startswith("timeout "))
    assert timeout_row.split()[-1] == "1/3", out
    assert "timeout: pack N (full) not done after N s of CPU time   [5-full]" in out, out  # the class, with its pack
    assert (tmp_path / "packs" / "5-full" / "pack.yaml").is_file()
    saved = (tmp_path / "packs" / "5-full" / "FAILURES.txt").read_text(encoding="utf-8")
    assert "timeout: pack 5 (full) not done after 1 s of CPU time" in saved, saved
    saved = (tmp_path / "packs" / "7-duplex" / "FAILURES.txt").read_text(encoding="utf-8")
    assert "timeout: pack 7 (duplex) not done after 5 s of wall-clock time" in saved, saved

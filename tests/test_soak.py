"""The soak (tests/soak.py) itself: a pack that never finishes is stopped and counted, not waited for."""

from __future__ import annotations

import os
import subprocess
import sys
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
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
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
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Pack 7 waits without computing, so its CPU limit never comes: the wall-clock limit (5 times the CPU
    limit; twice here, so the test waits 2 s, not 5) stops it, as a `timeout` too."""
    monkeypatch.setattr(soak, "build_and_verify", _never_ends)
    monkeypatch.setattr(soak, "WALL_FACTOR", 2)
    code = soak.main(["2", "--seed", "6", "--jobs", "1", "--pack-timeout", "1", "--out", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1, out
    assert "6 full: ok" in out and "7 summary: timeout" in out, out
    saved = (tmp_path / "packs" / "7-summary" / "FAILURES.txt").read_text(encoding="utf-8")
    assert "timeout: pack 7 (summary) not done after 2 s of wall-clock time" in saved, saved


INTERRUPTED = """
import os, signal, sys, time
from pathlib import Path
from tests import soak

def fake(content, pdf, variant, expect=None):
    Path(sys.argv[1], f"{os.getpid()}.pid").write_text("")
    if "/3-" in str(content):  # Ctrl-C, as a terminal sends it: to the whole process group
        deadline = time.monotonic() + 30  # once pack 2 is building too (it may start after this one)
        while len(list(Path(sys.argv[1]).glob("*.pid"))) < 3 and time.monotonic() < deadline:
            time.sleep(0.05)
        os.killpg(os.getpgid(0), signal.SIGINT)
    if "/1-" not in str(content):
        time.sleep(600)
    return []

soak.build_and_verify = fake
# Ctrl-C as at a terminal: a shell starting this in the background (`cmd &`, as CI may run the suite) hands it
# SIGINT ignored, and Python then never raises KeyboardInterrupt, so the soak would wait on its packs for ever.
signal.signal(signal.SIGINT, signal.default_int_handler)
sys.exit(soak.main(["5", "--seed", "1", "--jobs", "2", "--out", sys.argv[1]]))
"""


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_ctrl_c_stops_the_packs_and_prints_the_table_of_those_done(tmp_path: Path) -> None:
    """Ctrl-C while packs 2 and 3 build: no traceback, the packs still building stopped, the table of the one
    build done printed, exit status 130 (the shell's for SIGINT)."""
    root = Path(__file__).resolve().parents[1]
    proc = subprocess.run(
        [sys.executable, "-c", INTERRUPTED, str(tmp_path)],
        cwd=root,
        capture_output=True,
        text=True,
        timeout=120,
        start_new_session=True,
        env={**os.environ, "PYTHONPATH": str(root)},
    )
    assert proc.returncode == 130, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stdout + proc.stderr, proc.stderr
    assert "[1/5] 1 full: ok" in proc.stdout, proc.stdout
    assert "interrupted (Ctrl-C): 1 of 5 builds done" in proc.stdout, proc.stdout
    assert next(line for line in proc.stdout.splitlines() if line.startswith("every property")).split()[-1] == "1/1"
    pids = [int(p.stem) for p in tmp_path.glob("*.pid")]
    assert len(pids) == 3, pids
    deadline = time.monotonic() + 30
    while any(_alive(pid) for pid in pids) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in pids), "a pack's process outlived the soak"


def _passes(content: Path, pdf: Path, variant: str, expect: Any = None) -> list[Failure]:
    return []


def test_variants_rotates_through_the_pairings_too(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`--variants` takes the options the default rotation leaves out and their pairings: packs 4, 5 and 6 in
    large-print handout, greyscale and large-print handout; pack 6 marks nothing for the handout, so it is built
    in large print.  An unknown variant is refused with the known ones named."""
    monkeypatch.setattr(soak, "build_and_verify", _passes)
    args = ["3", "--seed", "4", "--variants", "large-summary,greyscale", "--out", str(tmp_path)]
    assert soak.main(args) == 0
    out = capsys.readouterr().out
    assert "4 large-summary: ok" in out and "5 greyscale: ok" in out and "6 large: ok" in out, out
    with pytest.raises(SystemExit):
        soak.main(["1", "--variants", "large,sepia", "--out", str(tmp_path)])
    assert "unknown sepia (known: full, summary" in capsys.readouterr().err


def test_a_variants_build_options_are_the_flags_it_names() -> None:
    from tests.verify import MORE_VARIANTS, VARIANTS, build_flags

    flags = {v: build_flags(v) for v in (*VARIANTS, *MORE_VARIANTS)}
    assert flags["full"] == "" and flags["greyscale"] == " --greyscale"
    assert flags["large-summary"] == " --variant summary --large-print"
    assert flags["duplex-letter"] == " --duplex --paper letter"

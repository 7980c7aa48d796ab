"""Issue 15: output never destroys, the e-mail note cannot be injected into, and careless commands or input end
in a plain message (exit 2 for the command or its environment) or a positioned error, never a traceback.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from briefing import pipeline as _pipeline
from briefing.cli import app
from tests.packs import edit

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "broken" / "_base"
_REAL_BUILD = _pipeline.build_for_cli


def run(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(app, list(args), env=env)


def _interruptible() -> None:
    """Ctrl-C reaches the command as it does from a terminal: a pytest-xdist worker ignores SIGINT, and an
    ignored signal is inherited, so Python in the child would never raise KeyboardInterrupt."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def cli(*args: str, cwd: Path, env: dict[str, str] | None = None, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """The real command, in a process of its own (signals, limits and the entry point itself are exercised)."""
    full_env = {**os.environ, "PYTHONPATH": str(REPO), **(env or {})}
    return subprocess.run(
        [sys.executable, "-m", "briefing", *args],
        cwd=cwd,
        env=full_env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        preexec_fn=_interruptible,
    )


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "pack"
    shutil.copytree(BASE, root)
    monkeypatch.chdir(tmp_path)
    return root


def plain_failure(result: Result | subprocess.CompletedProcess[str], code: int = 2) -> str:
    """The output of a run that failed cleanly with `code`: no traceback, no internal error."""
    output = result.output if isinstance(result, Result) else result.stdout + result.stderr
    exit_code = result.exit_code if isinstance(result, Result) else result.returncode
    assert exit_code == code, (exit_code, output)
    assert "Traceback" not in output and "internal error" not in output, output
    return output


# ------------------------------------------------------------------ -o never replaces what is not a PDF


def test_output_to_a_fifo_is_refused_and_the_fifo_stays(pack: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.pdf"
    os.mkfifo(fifo)
    out = plain_failure(run("build", str(pack), "-o", str(fifo)))
    assert "is a named pipe (FIFO); briefing only replaces a regular file or writes a new one" in out
    assert stat.S_ISFIFO(os.stat(fifo).st_mode)


@pytest.fixture
def device(tmp_path: Path) -> Path:
    """A character device of the test's own (a null device node in the temporary folder), never the system's:
    the code this test guards against would replace it."""
    node = tmp_path / "device.pdf"
    try:
        os.mknod(node, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        pytest.skip("making a device node needs root")
    return node


def test_output_to_a_device_is_refused(pack: Path, device: Path) -> None:
    before = os.stat(device)
    out = plain_failure(run("build", str(pack), "-o", str(device)))
    assert f"'{device}' is a device" in out
    after = os.stat(device)
    assert stat.S_ISCHR(after.st_mode) and after.st_ino == before.st_ino


def test_output_through_a_link_to_a_device_is_refused(pack: Path, tmp_path: Path, device: Path) -> None:
    (tmp_path / "x.pdf").symlink_to(device)
    assert "is a device" in plain_failure(run("build", str(pack), "-o", str(tmp_path / "x.pdf")))
    assert stat.S_ISCHR(os.stat(device).st_mode)


@pytest.mark.parametrize("name", ["pack.yaml", "sources.yaml", "01-summary.yaml", "texts/report.txt"])
def test_output_over_the_packs_own_files_is_refused_even_when_forced(pack: Path, name: str) -> None:
    before = (pack / name).read_bytes()
    assert "does not end in .pdf" in plain_failure(run("build", str(pack), "-o", str(pack / name)))
    out = plain_failure(run("build", str(pack), "-o", str(pack / name), "--force"))
    assert "is one of the pack's own files" in out
    assert (pack / name).read_bytes() == before


def test_output_over_a_file_that_is_not_a_pdf_needs_force(pack: Path, tmp_path: Path) -> None:
    notes = tmp_path / "notes.pdf"
    notes.write_text("my notes, not a PDF\n", encoding="utf-8")
    assert "exists and is not a PDF" in plain_failure(run("build", str(pack), "-o", str(notes)))
    assert notes.read_text(encoding="utf-8") == "my notes, not a PDF\n"
    assert run("build", str(pack), "-o", str(notes), "--force").exit_code == 0
    assert notes.read_bytes().startswith(b"%PDF-")


def test_a_name_without_pdf_needs_force(pack: Path, tmp_path: Path) -> None:
    assert "does not end in .pdf" in plain_failure(run("build", str(pack), "-o", str(tmp_path / "report")))
    assert not (tmp_path / "report").exists()
    assert run("build", str(pack), "-o", str(tmp_path / "report"), "--force").exit_code == 0


@pytest.mark.parametrize(
    "given,expected",
    [
        ("newdir/", "names a folder"),
        ("adir", "is a folder"),
        ("", "is empty"),
        (".", "names a folder"),
        ("afile/x.pdf", "afile is a file, not a folder"),
    ],
)
def test_output_paths_that_cannot_be_a_pdf_file_are_usage_errors(pack: Path, tmp_path: Path, given: str, expected: str) -> None:
    (tmp_path / "adir").mkdir()
    (tmp_path / "afile").write_text("keep me\n", encoding="utf-8")
    out = plain_failure(run("build", str(pack), "-o", given))
    assert expected in out, out
    assert (tmp_path / "afile").read_text(encoding="utf-8") == "keep me\n"
    assert not (tmp_path / "newdir").exists()


def test_a_read_only_folder_is_a_plain_message(pack: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """As root a read-only folder is writable, so the refusal the kernel would give is made here."""
    import tempfile

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    out = plain_failure(run("build", str(pack), "-o", str(tmp_path / "ro" / "x.pdf")))
    assert "permission denied (the folder is read-only)" in out


def test_a_file_size_limit_is_a_plain_message_and_leaves_nothing(pack: Path, tmp_path: Path) -> None:
    import resource

    script = (
        "import resource, runpy, sys; resource.setrlimit(resource.RLIMIT_FSIZE, (20000, 20000)); sys.argv"
        " = ['briefing', 'build', sys.argv[1], '-o', sys.argv[2]]; runpy.run_module('briefing', run_name='__main__')"
    )
    out = tmp_path / "big.pdf"
    assert resource.getrlimit(resource.RLIMIT_FSIZE)[0] != 0
    result = subprocess.run(
        [sys.executable, "-c", script, str(pack), str(out)],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        check=False,
        timeout=120,
    )
    text = plain_failure(result)
    assert "the disk is full or a file size limit is set" in text
    assert not out.exists() and not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_a_replaced_pdf_keeps_its_mode_and_a_new_one_follows_the_umask(pack: Path, tmp_path: Path) -> None:
    old = tmp_path / "old.pdf"
    assert run("build", str(pack), "-o", str(old)).exit_code == 0
    os.chmod(old, 0o640)
    assert run("build", str(pack), "-o", str(old)).exit_code == 0
    assert stat.S_IMODE(os.stat(old).st_mode) == 0o640
    mask = os.umask(0o077)
    try:
        assert run("build", str(pack), "-o", str(tmp_path / "new.pdf")).exit_code == 0
    finally:
        os.umask(mask)
    assert stat.S_IMODE(os.stat(tmp_path / "new.pdf").st_mode) == 0o600


def test_a_temporary_file_left_by_a_killed_build_is_removed_by_the_next(pack: Path, tmp_path: Path) -> None:
    dead_pid = subprocess.Popen(["true"])
    dead_pid.wait()
    stale = tmp_path / f".out.pdf.{dead_pid.pid}.abc123.tmp"
    stale.write_bytes(b"%PDF-1.4 half a PDF")
    assert run("build", str(pack), "-o", str(tmp_path / "out.pdf")).exit_code == 0
    assert not stale.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")) == []


def test_a_temporary_file_of_a_build_running_alongside_is_left_alone(pack: Path, tmp_path: Path) -> None:
    live = tmp_path / f".out.pdf.{os.getppid()}.abc123.tmp"
    live.write_bytes(b"being written")
    assert run("build", str(pack), "-o", str(tmp_path / "out.pdf")).exit_code == 0
    assert live.exists()


HOOK = """\
import os, signal
_fsync = os.fsync
def fsync(fd):
    os.kill(os.getpid(), signal.SIG{sig})
    return _fsync(fd)
os.fsync = fsync
"""


@pytest.mark.parametrize("sig,code", [("TERM", 143), ("INT", 130)])
def test_a_signal_during_the_write_removes_the_temporary_file_at_once(pack: Path, tmp_path: Path, sig: str, code: int) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(HOOK.format(sig=sig), encoding="utf-8")
    out = tmp_path / "out" / "x.pdf"
    result = cli("build", str(pack), "-o", str(out), cwd=tmp_path, env={"PYTHONPATH": f"{hook}{os.pathsep}{REPO}"})
    plain_failure(result, code)
    assert not out.exists()
    assert [p.name for p in out.parent.iterdir()] == []


# ------------------------------------------------------------------ the e-mail cover note


def test_a_title_cannot_add_header_lines_to_the_cover_note(pack: Path) -> None:
    edit(pack / "pack.yaml", "title: Library opening hours", 'title: "Budget\\nBcc: attacker@example.org\\r\\nX: y"')
    os.chdir(pack)
    result = run("email", ".")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Subject: Budget Bcc: attacker@example.org X: y (briefing")
    assert lines[1] == ""  # the header block is the one Subject line


def test_a_direction_override_never_reaches_the_cover_note(pack: Path) -> None:
    edit(pack / "pack.yaml", 'version: "1.0"', 'version: "\u202e0001\u202c"')
    os.chdir(pack)
    result = run("email", ".")
    assert result.exit_code == 1
    assert "\u202e" not in result.stdout and "Subject:" not in result.stdout
    assert "U+202E (RIGHT-TO-LEFT OVERRIDE)" in result.output


def test_the_cover_note_folds_every_value_onto_one_line() -> None:
    from briefing.email import one_line

    assert one_line("a\nb\rc\u2028d\u2029e\x85f\u202eg\u200bh\x0bi") == "a b c d e fgh i"


# ------------------------------------------------------------------ positioned errors instead of internal ones


CHART = """\
      - chart:
          kind: bar
          title: Visits
          x_axis: Year
          y_axis: {{label: Visits, min: "{low}", max: "{high}"}}
          series:
            - name: Visits
              points: [["2022", "{y}"], ["2023", "12"]]
          caption: From the report [@report].
          alt: Bar chart of visits.
"""
HUGE = "179," + ",".join(["769"] + ["000"] * 101)  # 1.79e308, written as the digits a spreadsheet could export


@pytest.mark.parametrize("low,high,y", [("-" + HUGE, "10", "10"), ("0", HUGE, "10"), ("0", "20", HUGE)])
def test_chart_values_near_the_float_limit_are_positioned_errors(pack: Path, low: str, high: str, y: str) -> None:
    with (pack / "02-detail.yaml").open("a", encoding="utf-8") as handle:
        handle.write(CHART.format(low=low, high=high, y=y))
    result = run("build", str(pack), "-o", "out.pdf")
    out = plain_failure(result, 1)
    assert "too large for a chart: the limit is ±1,000,000,000,000,000" in out
    assert any(
        line.startswith(f"{pack.name}/02-detail.yaml:") or line.startswith("pack/02-detail.yaml:") for line in out.splitlines()
    ), out


@pytest.mark.parametrize(
    "value,message",
    [
        ("0000-05-01", "has no year 0"),
        ("0000", "has no year 0"),
        ("2026-02-00", "has no day 0"),
    ],
)
def test_impossible_dates_are_errors_in_check(pack: Path, value: str, message: str) -> None:
    edit(pack / "pack.yaml", "as_at: 2024-05-01", f"as_at: {value}")
    result = run("check", str(pack))
    out = plain_failure(result, 1)
    assert f"pack/pack.yaml:7:10: error: as_at '{value}' {message}" in out, out


def test_a_file_name_over_255_bytes_is_a_positioned_error(pack: Path) -> None:
    long_name = "s" * 300 + ".yaml"
    edit(pack / "pack.yaml", "  - 02-detail.yaml\n", f"  - {long_name}\n")
    out = plain_failure(run("check", str(pack)), 1)
    assert "pack/pack.yaml:15:5: error: " in out and "longer than 255 bytes" in out


def test_a_source_text_name_over_255_bytes_is_a_positioned_error(pack: Path) -> None:
    edit(pack / "sources.yaml", "text: texts/report.txt", f"text: texts/{'r' * 300}.txt")
    out = plain_failure(run("check", str(pack)), 1)
    assert "pack/sources.yaml:8:11: error: source text" in out and "longer than 255 bytes" in out


def test_a_symlink_loop_says_loop(pack: Path) -> None:
    (pack / "loop-a.yaml").symlink_to("loop-b.yaml")
    (pack / "loop-b.yaml").symlink_to("loop-a.yaml")
    (pack / "texts" / "loop.txt").symlink_to("loop.txt")
    edit(pack / "pack.yaml", "  - 02-detail.yaml\n", "  - loop-a.yaml\n")
    edit(pack / "sources.yaml", "text: texts/report.txt", "text: texts/loop.txt")
    out = plain_failure(run("check", str(pack)), 1)
    assert "pack/pack.yaml:15:5: error: 'loop-a.yaml' is a symbolic link that leads back to itself (a loop)" in out
    assert "pack/sources.yaml:8:11: error: source text 'texts/loop.txt' is a symbolic link that leads back to itself" in out
    assert "outside the content directory" not in out


def test_a_section_title_too_long_for_a_page_is_reported_in_its_own_file(pack: Path) -> None:
    edit(pack / "02-detail.yaml", "title: Detail", "title: " + " ".join(["Considerations"] * 600))
    out = plain_failure(run("build", str(pack), "-o", "out.pdf"), 1)
    assert "pack/02-detail.yaml:2:8: error: the section title is 8,999 characters; the limit is 200" in out, out
    assert "pack.yaml:2:3" not in out


def test_check_warnings_are_kept_when_the_build_fails_at_layout(pack: Path) -> None:
    edit(
        pack / "01-summary.yaml",
        "text: We have kept every branch open, and that was the council's first promise.",
        "text: Words the report never printed.",
    )
    # more notes on one line than a page holds: markers side by side break between lines, so each note is
    # made four lines long (a run of 120 short notes now builds, a line of them a page)
    words = " ".join(["the library opening hours review"] * 6)
    cites = "".join(f"[@report, p. {i}, {words}]" for i in range(60))
    edit(pack / "02-detail.yaml", '[South, "6"]', '[South, "6' + cites + '"]')
    out = plain_failure(run("build", str(pack), "-o", "out.pdf"), 1)
    assert "error: this block cannot be laid out on the page" in out
    assert "warning: quotation not found verbatim" in out


@pytest.mark.parametrize("value", ["1e9", "1000000000.5", "-5", "99999999999999999999"])
def test_source_date_epoch_must_be_whole_seconds(pack: Path, value: str) -> None:
    out = plain_failure(run("build", str(pack), "-o", "out.pdf", env={"SOURCE_DATE_EPOCH": value}))
    assert "SOURCE_DATE_EPOCH must be a whole number of seconds since 1970" in out


def test_source_date_epoch_as_an_integer_is_used(pack: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    assert run("build", str(pack), "-o", "a.pdf", env={"SOURCE_DATE_EPOCH": "1000000000"}).exit_code == 0
    info = PdfReader(tmp_path / "a.pdf").metadata
    assert info is not None and str(info["/CreationDate"]).startswith("D:20010909")


# ------------------------------------------------------------------ briefing new


def test_new_onto_an_existing_file_is_a_plain_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    Path("afile").write_text("keep\n", encoding="utf-8")
    assert "'afile' is a file, not a folder" in plain_failure(run("new", "afile"))
    assert "cannot write 'afile/sub'" in plain_failure(run("new", "afile/sub"))
    assert Path("afile").read_text(encoding="utf-8") == "keep\n"


def test_new_into_a_folder_it_cannot_write_is_a_plain_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)

    def refuse(self: Path, *args: object, **kwargs: object) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refuse)
    assert "Permission denied" in plain_failure(run("new", "ro/pack"))


def test_new_with_a_backslash_in_the_title_makes_a_pack_that_checks_clean(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    title = 'C:\\Users\\data "quoted" it\'s'
    assert run("new", "p", "--title", title).exit_code == 0
    checked = run("check", "p")
    assert checked.exit_code == 0, checked.output
    from briefing.pipeline import load_and_check

    assert load_and_check(Path("p")).pack.meta.title == title


# ------------------------------------------------------------------ processes


def _dies_for_bad(content_dir: Path, *args: object, **kwargs: object) -> object:
    """A build that kills its own process for the pack named "bad" (as the kernel's OOM killer would)."""
    if Path(content_dir).name == "bad":
        os._exit(9)
    return _REAL_BUILD(content_dir, *args, **kwargs)  # type: ignore[arg-type]


def test_one_pack_whose_worker_dies_does_not_sink_the_other(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing import pipeline

    good, bad = tmp_path / "good", tmp_path / "bad"
    shutil.copytree(BASE, good)
    shutil.copytree(BASE, bad)
    edit(good / "pack.yaml", "short_title: Library hours", "short_title: Good pack")
    monkeypatch.setattr(pipeline, "build_for_cli", _dies_for_bad)
    monkeypatch.chdir(tmp_path)
    outcomes = pipeline.build_many([good, bad], None, pipeline.BuildOptions())
    assert [o.code for o in outcomes] == [0, 3]
    assert "the build process stopped unexpectedly" in outcomes[1].messages[0]
    assert list((tmp_path / "build").glob("good-pack-*.pdf"))


INTERRUPT_IMPORT = """\
import sys
class Interrupt:
    def find_spec(self, name, path=None, target=None):
        if name == "typer":
            raise KeyboardInterrupt
        return None
sys.meta_path.insert(0, Interrupt())
"""


def test_ctrl_c_while_the_command_line_loads_is_exit_130_without_a_traceback(tmp_path: Path) -> None:
    hook = tmp_path / "hook"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(INTERRUPT_IMPORT, encoding="utf-8")
    result = cli("--help", cwd=tmp_path, env={"PYTHONPATH": f"{hook}{os.pathsep}{REPO}"})
    assert result.returncode == 130, result.stderr
    assert "Traceback" not in result.stderr and "briefing: interrupted" in result.stderr


def _wait_for(proc: subprocess.Popen[str], needle: str, lines: list[str], seconds: float = 60) -> None:
    assert proc.stderr is not None
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        line = proc.stderr.readline()
        if not line:
            break
        lines.append(line)
        if needle in line:
            return
    raise AssertionError(f"{needle!r} not seen: {lines}")


def _watch(pack: Path, tmp_path: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "briefing", "watch", str(pack), "-o", str(tmp_path / "w.pdf")],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        text=True,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        preexec_fn=_interruptible,
    )


def test_watch_stopped_with_ctrl_c_exits_130(pack: Path, tmp_path: Path) -> None:
    proc = _watch(pack, tmp_path)
    lines: list[str] = []
    try:
        _wait_for(proc, "watching", lines)
        while not (tmp_path / "w.pdf").exists() and proc.poll() is None:
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        _, err = proc.communicate(timeout=30)
    finally:
        proc.kill()
    assert proc.returncode == 130, (lines, err)
    assert "Traceback" not in err and "stopped watching" in err


def test_watch_on_a_missing_folder_says_so_and_stops(tmp_path: Path) -> None:
    result = cli("watch", str(tmp_path / "nope"), cwd=tmp_path, timeout=30)
    out = plain_failure(result, 1)
    assert "nope: error: content directory does not exist" in out


def test_watch_rebuilds_after_the_folder_is_deleted_and_recreated(pack: Path, tmp_path: Path) -> None:
    from briefing.watch import Watcher

    lines: list[str] = []
    watcher = Watcher(pack, tmp_path / "w.pdf", echo=lambda line, err: lines.append(line))
    import threading

    stop = threading.Event()
    thread = threading.Thread(target=watcher.run, kwargs={"stop_event": stop}, daemon=True)
    thread.start()
    try:
        assert watcher.wait_for(1, 60) and watcher.good == 1
        shutil.rmtree(pack)
        deadline = time.monotonic() + 30
        while not any("was removed" in line for line in lines) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert any("was removed; waiting for it to come back" in line for line in lines), lines
        shutil.copytree(BASE, tmp_path / "new")
        os.rename(tmp_path / "new", pack)  # the folder comes back whole (restored or moved back)
        assert watcher.wait_for(2, 60), lines
        assert watcher.good == 2
        edit(pack / "pack.yaml", "short_title: Library hours", "short_title: Library hours again")
        assert watcher.wait_for(3, 60), lines  # the new folder is watched
    finally:
        stop.set()
        thread.join(10)

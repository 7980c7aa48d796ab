"""A corpus of broken packs, one mistake each, with the exact line `briefing check` must print.

tests/broken/_base/ is a small pack that checks clean.  Each other folder in
tests/broken/ holds the files that differ from it (a copy with one mistake),
`expected.txt` (the diagnostic line, exactly as the user sees it), and
optionally `delete` (base files to remove) and `args` (the check command's
arguments, default "."; the command runs inside the pack's folder, so paths
print as the user would see them there).

A case whose expected line is an error must exit 1 and report that error and
no other; a warning case must exit 0 with no error at all.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from briefing.cli import app

BROKEN = Path(__file__).resolve().parent / "broken"
BASE = BROKEN / "_base"
CONTROL = {"expected.txt", "delete", "args"}
CASES = sorted(p.name for p in BROKEN.iterdir() if p.is_dir() and not p.name.startswith("_"))


def make_pack(case: Path, root: Path) -> Path:
    """The base pack with the case's files laid over it, in `root`/pack."""
    pack = root / "pack"
    shutil.copytree(BASE, pack)
    delete = case / "delete"
    for name in delete.read_text(encoding="utf-8").split() if delete.exists() else ():
        target = pack / name
        shutil.rmtree(target) if target.is_dir() else target.unlink()
    for path in sorted(case.rglob("*")):
        rel = path.relative_to(case)
        if path.is_dir() or str(rel) in CONTROL:
            continue
        (pack / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, pack / rel)
    return pack


def run_check(pack: Path, args: list[str], monkeypatch: pytest.MonkeyPatch) -> tuple[int, list[str]]:
    monkeypatch.chdir(pack)
    result = CliRunner().invoke(app, ["check", *args])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.stdout.splitlines()


def test_corpus_is_large_enough() -> None:
    assert len(CASES) >= 40


def test_base_pack_is_clean(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    code, lines = run_check(make_pack(BROKEN / "_base", tmp_path), ["."], monkeypatch)
    assert (code, lines) == (0, [])


@pytest.mark.parametrize("name", CASES)
def test_broken_pack(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    case = BROKEN / name
    expected = (case / "expected.txt").read_text(encoding="utf-8").strip()
    args_file = case / "args"
    args = args_file.read_text(encoding="utf-8").split() if args_file.exists() else ["."]
    code, lines = run_check(make_pack(case, tmp_path), args, monkeypatch)
    assert expected in lines, "\n".join(lines)
    errors = [line for line in lines if ": error: " in line]
    if ": error: " in expected:
        assert code == 1
        assert errors == [expected], "one mistake should give one error"
    else:
        assert code == 0
        assert errors == []

"""The cache of compiled dataclass methods (briefing/codecache.py) changes nothing but speed: the same code
whether compiled or read back, bad or unwritable caches ignored."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

# Every dataclass method of the modules a build imports, as marshalled code (with its annotations), hashed.
_CODES = """
import dataclasses, hashlib, marshal, sys
import briefing.cli, briefing.pipeline, briefing.render.document
seen = []
for name, mod in sorted(sys.modules.items()):
    if name.startswith("briefing"):
        for k, v in sorted(vars(mod).items()):
            if isinstance(v, type) and dataclasses.is_dataclass(v) and v.__module__ == name:
                for m, f in sorted(vars(v).items()):
                    if hasattr(f, "__code__"):
                        seen.append(f"{name}.{k}.{m} {hashlib.sha1(marshal.dumps(f.__code__)).hexdigest()}"
                                    f" {getattr(f, '__annotations__', None)!r}")
print(len(seen), hashlib.sha1("\\n".join(seen).encode()).hexdigest())
"""

_PLAIN = "import dataclasses; dataclasses.exec = exec\n"  # codecache.install leaves an `exec` of someone else's alone


def _run(cache: Path, prelude: str = "") -> str:
    env = {**os.environ, "XDG_CACHE_HOME": str(cache), "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", prelude + _CODES], env=env, capture_output=True, text=True, check=True, timeout=120
    )
    return done.stdout.strip()


def test_methods_read_back_are_the_ones_compiled(tmp_path: Path) -> None:
    plain = _run(tmp_path / "unused", _PLAIN)  # dataclasses as the standard library makes them
    assert not (tmp_path / "unused").exists()
    first = _run(tmp_path)  # compiled, then written to the cache
    (cached,) = (tmp_path / "briefing").glob("dataclass-code-*.marshal")
    written = cached.stat().st_mtime_ns
    second = _run(tmp_path)  # read back
    assert int(plain.split()[0]) > 300  # the build's dataclasses were all seen
    assert first == second == plain
    assert cached.stat().st_mtime_ns == written  # nothing new: not written again


def test_corrupt_cache_is_ignored_and_replaced(tmp_path: Path) -> None:
    plain = _run(tmp_path / "unused", _PLAIN)
    folder = tmp_path / "briefing"
    _run(tmp_path)
    (cached,) = folder.glob("dataclass-code-*.marshal")
    cached.write_bytes(b"not marshal data")
    assert _run(tmp_path) == plain
    assert cached.read_bytes() != b"not marshal data"  # rewritten whole
    assert _run(tmp_path) == plain


def test_unwritable_cache_folder_still_builds(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("a file where the cache folder would go")
    assert _run(blocker) == _run(tmp_path / "unused", _PLAIN)

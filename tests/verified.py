"""A generated pack built and verified once a test session, whichever tests ask for it.

Several test modules build and verify the same generated pack in the same variant: test_generated's
packs and test_engine_classes' regression packs share seeds (43 in large print, 77 duplex, ...).  `verified`
generates the pack, builds it and runs the verifier, and keeps the failures (and the PDF, `verified_pdf`) on disk
in the session's common temporary folder (shared by the xdist workers, under a lock per pack, as conftest's `default_build`): the
second asker reads the first one's result.  The key is everything the result depends on: the seed, the
generator's knobs and the variant built; the code is the same within a session.  Outside a test session (no
folder set) every call builds."""

from __future__ import annotations

import dataclasses
import json
import shutil
import tempfile
from pathlib import Path

from tests.generate import Knobs, generate
from tests.verify import Failure, build_and_verify

try:
    import fcntl
except ImportError:  # Windows: no lock, each asker builds
    fcntl = None  # type: ignore[assignment]

FOLDER: list[Path] = []  # set by tests/conftest.py for the session


def verified(seed: int, variant: str, knobs: Knobs | None = None, handout_or_full: bool = False) -> tuple[str, list[Failure]]:
    """(variant built, failures) for generated pack `seed` built in `variant`.  With `handout_or_full`, a pack
    without a summary is built in full instead of as the summary handout (test_generated's rotation)."""
    work = Path(tempfile.mkdtemp(prefix=f"gen-{seed}-"))
    try:
        pack = generate(seed, work / "pack", knobs) if knobs is not None else generate(seed, work / "pack")
        built = "full" if handout_or_full and variant == "summary" and pack.summary is None else variant
        if not FOLDER:
            return built, build_and_verify(work / "pack", work / "out.pdf", built, pack.expect(built))
        key = _key(seed, built, knobs)
        store = FOLDER[0] / f"{key}.json"
        with (FOLDER[0] / f"{key}.lock").open("w") as lock:
            if fcntl is not None:
                fcntl.flock(lock, fcntl.LOCK_EX)
            if not store.is_file():
                failures = build_and_verify(work / "pack", FOLDER[0] / f"{key}.pdf", built, pack.expect(built))
                temp = store.with_suffix(".tmp")
                temp.write_text(json.dumps([dataclasses.asdict(f) for f in failures]), encoding="utf-8")
                temp.replace(store)
            return built, [Failure(**f) for f in json.loads(store.read_text(encoding="utf-8"))]
    finally:
        shutil.rmtree(work, ignore_errors=True)


def verified_pdf(seed: int, variant: str) -> tuple[Path, list[Failure]]:
    """The PDF `verified(seed, variant)` built (kept in the session's folder: read it, never write to it) and its
    failures, for a test that reads more of the PDF than the verifier does."""
    built, failures = verified(seed, variant)
    assert FOLDER, "only in a test session"
    return FOLDER[0] / f"{_key(seed, built, None)}.pdf", failures


def _key(seed: int, built: str, knobs: Knobs | None) -> str:
    return f"{seed}-{built}-{_knobs_key(knobs)}"


def _knobs_key(knobs: Knobs | None) -> str:
    if knobs is None:
        return "default"
    import hashlib

    return hashlib.sha256(repr(knobs).encode()).hexdigest()[:16]

"""Generated packs (tests/generate.py), one variant each in turn (full, summary, duplex, large print, letter),
built and read back by the geometric verifier (tests/verify.py): one test per pack and property, so a fix
flips exactly the tests of the defect it fixes.

The default run builds 54 of the first hundred seeds (`SEEDS`: 1-50, and 53, 61, 76 and 77), chosen so that
the packs of each variant still use every block kind (test_generated_packs_cover_every_variant_and_block_kind);
`GENERATED_PACKS=all python -m pytest tests/test_generated.py` builds all hundred, and the soak
(`python -m tests.soak`) is the place for breadth.

Each pack is built once a session: its property tests are one xdist work unit (tests/conftest.py), so
one worker builds it and the packs are spread over the cores (in a run without xdist, two at a time).  A (pack, property)
that fails on today's code is listed in tests/generated_known.json with the defect behind it and
marked xfail(strict=True): the suite stays green, and when a fix lands the test XPASSes and fails
until the entry is removed.  After a fix, rewrite the list from what the code does now with

    python -m tests.test_generated --update     # then read the diff: only fixed entries may go

A pack whose build is refused has only its `build` test run; its other properties are skipped
(they say why), since there is no PDF to read.
"""

from __future__ import annotations

import json
import os
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.generate import generate
from tests.verified import verified
from tests.verify import PROPERTIES, VARIANTS, Failure

PACKS = 100  # seeds 1-100: the packs `GENERATED_PACKS=all` builds and `--update` rewrites the known list from
FIRST_SEED = 1
# The default run: 1-50; 76, the first summary-turn seed with a bulleted list (none of 1-50's summary-turn packs
# has one); 53, 61 and 77, which test_engine_classes builds and verifies in the same variant anyway (tests/verified.py).
SEEDS = (*range(1, 51), 53, 61, 76, 77)
KNOWN_FILE = Path(__file__).resolve().parent / "generated_known.json"
ONLY_FULL = ("contents-pages", "heading-not-stranded")  # the summary handout has no contents


def pack_ids(every: bool = os.environ.get("GENERATED_PACKS") == "all") -> list[tuple[int, str]]:
    seeds = range(FIRST_SEED, FIRST_SEED + PACKS) if every else SEEDS
    return [(seed, VARIANTS[seed % len(VARIANTS)]) for seed in seeds]


def run(seed: int, variant: str) -> tuple[str, list[Failure]]:
    """Generate, build and verify one pack in a scratch folder; (variant built, failures).  A pack with no
    summary is built in full in its summary turn.  Once a session (tests/verified.py): other modules' tests of
    the same pack and variant share the result."""
    return verified(seed, variant, handout_or_full=True)


def run_all(jobs: int = 2, every: bool = False) -> dict[str, tuple[str, list[Failure]]]:
    ids = pack_ids(every or os.environ.get("GENERATED_PACKS") == "all")
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        results = list(pool.map(run, [s for s, _ in ids], [v for _, v in ids]))
    return {f"{s}-{v}": r for (s, v), r in zip(ids, results, strict=True)}


def load_known() -> dict[str, Any]:
    return dict(json.loads(KNOWN_FILE.read_text(encoding="utf-8"))) if KNOWN_FILE.is_file() else {}


KNOWN = load_known()


def params() -> list[Any]:
    out = []
    for seed, variant in pack_ids():
        pid = f"{seed}-{variant}"
        for prop in PROPERTIES:
            if variant == "summary" and prop in ONLY_FULL:
                continue
            known = KNOWN.get(prop, {})
            marks = [pytest.mark.xfail(strict=True, reason=known["reason"])] if pid in known.get("packs", ()) else []
            out.append(pytest.param(pid, prop, marks=marks, id=f"{pid}-{prop}"))
    return out


class Results(dict[str, tuple[str, list[Failure]]]):
    """The packs' results, each pack built when a test first asks for it.  Without xdist the first
    request builds all of them, two at a time; under xdist each worker builds only its own packs."""

    def __missing__(self, pid: str) -> tuple[str, list[Failure]]:
        if not os.environ.get("PYTEST_XDIST_WORKER") and not self:
            self.update(run_all())
            return self[pid]
        seed, variant = pid.split("-", 1)
        self[pid] = run(int(seed), variant)
        return self[pid]


@pytest.fixture(scope="session")
def generated_results() -> dict[str, tuple[str, list[Failure]]]:
    return Results()


@pytest.mark.parametrize(("pid", "prop"), params())
def test_generated_pack_property(pid: str, prop: str, generated_results: dict[str, tuple[str, list[Failure]]]) -> None:
    _, failures = generated_results[pid]
    if prop != "build" and any(f.prop == "build" for f in failures):
        pytest.skip(f"pack {pid} was refused, so there is no PDF: {failures[0]}")
    broken = [str(f) for f in failures if f.prop == prop]
    assert not broken, f"pack {pid} (python -m tests.generate {pid.split('-')[0]} DIR):\n" + "\n".join(broken[:10])


def test_generated_packs_cover_every_variant_and_block_kind(tmp_path: Path) -> None:
    """The packs built use every variant, every block kind in each variant's packs, and the hard positions."""
    import yaml

    kinds: dict[str, set[str]] = {variant: set() for variant in VARIANTS}
    texts: list[str] = []
    for seed, variant in pack_ids():
        root = tmp_path / str(seed)
        generate(seed, root)
        for f in root.glob("*-s.yaml"):
            data = yaml.safe_load(f.read_text(encoding="utf-8"))
            texts.append(f.read_text(encoding="utf-8"))
            stack = [data]
            while stack:
                node = stack.pop()
                for block in node.get("blocks") or []:
                    kinds[variant].update(k for k in block if k not in ("cite", "summary"))
                stack.extend(node.get("sections") or [])
    every_kind = {
        "paragraph",
        "bullets",
        "numbered",
        "quote",
        "key_facts",
        "table",
        "timeline",
        "people",
        "callout",
        "figures_panel",
        "chart",
        "timeline_chart",
    }
    for variant, used in kinds.items():
        assert used >= every_kind, (variant, every_kind - used)
    assert {v for _, v in pack_ids()} == set(VARIANTS)
    every = "\n".join(texts)
    for needle in ("Llanfairpwllgwyngyll", "Θεσσαλονίκη", "Łódź", "Nguyễn", "https://", "header:"):
        assert needle in every, needle


# ---------------------------------------------------------------- rewriting the known list

REASONS = {
    "build": "valid content refused: 'cannot be laid out' (issue 16: fail-6, fail-12, fail-14)",
    "all-citations-printed": "a citation is lost: block-level cite dropped (fail-10) or a note's tail cut (fail-7)",
    "marker-printed-once": "a table header citation repeats on every page of the table (fail-3)",
    "marker-whole": "a marker's digits split across lines (fail-4)",
    "markers-separated": "adjacent citations print as one number (fail-13)",
    "markers-in-order": "markers out of reading order (fail-11)",
    "note-on-marker-page": "a note is not on its marker's page",
    "notes-in-order": "notes out of order or repeated (fail-3, fail-11)",
    "no-body-below-rule": "body text below the note rule",
    "inside-text-block": "long addresses or words run past the margin (fail-1)",
    "no-overlapping-text": "overprinted text: contents leaders (fail-2), chart labels (fail-8), table cells",
    "glyphs-in-font": "italic faces have no Greek, Vietnamese or ŵ ŷ glyphs (empty boxes)",
    "contents-pages": "a contents page number differs from where the heading lands",
    "heading-not-stranded": "a heading left alone at a page foot (fail-12)",
    "caption-with-table": "a table's caption split over pages, or a page away from its table",
    "caption-with-figure": "a figure's caption on another page than its drawing",
    "sources-present": "a cited source is missing from the PDF (block-level cite dropped, fail-10)",
    "note-tails-present": "a note's last words are not printed (fail-7, fail-10)",
}


def update() -> None:
    results = run_all(every=True)
    known: dict[str, Any] = {}
    for prop in PROPERTIES:
        packs = [
            pid
            for pid, (_, failures) in results.items()
            if any(f.prop == prop for f in failures) and (prop == "build" or not any(f.prop == "build" for f in failures))
        ]
        if packs:
            known[prop] = {"reason": KNOWN.get(prop, {}).get("reason", REASONS[prop]), "packs": packs}
    KNOWN_FILE.write_text(json.dumps(known, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    for prop, entry in known.items():
        print(f"{prop:24} {len(entry['packs']):3d}  {entry['reason']}")


if __name__ == "__main__":
    if sys.argv[1:] == ["--update"]:
        update()
    else:
        print(__doc__)

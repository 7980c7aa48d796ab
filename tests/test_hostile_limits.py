"""Issue 15: input within the limits takes bounded work and memory.

No test here times anything (benchmarks/limits.py does, for the README's table); each counts the
work that made the old code slow (the character pairs difflib was given, the candidates every
"did you mean" compared) or measures memory with tracemalloc, and still checks the answer the
user sees.
"""

from __future__ import annotations

import difflib
import random
import tracemalloc
from pathlib import Path

import pytest

from briefing import quotes
from briefing.quotes import find_quote


@pytest.fixture
def difflib_cells(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Record len(a) * len(b) for every pair of sequences difflib is asked to compare."""
    cells: list[int] = []
    real = difflib.SequenceMatcher.set_seqs

    def counting(self: difflib.SequenceMatcher[str], a: str, b: str) -> None:
        cells.append(len(a) * len(b))
        real(self, a, b)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seqs", counting)
    return cells


def _source(words: int, seed: int = 1) -> list[str]:
    rng = random.Random(seed)
    vocab = [f"w{i}" for i in range(3000)]
    common = ["the", "of", "and", "a", "to"]
    return [rng.choice(common) if rng.random() < 0.3 else rng.choice(vocab) for _ in range(words)]


def test_a_long_quotation_with_one_changed_word_is_compared_only_where_it_differs(difflib_cells: list[int]) -> None:
    words = _source(30_000)
    quote = words[5_000:15_000]
    original = quote[5_000]
    quote[5_000] = "CHANGED"
    match = find_quote(" ".join(quote), " ".join(words))
    assert not match.found
    assert match.difference == f'source has "{original}" where quote has "CHANGED"'
    assert max(difflib_cells) <= 4_000_000  # the old code gave difflib 60,000 x 60,000 characters, many times


def test_a_long_quotation_that_is_in_the_source_is_found(difflib_cells: list[int]) -> None:
    words = _source(30_000, seed=2)
    assert find_quote(" ".join(words[100:10_100]), " ".join(words)).found
    assert difflib_cells == []


def test_a_source_text_is_indexed_in_little_memory() -> None:
    rng = random.Random(3)
    text = " ".join(rng.choice(["alpha", "beta", "gamma", f"delta{i}"]) for i in range(300_000))
    quotes._prepare.cache_clear()
    tracemalloc.start()
    try:
        quotes._prepare(text)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
        quotes._prepare.cache_clear()
    # The old index kept a Python int and a one-character string for every character (about 85 bytes a byte of
    # text: three 20 MB sources peaked near 5 GB); the limit's worst case must fit in 1 GB.
    assert peak / len(text) < 25


def test_did_you_mean_compares_each_typo_with_a_few_candidates(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.suggest import Suggester

    compared: list[str] = []
    real = difflib.SequenceMatcher.set_seq1

    def counting(self: difflib.SequenceMatcher[str], a: str) -> None:
        compared.append(a)
        real(self, a)

    monkeypatch.setattr(difflib.SequenceMatcher, "set_seq1", counting)
    rng = random.Random(4)
    ids = [f"{''.join(rng.choice('abcdefghijklmnop') for _ in range(6))}-report-{i}" for i in range(1_000)]
    suggest = Suggester(ids)
    typos = [(source_id, source_id[:3] + source_id[4:]) for source_id in rng.sample(ids, 300)]
    answers = [suggest.closest(typo) for _, typo in typos]
    assert answers == [source_id for source_id, _ in typos]
    assert len(compared) <= 300 * 10  # get_close_matches over every id compared 300,000


def test_the_same_typo_is_looked_up_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from briefing.suggest import Suggester

    suggest = Suggester(["report", "news"])
    assert suggest.closest("reprot") == "report"
    monkeypatch.setattr(Suggester, "_closest", lambda self, word: pytest.fail("looked up again"))
    assert suggest.closest("reprot") == "report"


def test_check_suggests_through_the_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from typer.testing import CliRunner

    from briefing.cli import app

    base = Path(__file__).resolve().parent / "broken" / "_base"
    shutil.copytree(base, tmp_path / "pack")
    monkeypatch.chdir(tmp_path / "pack")
    path = Path("01-summary.yaml")
    path.write_text(path.read_text(encoding="utf-8").replace("the year [@report]", "the year [@reprot]"), encoding="utf-8")
    result = CliRunner().invoke(app, ["check", "."])
    assert "citation of unknown source 'reprot'; did you mean 'report'?" in result.stdout

"""The quick-to-compile patterns briefing/regexes.py puts in place of ReportLab's and PyYAML's match exactly what
the originals match: every code point, one at a time, and addresses and words built from the characters where
case folding and the class boundaries could differ.  And the libraries, imported after `prime`, use them."""

from __future__ import annotations

import itertools
import json
import random
import re
import subprocess
import sys
from pathlib import Path

import pytest

from briefing.regexes import _CLASSES, EQUIVALENTS

EVERY_CHARACTER = "".join(map(chr, range(0x110000)))


def _original(pattern: str, flags: int) -> re.Pattern[str]:
    """The library's own pattern, compiled afresh (an empty group in front: not the cached equivalent)."""
    if pattern.startswith("(?u)"):  # a global flag stays first
        return re.compile("(?u)(?:)" + pattern[4:], flags)
    return re.compile("(?:)" + pattern, flags)


@pytest.mark.parametrize("cls", list(_CLASSES))
def test_each_class_matches_the_same_characters(cls: str) -> None:
    original = re.compile(cls, re.IGNORECASE)
    quick = re.compile(_CLASSES[cls], re.IGNORECASE)
    assert original.findall(EVERY_CHARACTER) == quick.findall(EVERY_CHARACTER)


@pytest.mark.parametrize(("library", "index"), [("reportlab", 1), ("yaml", 0)])
def test_single_character_patterns_match_the_same(library: str, index: int) -> None:
    pattern, flags, equivalent = EQUIVALENTS[library][index]
    original, quick = _original(pattern, flags), re.compile(equivalent(), flags)
    assert original.findall(EVERY_CHARACTER) == quick.findall(EVERY_CHARACTER)
    assert original.sub(r"\1\0 " if index else "?", EVERY_CHARACTER[:70000]) == quick.sub(
        r"\1\0 " if index else "?", EVERY_CHARACTER[:70000]
    )


def _addresses() -> list[str]:
    edge = [
        "a",
        "Z",
        "0",
        "-",
        ".",
        ":",
        "/",
        "@",
        "\xa0",
        "\xa1",
        "\u017f",
        "\u212a",
        "\u0130",
        "\u0131",
        "\uffff",
        "\U00010000",
        "\U00010400",
        "\U00010428",
        "\u00df",
        "x",
    ]
    rng = random.Random(12)
    out = [
        "https://www.gov.uk/government/publications",
        "http://localhost:8080/x",
        "ftp://192.168.0.1/a",
        "https://[::1]/",
        "https://xn--bcher-kva.example/",
        "https://bücher.example/ä",
        "HTTPS://EXAMPLE.COM",
        "https://ex-.com",
        "https://-ex.com",
        "https://a.b",
        "https://a.bc",
        "www.example.com/path",
        "user@host.com",
        "https://\u212aelvin.\u017fite/",
        "https://\U00010400.example/",
        "https://example.\U00010400\U00010428/",
    ]
    for n in range(1, 5):
        out += ["https://" + "".join(p) + ".org" for p in itertools.product(edge[:10], repeat=n)][:400]
    for _ in range(3000):
        host = "".join(rng.choice(edge) for _ in range(rng.randint(1, 12)))
        tld = "".join(rng.choice(edge) for _ in range(rng.randint(1, 4)))
        out.append(rng.choice(["", "https://", "HTTP://", "x+y.z://"]) + host + "." + tld + rng.choice(["", "/p", ":80"]))
    return out


def test_the_address_pattern_matches_the_same() -> None:
    pattern, flags, equivalent = EQUIVALENTS["reportlab"][0]
    original, quick = _original(pattern, flags), re.compile(equivalent(), flags)
    for address in _addresses():
        a, b = original.match(address), quick.match(address)
        assert (a and (a.span(), a.groups())) == (b and (b.span(), b.groups())), address


def test_the_libraries_use_the_quick_patterns() -> None:
    """In a process importing as `briefing build` does (a test process may have imported the libraries first)."""
    script = (
        "import io, json, briefing.cli, briefing.pipeline, briefing.render.document, yaml.reader\n"
        "from reportlab.lib import textsplit\nfrom reportlab.platypus import paragraph\n"
        "from reportlab.pdfgen.canvas import Canvas\nfrom briefing.render.compact import compact\n"
        "c = Canvas(io.BytesIO()); c.showPage(); compact(c.getpdfdata())\n"
        "print(json.dumps([paragraph.uri_pat.pattern, textsplit.rx.pattern, yaml.reader.Reader.NON_PRINTABLE.pattern]))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, cwd=Path(__file__).resolve().parents[1]
    ).stdout
    quick = {equivalent() for entries in EQUIVALENTS.values() for _, _, equivalent in entries}
    assert set(json.loads(out)) == quick

"""Issue 15, do-not-print: a protected name cannot be slipped past `check` by how it is typed.

Each test writes a name the way a careless or hostile author could (markup splitting it, invisible
characters, look-alike letters, a right-to-left override) and checks what the user sees: `check`
reports it at its line, `build` writes no PDF and `email` prints no note.  A property-based test
mixes all of these at random.  Also: pack files linked from outside the pack are refused, direction
overrides are errors in any printed field, and addresses may not hide or disguise characters.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner, Result

from briefing.cli import app
from briefing.session import Session
from briefing.style import SheetCache
from tests.packs import edit

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "broken" / "_base"
NAME = "Jane Roe"
DNP = re.compile(
    r"^(?P<file>[\w.-]+):(?P<line>\d+):(?P<col>\d+): error: 'Jane Roe' is on the pack's do-not-print list$", re.MULTILINE
)


def run(*args: str, sheets: SheetCache | None = None) -> Result:
    """`briefing ARGS` in this process; with `sheets`, the style sheets already checked there are not read again."""
    return CliRunner().invoke(app, list(args), obj=Session(sheets=sheets) if sheets is not None else None)


@pytest.fixture(scope="module")
def sheets() -> SheetCache:
    """The style sheets checked by a property test's examples, each written to the same folder (a sheet is kept
    by its file and the pack's folder): every example still reads its own pack files."""
    return SheetCache()


def fresh_pack(folder: Path) -> Path:
    """`folder`/pack, emptied and copied again from the clean test pack."""
    root = folder / "pack"
    shutil.rmtree(root, ignore_errors=True)
    shutil.copytree(BASE, root)
    return root


def yaml_quoted(text: str) -> str:
    """`text` as a YAML double-quoted scalar, every character typed as it is (no escapes needed but \\ and ")."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


# ------------------------------------------------------------------ each bypass the audit found

BYPASSES = {
    "strong-first-word": "**Jane** Roe",
    "emphasis-last-word": "Jane *Roe*",
    "strong-inside-word": "J**an**e R*o*e",
    "soft-hyphen": "Ja\u00adne Roe",
    "zero-width-space": "Ja\u200bne Roe",
    "zero-width-joiner": "Jane\u200d Ro\u200ce",
    "lrm-rlm": "J\u200eane R\u200foe",
    "bom": "Ja\ufeffne Roe",
    "variation-selector": "Jane\ufe0f Roe\ufe0e",
    "cyrillic-a": "J\u0430ne Roe",
    "greek-omicron": "Jane R\u03bfe",
    "fullwidth": "\uff2a\uff41\uff4e\uff45 \uff32\uff4f\uff45",
    "mathematical-bold": "\U0001d409\U0001d41a\U0001d427\U0001d41e \U0001d411\U0001d428\U0001d41e",
    "reversed-under-override": "\u202eeoR enaJ\u202c",
    "citation-between-words": "Jane[@report] Roe",
    "capital-i-for-l": "JANE R0E",
}


@pytest.mark.parametrize("typed", list(BYPASSES.values()), ids=list(BYPASSES))
def test_each_bypass_is_reported_at_its_line(pack: Path, typed: str) -> None:
    edit(pack / "01-summary.yaml", "September 2023 [@report].", f"September 2023, said {typed} [@report].")
    result = run("check", ".")
    assert result.exit_code == 1, result.output
    hits = [m.groupdict() for m in DNP.finditer(result.stdout)]
    assert hits and hits[0]["file"] == "01-summary.yaml" and hits[0]["line"] == "6", result.stdout


@pytest.mark.parametrize(
    "field,old,new",
    [
        ("locator in a cite: mapping", "        cite: news", '        cite: {source: news, locator: "p. J\u0430ne Roe"}'),
        ("locator in an inline citation", "the year [@report]", "the year [@report, letter from **Jane** Roe]"),
        ("speaker", "speaker: Sam Smith", 'speaker: "Ja\u00adne Roe"'),
        ("role", "role: Head of libraries", "role: Head of *Jane* Roe's libraries"),
    ],
)
def test_every_printed_field_is_matched_after_folding(pack: Path, field: str, old: str, new: str) -> None:
    edit(pack / "01-summary.yaml", old, new)
    result = run("check", ".")
    assert DNP.search(result.stdout), (field, result.stdout)


def test_a_name_that_only_looks_near_is_not_reported(pack: Path) -> None:
    edit(pack / "01-summary.yaml", "September 2023 [@report].", "September 2023; Janet Roebuck said so [@report].")
    result = run("check", ".")
    assert not DNP.search(result.stdout), result.stdout


# ------------------------------------------------------------------ property: random disguises never print

FULLWIDTH = {c: chr(ord(c) + 0xFEE0) for c in "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
MATH_BOLD = {
    **{c: chr(0x1D400 + i) for i, c in enumerate("ABCDEFGHIJKLMNOPQRSTUVWXYZ")},
    **{c: chr(0x1D41A + i) for i, c in enumerate("abcdefghijklmnopqrstuvwxyz")},
}
# Cyrillic and Greek letters named as look-alikes in Unicode's confusables.txt.
HOMOGLYPHS = {
    "a": "\u0430",
    "e": "\u0435",
    "o": "\u043e\u03bf",
    "J": "\u0408\u037f",
    "R": "\u13a1",
    "E": "\u0415\u0395",
    "A": "\u0410\u0391",
    "N": "\u039d",
    "O": "\u041e\u039f",
    "n": "\u0578",
}
INVISIBLE = [
    "\u00ad",
    "\u200b",
    "\u200c",
    "\u200d",
    "\u200e",
    "\u200f",
    "\u2060",
    "\ufeff",
    "\ufe0f",
    "\ufe00",
    "\u034f",
    "\U000e0041",
    "\u2061",
]
NAMES = ["Jane Roe", "Amina Okafor", "Jo Ann Eppe"]


@st.composite
def disguised(draw: st.DrawFn, name: str, wide: bool = True, markup: bool = True) -> str:
    """`name` as it could be typed so that it still prints as the name (`wide`: also with look-alike, fullwidth
    and mathematical letters and invisible characters other than the soft hyphen, which the pack's fonts may
    lack, so that a build without the list stops at the missing glyph)."""
    out = []
    for ch in name:
        ways = ["keep", "keep", "case"] + (["homoglyph", "fullwidth", "bold"] if wide else [])
        how = draw(st.sampled_from(ways))
        if how == "case":
            ch = ch.swapcase()
        elif how == "fullwidth":
            ch = FULLWIDTH.get(ch, ch)
        elif how == "bold":
            ch = MATH_BOLD.get(ch, ch)
        elif how == "homoglyph" and ch in HOMOGLYPHS:
            ch = draw(st.sampled_from(list(HOMOGLYPHS[ch])))
        out.append(ch)
        out.extend(draw(st.lists(st.sampled_from(INVISIBLE if wide else ["\u00ad"]), max_size=2)))
    text = "".join(out)
    wrap = draw(
        st.sampled_from(["none", "markup", "markup", "override", "isolate"] if markup else ["none", "override", "isolate"])
    )
    if wrap == "override":
        return "\u202e" + text[::-1] + "\u202c"
    if wrap == "isolate":
        return "\u2066" + text + "\u2069"
    if wrap == "markup":
        cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=3)))
        parts = [text[i:j] for i, j in zip([0, *cuts], [*cuts, len(text)], strict=True)]
        marks = [draw(st.sampled_from(["", "*", "**"])) if k % 2 == 0 else "" for k in range(len(parts))]  # never adjacent
        text = "".join(f"{m}{p}{m}" if p.strip() and p == p.strip() else p for m, p in zip(marks, parts, strict=True))
    return text


PLACES = [
    ("01-summary.yaml", "September 2023 [@report].", "September 2023, said {} [@report]."),
    ("01-summary.yaml", "speaker: Sam Smith", "speaker: {}"),
    ("02-detail.yaml", "caption: Branches affected [@report]", "caption: Branches affected, {} [@report]"),
    ("02-detail.yaml", "          - name: Sam Smith", "          - name: {}"),
    ("sources.yaml", "title: Annual library report", "title: Report by {}"),
    ("pack.yaml", "subtitle: What changed in 2023 and why", "subtitle: Told by {}"),
    ("01-summary.yaml", "        cite: news", "        cite: {{source: news, locator: {}}}"),  # printed as typed
]
TAKES_MARKUP = [True, True, True, True, True, True, False]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_random_disguises_of_a_protected_name_never_print(tmp_path: Path, sheets: SheetCache, data: st.DataObject) -> None:
    name = data.draw(st.sampled_from(NAMES))
    place = data.draw(st.sampled_from(range(len(PLACES))))
    file, old, template = PLACES[place]
    typed = data.draw(disguised(name, markup=TAKES_MARKUP[place]))
    root = fresh_pack(tmp_path)
    edit(root / "pack.yaml", "do_not_print: [Jane Roe]", f"do_not_print: [{name}]")
    edit(root / file, old, template.format(yaml_quoted(typed)))
    cwd = os.getcwd()
    os.chdir(root)
    try:
        checked = run("check", ".", sheets=sheets)
        assert checked.exit_code == 1, (typed, checked.output)
        assert f"'{name}' is on the pack's do-not-print list" in checked.stdout, (typed, checked.stdout)
        built = run("build", ".", "-o", "out.pdf", sheets=sheets)
        assert built.exit_code == 1 and not (root / "out.pdf").exists(), (typed, built.output)
        mailed = run("email", ".", sheets=sheets)
        assert mailed.exit_code == 1 and "Subject:" not in mailed.stdout, (typed, mailed.output)
        assert not list(root.rglob("*.pdf"))
    finally:
        os.chdir(cwd)


def folded(text: str) -> str:
    """What a reader takes the printed text to say: compatibility forms, case and look-alikes as plain letters,
    without spaces (a zero-width space may come back from the PDF as a space)."""
    text = unicodedata.normalize("NFKC", text)
    for plain, alikes in HOMOGLYPHS.items():
        for alike in alikes:
            text = text.replace(alike, plain)
    return "".join("".join(c for c in text if unicodedata.category(c) != "Cf").casefold().split())


@settings(max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(typed=disguised("Jane Roe", wide=False).filter(lambda t: "\u202e" not in t and "\u2066" not in t))
def test_what_the_check_refuses_is_what_would_print(tmp_path: Path, sheets: SheetCache, typed: str) -> None:
    """Without the list the disguised name builds and reads back from the PDF as the name; with it, no PDF."""
    root = fresh_pack(tmp_path)
    edit(root / "01-summary.yaml", "September 2023 [@report].", f"September 2023, said {yaml_quoted(typed)} [@report].")
    edit(root / "pack.yaml", "do_not_print: [Jane Roe]", "do_not_print: []")
    out = root / "open.pdf"
    cwd = os.getcwd()
    os.chdir(root)
    try:
        assert run("build", ".", "-o", str(out), sheets=sheets).exit_code == 0
        text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
        assert "janeroe" in folded(text), typed  # the generator's disguise really prints as the name
        edit(root / "pack.yaml", "do_not_print: []", "do_not_print: [Jane Roe]")
        assert run("build", ".", "-o", str(root / "closed.pdf"), sheets=sheets).exit_code == 1
        assert not (root / "closed.pdf").exists()
    finally:
        os.chdir(cwd)


# ------------------------------------------------------------------ pack files linked from outside


def test_a_sources_file_linked_from_outside_is_refused(pack: Path, tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere.yaml"
    shutil.copyfile(pack / "sources.yaml", outside)
    edit(outside, "title: Annual library report", "title: Secret minutes naming Jane Roe")
    (pack / "sources.yaml").unlink()
    (pack / "sources.yaml").symlink_to(outside)
    checked = run("check", ".")
    assert checked.exit_code == 1
    assert (
        "pack.yaml: error: sources.yaml is outside the content directory; content files must be inside it"
        in checked.stdout.replace(":1:1:", ":")
    ), checked.stdout
    assert "Secret minutes" not in checked.output
    assert run("build", ".", "-o", "out.pdf").exit_code == 1 and not (pack / "out.pdf").exists()


def test_a_pack_file_linked_from_outside_is_refused(pack: Path, tmp_path: Path) -> None:
    outside = tmp_path / "other.yaml"
    shutil.copyfile(pack / "pack.yaml", outside)
    (pack / "pack.yaml").unlink()
    (pack / "pack.yaml").symlink_to(outside)
    checked = run("check", ".")
    assert checked.exit_code == 1
    assert "pack.yaml: error: pack.yaml is outside the content directory; content files must be inside it" in checked.stdout, (
        checked.stdout
    )


def test_a_link_inside_the_pack_is_still_fine(pack: Path) -> None:
    (pack / "real-sources.yaml").write_bytes((pack / "sources.yaml").read_bytes())
    (pack / "sources.yaml").unlink()
    (pack / "sources.yaml").symlink_to("real-sources.yaml")
    assert run("check", ".").exit_code == 0


# ------------------------------------------------------------------ direction overrides and addresses


@pytest.mark.parametrize("control", ["\u202e", "\u202d", "\u2066", "\u2067", "\u2068", "\u202b"])
def test_direction_controls_in_a_printed_field_are_errors(pack: Path, control: str) -> None:
    edit(pack / "02-detail.yaml", 'rows:\n        - [North, "4"]', f'rows:\n        - [North, "{control}0001\u202c"]')
    result = run("check", ".")
    assert result.exit_code == 1
    name = unicodedata.name(control)
    assert re.search(
        rf"^02-detail\.yaml:9:\d+: error: the value holds U\+{ord(control):04X} \({name}\), which changes "
        "the order",
        result.stdout,
        re.MULTILINE,
    ), result.stdout


@pytest.mark.parametrize(
    "url,what",
    [
        ("https://exam\u200bple.org/report", "U+200B (ZERO WIDTH SPACE)"),
        ("https://ex\u0430mple.org/report", "mixes Latin and Cyrillic letters"),
        ("https://\u202egro.elpmaxe\u202c/report", "U+202E"),
    ],
)
def test_a_web_address_may_not_hide_or_disguise_a_character(pack: Path, url: str, what: str) -> None:
    edit(pack / "sources.yaml", "    publisher: Example Council\n", f'    publisher: Example Council\n    url: "{url}"\n')
    result = run("check", ".")
    assert result.exit_code == 1
    assert any(
        line.startswith("sources.yaml:") and ": error: " in line and what in line for line in result.stdout.splitlines()
    ), result.stdout


def test_an_e_mail_address_with_a_mixed_script_host_is_an_error(pack: Path) -> None:
    edit(pack / "pack.yaml", "  audience: Test readers\n", '  audience: Test readers\n  contact: "help@c\u043euncil.org"\n')
    result = run("check", ".")
    assert result.exit_code == 1
    assert "mixes Latin and Cyrillic letters" in result.stdout

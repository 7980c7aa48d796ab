"""Style sheets are checked once, at load, and every mistake is one positioned line with exit 1.

Each test gives a pack a sheet of its own in `styles/` beside pack.yaml (as a user would) and reads
what `briefing check` or `briefing build` prints.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from briefing.cli import app
from briefing.style import StyleSheet, load_style

REPO = Path(__file__).resolve().parents[1]
BASE = REPO / "tests" / "broken" / "_base"
DEFAULT = (REPO / "styles" / "default.yaml").read_text(encoding="utf-8")


@pytest.fixture
def pack(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The clean test pack with an empty styles/ folder; the working directory is the pack."""
    root = tmp_path / "pack"
    shutil.copytree(BASE, root)
    (root / "styles").mkdir()
    monkeypatch.chdir(root)
    return root


def use_style(pack: Path, ref: str) -> None:
    text = (pack / "pack.yaml").read_text(encoding="utf-8")
    lines = [line for line in text.splitlines() if not line.startswith("  style:")]
    at = next(i for i, line in enumerate(lines) if line.startswith("  title:"))
    lines.insert(at + 1, f"  style: {ref}")
    (pack / "pack.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")


def sheet(pack: Path, name: str, text: str, ref: str | None = None) -> None:
    (pack / "styles" / f"{name}.yaml").write_text(text, encoding="utf-8")
    use_style(pack, ref or name)


def check(*args: str) -> Result:
    return CliRunner().invoke(app, ["check", ".", *args])


def errors(result: Result) -> list[str]:
    return [line for line in result.output.splitlines() if ": error: " in line]


# ------------------------------------------------------------------ a missing key


def test_a_sheet_missing_margin_top_is_a_positioned_error_exit_1(pack: Path, tmp_path: Path) -> None:
    """Through the real command line, in its own process: not 'internal error: KeyError', exit 3."""
    bare = "\n".join(line for line in DEFAULT.splitlines() if "margin_top_mm" not in line)
    sheet(pack, "bare", bare)
    out = tmp_path / "out.pdf"
    result = subprocess.run(
        [sys.executable, "-m", "briefing", "build", ".", "-o", str(out)], capture_output=True, text=True, cwd=pack, timeout=120
    )
    assert result.returncode == 1, result.stderr
    page_line = bare.splitlines().index("page:") + 2  # the section's first key
    assert f"styles/bare.yaml:{page_line}:3: error: 'page' is missing 'margin_top_mm'" in result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


# ------------------------------------------------------------------ every kind of mistake, each at its place

MISTAKES = [
    ("page:\n  margin_topp_mm: 30\n", "2:3", "unknown key 'margin_topp_mm' in 'page'; did you mean 'margin_top_mm'?"),
    ("page:\n  margin_left_mm: wide\n", "2:19", "'page.margin_left_mm' must be a number, not 'wide'"),
    ("page:\n  margin_left_mm: -4\n", "2:19", "'page.margin_left_mm' must be at least 0, not -4"),
    ("colours:\n  heading: '#12345'\n", "2:12", "'colours.heading' must be a colour written #rrggbb"),
    ("colours:\n  headnig: '#123456'\n", "2:3", "unknown colour 'headnig' in 'colours'; did you mean 'heading'?"),
    (
        "fonts:\n  serif:\n    regular: font_source_serif_pro:NoSuch.ttf\n",
        "3:14",
        "'fonts.serif.regular': font file 'NoSuch.ttf' is not in package 'font_source_serif_pro'",
    ),
    (
        "fonts:\n  serif:\n    bold: nosuchpackage:X.ttf\n",
        "3:11",
        "font 'nosuchpackage:X.ttf' not found: is the package 'nosuchpackage' installed?",
    ),
    ("fonts:\n  serif:\n    italic: fonts/missing.ttf\n", "3:13", "font file 'fonts/missing.ttf' is not in folder"),
    ("text:\n  body: {font: serf}\n", "2:16", "'text.body.font': unknown font family 'serf'; did you mean 'serif'?"),
    ("text:\n  body: {colour: haeding}\n", "2:18", "'text.body.colour': unknown colour 'haeding'; did you mean 'heading'?"),
    ("text:\n  boddy: {size: 3}\n", "2:3", "unknown paragraph style 'boddy' in 'text'; did you mean 'body'?"),
    ("text:\n  body: {style: bolt}\n", "2:17", "'text.body.style' cannot be 'bolt'; did you mean 'bold'?"),
    ("text:\n  h1: {hyphenate: maybe}\n", "2:19", "'text.h1.hyphenate' must be true or false, not 'maybe'"),
    ("footnotes:\n  min_split_lines: 1.5\n", "2:20", "'footnotes.min_split_lines' must be a whole number, not '1.5'"),
    ("figures:\n  fills: []\n", "2:10", "'figures.fills' must be a list of at least one fill"),
    ("figures:\n  chart:\n    width: 2\n", "3:12", "'figures.chart.width' must be more than 0 and at most 1, not 2"),
    ("hyphenation:\n  language: en_XX\n", "2:13", "'hyphenation.language': no hyphenation dictionary for 'en_XX'"),
    ("spacing: 6\n", "1:10", "'spacing' must be a mapping of names to values"),
    ("sapcing:\n  block: 6\n", "1:1", "unknown section 'sapcing'; did you mean 'spacing'?"),
]


@pytest.mark.parametrize(("body", "where", "message"), MISTAKES, ids=[m[2][:40] for m in MISTAKES])
def test_each_mistake_is_reported_at_its_line_and_column(pack: Path, body: str, where: str, message: str) -> None:
    sheet(pack, "house", "extends: default\n" + body)
    result = check()
    assert result.exit_code == 1
    line, col = where.split(":")
    at = f"styles/house.yaml:{int(line) + 1}:{col}: error: "
    assert any(e.startswith(at) and message in e for e in errors(result)), result.output


def test_every_mistake_in_one_run_and_no_knock_on_errors(pack: Path) -> None:
    """A wrong font and a wrong colour do not make every style that names them an error too."""
    sheet(
        pack,
        "house",
        "extends: default\nfonts:\n  serif:\n    regular: x:y.ttf\ncolours:\n  text: red\npage:\n  margin_left_mm: wide\n",
    )
    found = errors(check())
    assert len(found) == 3, found
    assert all(line.startswith("styles/house.yaml:") for line in found)


def test_a_sheet_that_is_not_a_mapping(pack: Path) -> None:
    sheet(pack, "house", "- just\n- a list\n")
    assert errors(check()) == [
        "styles/house.yaml:1:1: error: a style sheet is a mapping of sections (page:, fonts:, colours:, ...)"
    ]


def test_broken_yaml_in_a_sheet_is_positioned(pack: Path) -> None:
    sheet(pack, "house", "extends: default\npage:\n  margin_left_mm: [1,\n")
    found = errors(check())
    assert len(found) == 1 and found[0].startswith("styles/house.yaml:"), found


# ------------------------------------------------------------------ inheritance


def test_extends_overrides_only_what_differs(pack: Path) -> None:
    sheet(pack, "house", "extends: default\npage:\n  margin_top_mm: 31\ntext:\n  body: {size: 13}\n")
    assert check().exit_code == 0
    house, default = load_style("house", pack_dir=pack).typed, load_style("default").typed
    assert house.page.margin_top_mm == 31 and house.page.margin_left_mm == default.page.margin_left_mm
    assert house.text["body"].size == 13 and house.text["body"].leading == default.text["body"].leading
    assert house.text["h1"] == default.text["h1"] and house.colours == default.colours


def test_a_chain_of_sheets_and_a_pack_default_extending_the_installed_default(pack: Path) -> None:
    """A pack's own `default.yaml` may say `extends: default` (the installed one), and a sheet may extend it."""
    (pack / "styles" / "default.yaml").write_text("extends: default\ncolours:\n  heading: '#aa0000'\n", encoding="utf-8")
    sheet(pack, "house", "extends: default\npage:\n  margin_top_mm: 40\n")
    assert check().exit_code == 0
    house = load_style("house", pack_dir=pack).typed
    assert house.colours["heading"] == "#aa0000" and house.page.margin_top_mm == 40


def test_a_circle_of_sheets_is_a_positioned_error(pack: Path) -> None:
    (pack / "styles" / "b.yaml").write_text("# b\nextends: a\n", encoding="utf-8")
    sheet(pack, "a", "extends: b\n")
    assert errors(check()) == [
        "styles/a.yaml:1:10: error: style sheets extend each other in a circle: styles/a.yaml -> styles/b.yaml -> styles/a.yaml"
    ]
    use_style(pack, "b")  # the same one line, whichever sheet the pack names
    assert errors(check()) == [
        "styles/a.yaml:1:10: error: style sheets extend each other in a circle: styles/a.yaml -> styles/b.yaml -> styles/a.yaml"
    ]


def test_an_unknown_parent_is_a_positioned_error(pack: Path) -> None:
    sheet(pack, "house", "# house\nextends: defualt\n")
    assert errors(check()) == ["styles/house.yaml:2:10: error: unknown style 'defualt'; did you mean 'default'?"]


def test_a_sheet_without_extends_needs_every_section(pack: Path) -> None:
    sheet(pack, "house", "page:\n  size: A4\n")
    found = errors(check())
    for section in ("fonts", "colours", "text", "footnotes", "spacing", "figures"):
        assert any(e.startswith(f"styles/house.yaml:1:1: error: the style sheet has no '{section}' section") for e in found)


# ------------------------------------------------------------------ where sheets are found


def test_a_pack_sheet_is_found_before_an_installed_one(pack: Path) -> None:
    sheet(pack, "large-print", "extends: default\noutput: {scale: 1.5}\n")
    assert load_style("large-print", pack_dir=pack).typed.output.scale == 1.5
    assert load_style("large-print").typed.output.scale == 1.2


def test_check_finds_a_mistake_in_a_pack_sheet_the_pack_does_not_use_yet(pack: Path) -> None:
    """The pack's own large-print.yaml is broken: `check` says so before `build --large-print` would fail."""
    (pack / "styles" / "large-print.yaml").write_text("extends: default\noutput:\n  scale: big\n", encoding="utf-8")
    assert errors(check()) == ["styles/large-print.yaml:3:10: error: 'output.scale' must be a number, not 'big'"]


def test_style_may_be_a_path_inside_the_pack(pack: Path) -> None:
    (pack / "look").mkdir()
    (pack / "look" / "house.yaml").write_text("extends: default\npage: {margin_top_mm: 44}\n", encoding="utf-8")
    use_style(pack, "look/house.yaml")
    assert check().exit_code == 0


@pytest.mark.parametrize("ref", ["../outside.yaml", "styles/../../outside.yaml"])
def test_style_may_not_leave_the_pack(pack: Path, ref: str) -> None:
    (pack.parent / "outside.yaml").write_text("extends: default\n", encoding="utf-8")
    use_style(pack, ref)
    found = errors(check())
    assert len(found) == 1 and found[0].startswith("pack.yaml:"), found
    assert f"style sheet '{ref}' is outside the pack" in found[0]


def test_a_sheet_linked_from_outside_the_pack_is_refused(pack: Path) -> None:
    (pack.parent / "outside.yaml").write_text("extends: default\n", encoding="utf-8")
    (pack / "styles" / "house.yaml").symlink_to(pack.parent / "outside.yaml")
    use_style(pack, "house")
    found = errors(check())  # where the pack names it, and the link itself
    assert [e.split(":")[0] for e in found] == ["pack.yaml", "styles/house.yaml"], found
    assert all("style sheet 'house' is outside the pack" in e for e in found)


def test_extends_may_not_leave_the_pack(pack: Path) -> None:
    (pack.parent / "outside.yaml").write_text("extends: default\n", encoding="utf-8")
    sheet(pack, "house", "extends: ../../outside.yaml\n")
    assert errors(check()) == [
        "styles/house.yaml:1:10: error: style sheet '../../outside.yaml' is outside the pack; "
        "keep the pack's style sheets inside its folder"
    ]


def test_an_unknown_style_names_the_pack_sheets_too(pack: Path) -> None:
    (pack / "styles" / "house.yaml").write_text("extends: default\n", encoding="utf-8")
    use_style(pack, "huose")
    assert any("unknown style 'huose'; did you mean 'house'?" in e for e in errors(check()))


def test_a_font_file_kept_in_the_pack(pack: Path) -> None:
    """A font beside the sheet; a sheet made in code from the loaded one's values (as the figures do) finds it too."""
    import reportlab

    vera = Path(reportlab.__file__).parent / "fonts"
    (pack / "styles" / "fonts").mkdir()
    for name in ("Vera", "VeraBd", "VeraIt", "VeraBI"):
        shutil.copy(vera / f"{name}.ttf", pack / "styles" / "fonts" / f"House-{name}.ttf")
    sheet(
        pack,
        "house",
        "extends: default\nfonts:\n  serif:\n    regular: fonts/House-Vera.ttf\n"
        "    bold: fonts/House-VeraBd.ttf\n    italic: fonts/House-VeraIt.ttf\n"
        "    bold_italic: fonts/House-VeraBI.ttf\n",
    )
    assert check().exit_code == 0
    loaded = load_style("house", pack_dir=pack)
    assert loaded.typed.fonts["serif"].regular.path == (pack / "styles" / "fonts" / "House-Vera.ttf").resolve()
    remade = StyleSheet(loaded.name, {**loaded.data, "text": {**loaded.data["text"], "extra": {"size": 9}}})
    assert remade.typed.font_names["serif"] == loaded.typed.font_names["serif"]
    (pack / "styles" / "fonts" / "House-VeraBd.ttf").write_bytes(b"not a font")
    assert errors(check()) == [
        "styles/house.yaml:5:11: error: 'fonts.serif.bold': 'House-VeraBd.ttf' is not a TrueType font (.ttf)"
    ]


def test_a_font_the_pdf_library_refuses_is_a_positioned_error_not_a_crash(pack: Path, tmp_path: Path) -> None:
    """It starts like a TrueType file, so the sheet passes; registering it fails, and says where it is named."""
    (pack / "styles" / "Broken.ttf").write_bytes(b"\x00\x01\x00\x00" + b"\x00" * 200)
    sheet(pack, "house", "extends: default\nfonts:\n  sans:\n    bold: Broken.ttf\n")
    result = CliRunner().invoke(app, ["build", ".", "-o", str(tmp_path / "x.pdf")])
    assert result.exit_code == 1
    assert "styles/house.yaml:4:11: error: font 'Broken.ttf' cannot be read as a TrueType font (" in result.output
    assert not (tmp_path / "x.pdf").exists()

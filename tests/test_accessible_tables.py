"""A table written without `header:` is named by `check` (briefing/accessible.py): its tagged structure has data
cells only, so a screen reader cannot say what a column holds and PDF/UA's table check fails.  Found by running
pdfua over generated packs: 24 of 145 failed UA-15-003, each for a header-less table."""

from __future__ import annotations

from pathlib import Path

from briefing.pipeline import BuildOptions, build
from tests.conftest import cli_in_process
from tests.packs import write_pack
from tests.test_tagging import pdfua_findings

ROWS = [["Referrals", "12 [@alpha]"], ["Visits", "7"]]


def test_a_table_without_a_header_is_named_and_one_with_a_header_is_not(tmp_path: Path) -> None:
    blocks = [{"table": {"caption": "Counts [@alpha].", "rows": ROWS}}, {"table": {"header": ["Kind", "Count"], "rows": ROWS}}]
    write_pack(tmp_path / "p", [{"title": "Counts", "blocks": blocks}])
    checked = cli_in_process("check", "p", cwd=tmp_path)
    warned = [ln for ln in (checked.stdout + checked.stderr).splitlines() if "no 'header:' row" in ln]
    assert checked.returncode == 0
    assert [ln.split(": warning:")[0] for ln in warned] == ["p/01.yaml:3:3"]  # the first table only


def test_the_warning_says_true_the_header_less_table_fails_pdfua_and_the_header_passes(tmp_path: Path) -> None:
    for header, failing in (([], True), (["Kind", "Count"], False)):
        table = {"caption": "Counts [@alpha].", "rows": ROWS, **({"header": header} if header else {})}
        root = write_pack(tmp_path / str(failing), [{"title": "Counts", "blocks": [{"table": table}]}])
        pdf = tmp_path / f"{failing}.pdf"
        build(root, pdf, BuildOptions())
        assert any("UA-15-003" in f for f in pdfua_findings(pdf)) == failing

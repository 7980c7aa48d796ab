"""A date still to come in a timeline is written `planned:` and printed as planned, in the table and the chart."""

from __future__ import annotations

import subprocess
from pathlib import Path

from briefing.pipeline import build, load_and_check
from tests.packs import write_pack

BLOCKS = [
    {
        "timeline": [
            {"date": "2025-04", "event": "The budget is set.", "cite": "alpha"},
            {"date": "2027-03", "planned": True, "event": "The new housing opens.", "cite": "beta"},
            {"date": "2028", "planned": "the council's target", "event": "Every family housed.", "cite": "beta"},
        ]
    },
    {
        "timeline_chart": {
            "title": "Budget to housing",
            "caption": "From the council [@beta].",
            "alt": "A time line from the budget in 2025 to the housing planned for 2027.",
            "events": [
                {"date": "2025-04", "label": "Budget set"},
                {"date": "2027-03", "planned": True, "label": "Housing opens"},
            ],
        }
    },
]


def test_planned_dates_print_as_planned(tmp_path: Path) -> None:
    root = write_pack(tmp_path / "pack", [{"title": "Dates", "blocks": BLOCKS}])
    assert not load_and_check(root).errors
    build(root, tmp_path / "out.pdf")
    text = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "out.pdf"), "-"], capture_output=True, text=True, check=True
    ).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "March 2027 The new housing opens.2" in lines and "Date: planned" in lines
    assert "Date: planned: the council's target" in lines
    assert sum("March 2027 (planned)" in line for line in lines) >= 2  # on the chart's axis and in its data table
    assert "April 2025 (planned)" not in text and "inferred" not in text


def test_one_of_inferred_planned_and_date_note(tmp_path: Path) -> None:
    entry = {"date": "2027-03", "planned": True, "inferred": "from the budget", "event": "Opens.", "cite": "beta"}
    root = write_pack(tmp_path / "pack", [{"title": "Dates", "blocks": [{"timeline": [entry]}]}])
    errors = [str(d) for d in load_and_check(root).errors]
    assert len(errors) == 1 and "give one of 'inferred', 'planned', 'date_note'" in errors[0], errors

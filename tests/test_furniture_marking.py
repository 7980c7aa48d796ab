"""The handling marking keeps clear of the running head and the footer's version line, on every page of every variant.

Found by the soak's new large-duplex rotation (90008, 90038, 90058): the marking was centred on the page, and on a
duplex verso page the text block is 5 mm off the page's centre toward the end where the version line is set, so in
large print (furniture at 10-12 pt) 'OFFICIAL-SENSITIVE' overprinted 'Version 1.0 · as at 23 November 2026'.  A
running head long enough met it the same way at the top.
"""

from __future__ import annotations

from pathlib import Path

import pdfplumber
import pytest

from briefing.pipeline import BuildOptions, build
from tests.packs import write_pack

MARKING = "OFFICIAL-SENSITIVE"


def _furniture_gaps(pdf: Path) -> list[tuple[int, str, float]]:
    """For each body page's header and footer line: the space (pt) between the marking and the nearest other
    words on its line (negative where they overlap)."""
    out = []
    with pdfplumber.open(pdf) as doc:
        for number, page in enumerate(doc.pages[1:], 2):
            words = page.extract_words(keep_blank_chars=False, x_tolerance=1.5)
            height = float(page.height)
            for name, line in (
                ("head", [w for w in words if w["bottom"] < 80]),
                ("foot", [w for w in words if w["top"] > height - 80]),
            ):
                marks = [w for w in line if w["text"] == MARKING]
                others = [w for w in line if w["text"] != MARKING]
                assert len(marks) == 1, (number, name, [w["text"] for w in line])
                m = marks[0]
                gap = min((max(o["x0"] - m["x1"], m["x0"] - o["x1"]) for o in others), default=99.0)
                out.append((number, name, gap))
    return out


@pytest.mark.parametrize(
    "options",
    [
        BuildOptions(large_print=True, duplex=True),
        BuildOptions(duplex=True),
        BuildOptions(large_print=True),
        BuildOptions(large_print=True, duplex=True, paper="letter"),
    ],
    ids=["large-duplex", "duplex", "large", "large-duplex-letter"],
)
def test_the_marking_keeps_clear_of_the_running_head_and_the_version_line(tmp_path: Path, options: BuildOptions) -> None:
    blocks = [{"paragraph": f"Paragraph {i} of the findings [@alpha]."} for i in range(1, 4)]
    sections = [{"title": f"Part {k}", "blocks": blocks} for k in range(1, 4)]
    pack = write_pack(tmp_path / "pack", sections, marking=MARKING, short_title="Temporary accommodation in Birmingham")
    out = tmp_path / "out.pdf"
    build(pack, out, options)
    gaps = _furniture_gaps(out)
    assert len(gaps) >= 6
    crowded = [g for g in gaps if g[2] < 4.0]
    assert not crowded, crowded

"""The resolved document, built without ReportLab: every number, anchor and reference form is resolve's.

The resolving runs in a fresh interpreter (another test may already have loaded ReportLab into this one),
which prints what it resolved as JSON, and fails if ReportLab was imported on the way.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.packs import write_pack
from tests.resolve_helpers import SOURCES

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = """
import json, sys
from pathlib import Path
from briefing.model import walk_sections, Table, Chart, TimelineChart
from briefing.diagnostics import Diagnostics
from briefing.parse import parse_pack
from briefing.resolve import resolve
from briefing.variants import full_sections, summary_sections

pack = parse_pack(Path(sys.argv[1]), problems := Diagnostics())
assert not [p for p in problems if p.severity == "error"], problems

def facts(resolved):
    sections = walk_sections(resolved.pack.sections)
    blocks = [b for s in sections for b in s.blocks]
    notes = sorted(resolved.notes.values(), key=lambda n: n.number)
    xrefs = {}
    for s in sections:
        for b in s.blocks:
            for text in getattr(b, "text", ()), :
                for node in text:
                    if type(node).__name__ == "XRef":
                        xrefs[node.target] = list(resolved.xref_label(node))
    return {
        "sections": [[s.number, resolved.section_ref(s).anchor, s.title] for s in sections],
        "contents": [[r.number, r.anchor, r.title] for r in resolved.contents()],
        "tables": [b.number for b in blocks if isinstance(b, Table)],
        "figures": [b.number for b in blocks if isinstance(b, (Chart, TimelineChart))],
        "notes": [[n.number, "".join(s.text for s in n.text),
                   None if n.ibid is None else "".join(s.text for s in n.ibid)] for n in notes],
        "ibid": [resolved.ibid.allows(resolved.ibid.key(a), b) for a, b in zip(notes, notes[1:])],
        "sources": [[e.number, e.short, e.accessed] for e in resolved.source_entries],
        "xrefs": xrefs,
    }

out = {"full": facts(resolve(pack, full_sections(pack))),
       "summary": facts(resolve(pack, summary_sections(pack), sources_section=False)),
       "reportlab": sorted(m for m in sys.modules if m.split(".")[0] == "reportlab")}
print(json.dumps(out))
"""


def resolved(root: Path) -> dict[str, Any]:
    done = subprocess.run(
        [sys.executable, "-c", SCRIPT, str(root)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env={"PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"},
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    data: dict[str, Any] = json.loads(done.stdout)
    return data


def test_resolved_without_reportlab(tmp_path: Path) -> None:
    root = write_pack(
        tmp_path / "pack",
        [
            {
                "id": "intro",
                "title": "Intro",
                "summary": True,
                "blocks": [
                    {"paragraph": "Start [@a, p. 2]. Again [@a, p. 3]. Both [@a; @b]. See [#later] and [#deep]."},
                    {"table": {"caption": "Counts", "header": ["Area", "Count [@c]"], "rows": [["North", "3"]]}},
                ],
            },
            {
                "id": "later",
                "title": "Later",
                "blocks": [
                    {"paragraph": "More [@b]. And [@b]."},
                    {"table": {"rows": [["uncaptioned", "1"]]}},
                    {
                        "chart": {
                            "kind": "bar",
                            "title": "A chart",
                            "x_axis": "Year",
                            "y_axis": {"label": "Count"},
                            "series": [{"name": "Count", "points": [{"x": "2020", "y": 1}, {"x": "2021", "y": 2}]}],
                            "caption": "From the board [@c].",
                            "alt": "Two bars.",
                        }
                    },
                    {"table": {"caption": "More counts", "rows": [["South", "4"]]}},
                ],
                "sections": [{"id": "deep", "title": "Deep", "blocks": [{"paragraph": "Deeper [@d]."}]}],
            },
        ],
        SOURCES,
    )
    got = resolved(root)
    assert got["reportlab"] == []
    full = got["full"]
    assert full["sections"] == [["1", "sec-1", "Intro"], ["2", "sec-2", "Later"], ["2.1", "sec-2.1", "Deep"]]
    assert full["contents"][-1] == ["3", "sec-3", "Sources"]
    assert full["tables"] == [1, 0, 2]  # only tables with a caption take a number
    assert full["figures"] == [1]
    assert full["notes"] == [
        [1, "“Alpha report” (report, publisher not stated, date not stated), p. 2.", "Ibid., p. 2."],
        [2, "Alpha, p. 3.", "Ibid., p. 3."],
        [
            3,
            "Alpha; “Better child protection pledge for city” (press release, Birmingham City Council, "
            "July 2010), https://example.org/release, accessed 1\u00a0November 2026.",
            None,
        ],  # no break after 1
        [4, "Gamma Board, “Gamma report” (report, Gamma Board, 2010).", "Ibid."],  # the header's, at the caption
        [5, "Pledge.", "Ibid."],
        [6, "Pledge.", "Ibid."],
        [7, "Gamma.", "Ibid."],
        [8, "“Delta report” (report, publisher not stated, date not stated).", "Ibid."],
    ]
    assert full["ibid"] == [True, False, False, False, True, False, False]
    assert full["sources"][1] == [2, "Pledge", "Accessed 1\u00a0November 2026"]
    assert full["xrefs"] == {"later": ["section 2", "sec-2"], "deep": ["section 2.1", "sec-2.1"]}
    summary = got["summary"]
    assert summary["sections"] == [["1", "sec-1", "Intro"]]
    assert summary["xrefs"] == {"later": ["section 2 of the full pack", None], "deep": ["section 2.1 of the full pack", None]}
    assert [n[0] for n in summary["notes"]] == [1, 2, 3, 4]  # the handout numbers its own notes

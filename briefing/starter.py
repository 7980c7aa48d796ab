"""`briefing new`: a starter pack that builds and checks cleanly at once, for a user to fill in.

It shows one of each thing a new author needs first: metadata, a source, a
section with a citation, a timeline and a chart.  Every value that must be
replaced says so.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from briefing.diagnostics import BriefingError, Pos, error
from briefing.pipeline import slugify
from briefing.schema import schema_text

SCHEMA_FILE = "briefing.schema.json"
# Editors with the YAML language server (VS Code's YAML extension and others) read this line, then
# complete field names and flag unknown or missing ones as you type.
SCHEMA_LINE = f"# yaml-language-server: $schema={SCHEMA_FILE}\n"

PACK = """\
# The pack's metadata and the order of its section files.
# Every field is described in docs/content-format.md.
pack:
  id: {ident}
  title: {title}
  short_title: {title}
  subtitle: Replace with a one-line subtitle
  version: "0.1"
  as_at: {today}
  prepared_by: Replace with who prepared the pack
  contact: Replace with a name, phone or e-mail
  audience: Replace with the meeting or readers it is for
  # marking: OFFICIAL-SENSITIVE     # optional: printed top and bottom of every page
  language: en-GB
  keywords: [briefing]
  editorial_note: |
    Replace with how the pack was compiled: that it is impartial and drawn
    only from the sources listed at the end.
  do_not_print: []                  # names that must never appear in the PDF
sections:
  - 01-summary.yaml
  - 02-background.yaml
"""

SOURCES = """\
# Every source the pack cites. Write unknown rather than guess.
sources:
  - id: example-source
    kind: report
    title: Replace with the source's title
    author: unknown
    publisher: unknown
    date: unknown                   # or 2024-05-17, 2024-05 or 2024
    notes: An example entry; replace it with a real source.
"""

SUMMARY = """\
id: summary
title: Summary
summary: true                       # include this section in the --variant summary handout
blocks:
  - bullets:
      - The first point a reader must leave with, tied to its source [@example-source].
      - A second point, with a page reference [@example-source, p. 2].
"""

BACKGROUND = """\
id: background
title: Background
blocks:
  - paragraph: >-
      Write each statement in your own words and cite where it comes from
      [@example-source]. **Bold** and *italic* work like this; see also
      [#summary].
  - timeline:
      - date: {year}-01              # a month: printed "January {year}"
        event: Replace with the first event.
        cite: example-source
      - date: {year}
        event: Replace with an event known only to the year.
        cite: example-source
  - chart:
      kind: bar                     # bar or line
      title: Replace with what the chart shows
      x_axis: Year
      y_axis:
        label: Replace with the measure
        unit: per cent
      series:
        - name: Replace with the series name
          points:
            - ["{prev}", "10"]
            - ["{year}", "12"]
      caption: Replace with where the figures come from [@example-source].
      alt: Bar chart with example figures of 10 per cent in {prev} and 12 per cent in {year}.
"""


def create_starter(folder: Path, title: str, today: date | None = None) -> list[Path]:
    """Write the starter pack into `folder` (new or empty).  Returns the files written."""
    if folder.exists() and any(folder.iterdir()):
        raise BriefingError([error(Pos(str(folder)), "folder is not empty; choose a new folder for the pack")])
    today = today or date.today()
    safe_title = title.replace('"', "'")
    files = {
        "pack.yaml": PACK.format(ident=slugify(title)[:24].upper() or "PACK", title=f'"{safe_title}"',
                                 today=today.isoformat()),
        "sources.yaml": SOURCES,
        "01-summary.yaml": SUMMARY,
        "02-background.yaml": BACKGROUND.format(year=today.year, prev=today.year - 1),
    }
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in files.items():
        path = folder / name
        path.write_text(SCHEMA_LINE + text, encoding="utf-8")
        written.append(path)
    schema = folder / SCHEMA_FILE
    schema.write_text(schema_text(), encoding="utf-8")
    written.append(schema)
    return written

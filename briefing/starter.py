"""`briefing new`: a starter pack that builds and checks cleanly at once, for a user to fill in.

It shows one of each thing a new author needs first: metadata, a source, a
section with a citation, a timeline and a chart.  Every value that must be
replaced says so.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from pathlib import Path

from briefing.diagnostics import UsageError
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


def _yaml_text(value: str) -> str:
    """`value` as a single-quoted YAML scalar: nothing in it is an escape (a backslash stays a backslash)."""
    return "'" + value.replace("'", "''") + "'"


def _title(title: str) -> str:
    """The title on one line; UsageError when it would not print (empty, or holding control or direction characters)."""
    from briefing.email import one_line
    from briefing.printed import BIDI_CONTROLS, char_name

    bad = next((c for c in title if c in BIDI_CONTROLS or unicodedata.category(c) in ("Cc", "Cs") and c not in "\t\n\r"), None)
    if bad is not None:
        raise UsageError(f"the title holds {char_name(bad)}, which cannot be printed in a title; remove it")
    line = one_line(title)
    if not any(c.isalnum() for c in line):
        raise UsageError("the title must have at least one letter or digit")
    return line


def create_starter(folder: Path, title: str, today: date | None = None) -> list[Path]:
    """Write the starter pack into `folder` (new or empty).  Returns the files written.

    UsageError (a plain message, exit 2: a mistake in the command) when the folder is not empty, cannot be made
    or written, or the title cannot be used.
    """
    line = _title(title)
    try:
        if folder.exists() and not folder.is_dir():
            raise UsageError(f"'{folder}' is a file, not a folder; choose a new folder for the pack")
        if folder.exists() and any(folder.iterdir()):
            raise UsageError(f"'{folder}' is not empty; choose a new folder for the pack")
    except OSError as exc:
        raise UsageError(f"cannot use '{folder}': {exc.strerror or exc}") from None
    today = today or date.today()
    files = {
        "pack.yaml": PACK.format(
            ident=slugify(line)[:24].upper().strip("-") or "PACK", title=_yaml_text(line), today=today.isoformat()
        ),
        "sources.yaml": SOURCES,
        "01-summary.yaml": SUMMARY,
        "02-background.yaml": BACKGROUND.format(year=today.year, prev=today.year - 1),
    }
    written = []
    try:
        folder.mkdir(parents=True, exist_ok=True)
        contents = {**{name: SCHEMA_LINE + text for name, text in files.items()}, SCHEMA_FILE: schema_text()}
        for name, text in contents.items():
            path = folder / name
            with path.open("x", encoding="utf-8") as handle:  # never over a file that appeared meanwhile
                handle.write(text)
            written.append(path)
    except OSError as exc:
        for path in written:
            path.unlink(missing_ok=True)
        where = exc.filename or folder
        raise UsageError(f"cannot write '{where}': {exc.strerror or exc}") from None
    return written

"""The JSON Schema says what the parser accepts: no more, no less; real packs validate against it."""

from __future__ import annotations

import json
import subprocess
import sys
from collections import defaultdict
from pathlib import Path
from typing import Any

import jsonschema
import pytest
import yaml

from briefing import parse
from briefing.diagnostics import Diagnostics
from briefing.schema import BLOCK_BODIES, BLOCK_FIELDS, OBJECTS, content_schema

ROOT = Path(__file__).resolve().parents[1]

EVERY_FIELD_SECTION = """\
id: every
title: Every field
summary: true
blocks:
  - paragraph: A paragraph [@a].
    cite: a
    summary: only
  - bullets:
      - A point [@a].
      - {text: A mapped point, cite: [a, {source: a, locator: p. 2}]}
  - numbered: ["One [@a]"]
  - quote: {text: Words, speaker: A Person, role: Chair, cite: a}
  - key_facts:
      - {label: Label, value: "1", cite: a}
  - table:
      caption: Caption [@a]
      header: [A, B]
      rows:
        - [x, y]
        - {cells: [x, y], cite: a}
      widths: [1, 2]
      cite: a
  - timeline:
      - {date: 2008-05, event: Event, cite: a, inferred: worked out}
      - {date: 2009, event: Event, date_note: or later}
  - people:
      - {name: A Person, role: Role, cite: a}
  - callout: {title: Title, text: "Text [@a]", cite: a}
  - figures_panel:
      title: Panel
      figures:
        - {value: "1", label: one, cite: a}
        - {value: "2", label: two}
        - {value: "3", label: three}
  - chart:
      kind: line
      title: Chart
      x_axis: {label: When, unit: month}
      y_axis: {label: Rate, unit: "%", suffix: "%", min: 0, max: 30}
      series:
        - name: Rate
          points: [[2009-12, "23"], {x: 2010-02, y: "20"}]
      caption: Source [@a].
      alt: A line.
      note: Note.
      cite: a
  - timeline_chart:
      title: Time
      caption: Caption [@a].
      alt: A time line.
      note: Note.
      data_table: false
      cite: a
      events:
        - {date: 2006-03, label: Start, inferred: year inferred, cite: a}
        - {date: 2008-05, label: End}
      phases:
        - {label: Phase, from: 2006-03, to: 2008-05, inferred: dates inferred}
  - image:
      file: picture.png
      alt: A small grey square.
      caption: A picture [@a].
      width: 0.5
      cite: a
    cite: a
sections:
  - title: Sub
    id: sub
    blocks:
      - paragraph: Sub text [@a] [#every].
"""

EVERY_FIELD_PACK = """\
pack:
  id: P-1
  title: Every field
  short_title: Every
  subtitle: All of them
  version: "1.0"
  as_at: 2026-11-01
  prepared_by: Us
  contact: unknown
  audience: Testers
  marking: OFFICIAL
  language: en-GB
  style: default
  keywords: [a, b]
  editorial_note: How it was made.
  do_not_print: [Nobody Here]
sections: [01-every.yaml]
"""

EVERY_FIELD_SOURCES = """\
sources:
  - id: a
    kind: report
    title: A source
    short: Source
    author: unknown
    publisher: unknown
    date: {value: 2010, inferred: a reason}
    url: https://example.org/a
    accessed: 2026-11-01
    text: a.txt
    notes: A note.
"""


def every_field_pack(tmp: Path) -> Path:
    (tmp / "pack.yaml").write_text(EVERY_FIELD_PACK, encoding="utf-8")
    (tmp / "sources.yaml").write_text(EVERY_FIELD_SOURCES, encoding="utf-8")
    (tmp / "01-every.yaml").write_text(EVERY_FIELD_SECTION, encoding="utf-8")
    (tmp / "a.txt").write_text("Words.\n", encoding="utf-8")
    from PIL import Image

    Image.new("L", (4, 4), 128).save(tmp / "picture.png")
    return tmp


def record_fields(monkeypatch: pytest.MonkeyPatch, pack: Path) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Parse `pack`, recording each kind of mapping's allowed and required fields as the parser states them."""
    allowed: dict[str, set[str]] = defaultdict(set)
    required: dict[str, set[str]] = defaultdict(set)
    init, present = parse.Fields.__init__, parse.Fields.present

    def spy_init(self: Any, parser: Any, node: Any, what: str, names: tuple[str, ...]) -> None:
        allowed[what].update(names)
        init(self, parser, node, what, names)

    def spy_present(self: Any, key: str, is_required: bool) -> Any:
        if is_required:
            required[self.what].add(key)
        return present(self, key, is_required)

    monkeypatch.setattr(parse.Fields, "__init__", spy_init)
    monkeypatch.setattr(parse.Fields, "present", spy_present)
    parse.parse_pack(pack, problems := Diagnostics())
    assert [str(p) for p in problems if p.severity == "error"] == []
    return allowed, required


def test_schema_lists_exactly_the_fields_the_parser_accepts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    allowed, required = record_fields(monkeypatch, every_field_pack(tmp_path))
    blocks = {what for what in allowed if what.endswith(" block")}
    assert {w.removeprefix("a ").removesuffix(" block") for w in blocks} == set(BLOCK_BODIES)
    for what in blocks:
        kind = what.removeprefix("a ").removesuffix(" block")
        assert allowed[what] == {kind, *BLOCK_FIELDS}, what
    axes = {"'x_axis'", "'y_axis'"}
    schema_objects = set(OBJECTS) | axes
    assert set(allowed) - blocks == schema_objects
    # The parser reports these missing fields itself (one message instead of a cascade), not through Fields.
    required["pack.yaml"].add("pack")
    required["sources.yaml"].add("sources")
    required["a chart"].update(("x_axis", "y_axis"))
    required["a data point"].update(("x", "y"))
    for what, (fields, needed) in OBJECTS.items():
        assert allowed[what] == set(fields), f"{what}: parser {sorted(allowed[what])}, schema {sorted(fields)}"
        assert required[what] == set(needed), f"{what}: parser requires {sorted(required[what])}, schema {sorted(needed)}"


class _YamlAsEditorsReadIt(yaml.SafeLoader):
    """YAML 1.2 as the language server reads it: dates stay text."""


_YamlAsEditorsReadIt.yaml_implicit_resolvers = {
    ch: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for ch, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _validate(path: Path) -> None:
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YamlAsEditorsReadIt)  # noqa: S506 - a SafeLoader
    jsonschema.validate(data, content_schema())


@pytest.mark.parametrize("name", sorted(p.name for p in (ROOT / "content").glob("*.yaml")))
def test_default_pack_files_validate(name: str) -> None:
    _validate(ROOT / "content" / name)


def test_every_field_pack_validates(tmp_path: Path) -> None:
    for path in every_field_pack(tmp_path).glob("*.yaml"):
        _validate(path)


def test_schema_catches_a_misspelt_field(tmp_path: Path) -> None:
    bad = tmp_path / "01.yaml"
    bad.write_text("title: T\nblocks:\n  - quote: {text: Words, speeker: Someone, cite: a}\n", encoding="utf-8")
    with pytest.raises(jsonschema.ValidationError):
        _validate(bad)


def test_schema_command_prints_the_schema() -> None:
    out = subprocess.run([sys.executable, "-m", "briefing", "schema"], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == content_schema()
    jsonschema.Draft202012Validator.check_schema(json.loads(out.stdout))


def test_starter_pack_points_editors_at_the_schema(tmp_path: Path) -> None:
    from briefing.starter import create_starter

    written = create_starter(tmp_path / "pack", "Temporary accommodation")
    schema_file = tmp_path / "pack" / "briefing.schema.json"
    assert json.loads(schema_file.read_text(encoding="utf-8")) == content_schema()
    yaml_files = [p for p in written if p.suffix == ".yaml"]
    assert len(yaml_files) == 4
    for path in yaml_files:
        assert path.read_text(encoding="utf-8").startswith("# yaml-language-server: $schema=briefing.schema.json\n")
        _validate(path)

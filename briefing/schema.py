"""A JSON Schema of the content format, for editors that complete and check YAML as you type.

The YAML language server (VS Code's YAML extension, and others) reads a
`# yaml-language-server: $schema=...` line at the top of a file and then
completes field names and flags unknown or missing ones.  `briefing schema`
prints the schema, and `briefing new` writes it beside the starter pack.

`OBJECTS` lists, for every kind of mapping the parser reads (named as the
parser names it in its messages: "a source", "a table row", ...), its fields
and the required ones.  tests/test_schema.py records every field the parser
accepts and requires while it reads packs that use every field, and checks
that this table says the same, so the two cannot drift apart.
"""

from __future__ import annotations

import json
from typing import Any

SCHEMA_ID = "https://briefing.invalid/schema/content.json"  # an identifier, not an address to fetch

_SCALAR: dict[str, Any] = {"type": ["string", "number", "boolean"]}
_TEXT: dict[str, Any] = {
    "type": ["string", "number"],
    "description": "Text: **bold**, *italic*, [@source] citations, [#section-id] cross-references.",
}
_DATE: dict[str, Any] = {
    "type": ["string", "integer"],
    "pattern": r"^\d{4}(-\d{2}(-\d{2})?)?$",
    "description": "2008-05-17 (day), 2008-05 (month) or 2008 (year): only the precision the source gives.",
}
_SUMMARY: dict[str, Any] = {
    "description": "true: also in the summary handout; only: in the handout alone.",
    "anyOf": [{"type": "boolean"}, {"const": "only"}],
}
_REF = {"$ref": "#/$defs/cite_ref"}
_CITE: dict[str, Any] = {
    "description": "Puts a footnote marker at the end: a source id, a list of them (one note), or {source, locator}.",
    "anyOf": [{"type": "string"}, _REF, {"type": "array", "items": {"anyOf": [{"type": "string"}, _REF]}}],
}


def _obj(name: str) -> dict[str, Any]:
    return {"$ref": f"#/$defs/{name}"}


def _list_of(item: dict[str, Any], min_items: int = 0) -> dict[str, Any]:
    out: dict[str, Any] = {"type": "array", "items": item}
    if min_items:
        out["minItems"] = min_items
    return out


def _axis(values: bool) -> dict[str, Any]:
    fields = {"label": _SCALAR, "unit": _SCALAR}
    if values:
        fields |= {"suffix": _SCALAR, "min": {"type": ["number", "string"]}, "max": {"type": ["number", "string"]}}
    return {
        "anyOf": [
            {"type": "string"},
            {"type": "object", "properties": fields, "required": ["label"], "additionalProperties": False},
        ]
    }


_POINT = {"anyOf": [{"type": "array", "minItems": 2, "maxItems": 2}, _obj("a data point")]}

# name (as the parser's messages say it) -> (fields, required fields)
OBJECTS: dict[str, tuple[dict[str, Any], tuple[str, ...]]] = {
    "pack.yaml": (
        {
            "pack": _obj("pack"),
            "sources": {"anyOf": [{"type": "string"}, _list_of(_obj("a source"))]},
            "sections": _list_of({"type": "string"}),
        },
        ("pack", "sections"),
    ),
    "pack": (
        {
            "id": _SCALAR,
            "title": _SCALAR,
            "short_title": _SCALAR,
            "subtitle": _SCALAR,
            "version": _SCALAR,
            "as_at": _DATE,
            "prepared_by": _SCALAR,
            "contact": _SCALAR,
            "audience": _SCALAR,
            "marking": _SCALAR,
            "language": _SCALAR,
            "style": _SCALAR,
            "keywords": _list_of(_SCALAR),
            "editorial_note": _TEXT,
            "do_not_print": _list_of(_SCALAR),
            "hyphenation": _list_of({"type": "string", "pattern": r"^[^\s\d_-]+(-[^\s\d_-]+)*$"}),
        },
        ("id", "title", "version", "as_at"),
    ),
    "sources.yaml": ({"sources": _list_of(_obj("a source"))}, ("sources",)),
    "a source": (
        {
            "id": _SCALAR,
            "kind": _SCALAR,
            "title": _SCALAR,
            "short": _SCALAR,
            "author": _SCALAR,
            "publisher": _SCALAR,
            "date": {"anyOf": [_DATE, {"const": "unknown"}, _obj("an inferred date")]},
            "url": {"type": "string", "pattern": "^https?://"},
            "accessed": _DATE,
            "text": _SCALAR,
            "notes": _SCALAR,
        },
        ("id", "title"),
    ),
    "an inferred date": ({"value": _DATE, "inferred": _SCALAR}, ("value", "inferred")),
    "a citation": ({"source": _SCALAR, "locator": _SCALAR}, ("source",)),
    "a section": (
        {
            "id": _SCALAR,
            "title": _SCALAR,
            "summary": _SUMMARY,
            "blocks": _list_of(_obj("block")),
            "sections": _list_of(_obj("a section")),
        },
        ("title",),
    ),
    "a list item": ({"text": _TEXT, "cite": _CITE}, ("text",)),
    "a quote": ({"text": _TEXT, "speaker": _SCALAR, "role": _SCALAR, "cite": _CITE}, ("text", "speaker")),
    "a key fact": ({"label": _TEXT, "value": _TEXT, "cite": _CITE}, ("label", "value")),
    "a table": (
        {
            "caption": _TEXT,
            "header": _list_of(_TEXT),
            "rows": _list_of({"anyOf": [_list_of(_TEXT), _obj("a table row")]}, 1),
            "widths": _list_of({"type": "number"}),
            "cite": _CITE,
        },
        ("rows",),
    ),
    "a table row": ({"cells": _list_of(_TEXT), "cite": _CITE}, ("cells",)),
    "a timeline entry": (
        {"date": _DATE, "event": _TEXT, "cite": _CITE, "inferred": _SCALAR, "planned": _SCALAR, "date_note": _SCALAR},
        ("date", "event"),
    ),
    "a person": ({"name": _SCALAR, "role": _TEXT, "cite": _CITE}, ("name", "role")),
    "a callout": ({"title": _SCALAR, "text": _TEXT, "cite": _CITE}, ("text",)),
    "a figures panel": ({"title": _SCALAR, "figures": _list_of(_obj("a panel figure"), 1)}, ("figures",)),
    "a panel figure": ({"value": _SCALAR, "label": _TEXT, "cite": _CITE}, ("value", "label")),
    "a chart": (
        {
            "kind": {"enum": ["bar", "line"]},
            "title": _SCALAR,
            "x_axis": _axis(False),
            "y_axis": _axis(True),
            "series": _list_of(_obj("a data series"), 1),
            "caption": _TEXT,
            "alt": _SCALAR,
            "note": _TEXT,
            "cite": _CITE,
        },
        ("kind", "title", "x_axis", "y_axis", "series", "caption", "alt"),
    ),
    "a data series": ({"name": _SCALAR, "points": _list_of(_POINT, 1)}, ("name", "points")),
    "a data point": ({"x": {"type": ["string", "number"]}, "y": {"type": ["string", "number"]}}, ("x", "y")),
    "a timeline chart": (
        {
            "title": _SCALAR,
            "events": _list_of(_obj("a timeline chart event"), 1),
            "phases": _list_of(_obj("a phase")),
            "caption": _TEXT,
            "alt": _SCALAR,
            "note": _TEXT,
            "data_table": {"type": "boolean"},
            "cite": _CITE,
        },
        ("alt", "caption", "events", "title"),
    ),
    "a timeline chart event": (
        {"date": _DATE, "label": _TEXT, "inferred": _SCALAR, "planned": _SCALAR, "cite": _CITE},
        ("date", "label"),
    ),
    "an image": (
        {
            "file": {
                "type": "string",
                "pattern": r"\.([Pp][Nn][Gg]|[Jj][Pp][Ee]?[Gg]|[Ss][Vv][Gg])$",
                "description": "A PNG, JPEG or SVG file, relative to the pack's folder and inside it.",
            },
            "alt": _SCALAR,
            "caption": _TEXT,
            "width": {"type": ["number", "string"], "description": "Share of the text width, above 0 and at most 1."},
            "cite": _CITE,
        },
        ("file", "alt"),
    ),
    "a phase": ({"label": _SCALAR, "from": _DATE, "to": _DATE, "inferred": _SCALAR}, ("label", "from")),
}

# block kind -> the schema of its body
BLOCK_BODIES: dict[str, dict[str, Any]] = {
    "paragraph": _TEXT,
    "bullets": _list_of({"anyOf": [_TEXT, _obj("a list item")]}, 1),
    "numbered": _list_of({"anyOf": [_TEXT, _obj("a list item")]}, 1),
    "quote": _obj("a quote"),
    "key_facts": _list_of(_obj("a key fact"), 1),
    "table": _obj("a table"),
    "timeline": _list_of(_obj("a timeline entry"), 1),
    "people": _list_of(_obj("a person"), 1),
    "callout": _obj("a callout"),
    "figures_panel": _obj("a figures panel"),
    "chart": _obj("a chart"),
    "timeline_chart": _obj("a timeline chart"),
    "image": _obj("an image"),
}
BLOCK_FIELDS = ("cite", "summary")  # beside the kind, on every block


def _object(fields: dict[str, Any], required: tuple[str, ...]) -> dict[str, Any]:
    return {"type": "object", "properties": fields, "required": list(required), "additionalProperties": False}


def _block() -> dict[str, Any]:
    kinds = []
    for kind, body in BLOCK_BODIES.items():
        kinds.append(_object({kind: body, "cite": _CITE, "summary": _SUMMARY}, (kind,)))
    return {"description": "One block: a mapping with exactly one kind key.", "oneOf": kinds}


def content_schema() -> dict[str, Any]:
    """One schema for every file of a pack: pack.yaml, sources.yaml or a section file."""
    defs: dict[str, Any] = {name: _object(fields, req) for name, (fields, req) in OBJECTS.items()}
    defs["block"] = _block()
    defs["cite_ref"] = defs["a citation"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "briefing content file",
        "description": "A briefing pack file: pack.yaml, sources.yaml or a section file (see docs/content-format.md).",
        "anyOf": [_obj("pack.yaml"), _obj("sources.yaml"), _obj("a section")],
        "$defs": defs,
    }


def schema_text() -> str:
    return json.dumps(content_schema(), indent=2, ensure_ascii=False, sort_keys=False) + "\n"

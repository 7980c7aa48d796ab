"""Hints for a field written at the wrong depth: "belongs one level up" rather than "did you mean".

A field that is unknown where it stands is often a known field one level up or
down: `summary: only` written inside a block's body instead of beside its kind,
a `- table:` written straight under a section instead of under `blocks:`.
Spelling suggestions point the wrong way for these, so they come first.  The
nesting is read from the content format's schema (briefing/schema.py), which
is tested against the parser.
"""

from __future__ import annotations

from briefing.schema import BLOCK_BODIES, BLOCK_FIELDS, OBJECTS

BLOCK_WHAT = "a block"  # the block mapping itself (kind, cite, summary), as the parser names it: "a <kind> block"


def _body_object(kind: str) -> str | None:
    """The schema object a block kind's body is (or holds a list of), e.g. 'a quote', 'a key fact'."""
    body = BLOCK_BODIES[kind]
    ref = body.get("$ref") or body.get("items", {}).get("$ref", "")
    if not ref:
        for option in body.get("items", {}).get("anyOf", ()):
            ref = option.get("$ref", ref)
    name = ref.rsplit("/", 1)[-1] if ref else ""
    return name if name in OBJECTS else None


def _links() -> list[tuple[str, str, str]]:
    """(parent, child, key): `child` mappings sit under `key:` in `parent` mappings."""
    links = [("pack.yaml", "pack", "pack"), ("a section", BLOCK_WHAT, "blocks"), ("a section", "a section", "sections")]
    for kind in BLOCK_BODIES:
        child = _body_object(kind)
        if child:
            links.append((f"a {kind} block", child, kind))
    return links


def _fields(what: str) -> set[str]:
    if what == BLOCK_WHAT:
        return set(BLOCK_BODIES) | set(BLOCK_FIELDS)
    if what.endswith(" block") and what.removeprefix("a ").removesuffix(" block") in BLOCK_BODIES:
        return {what.removeprefix("a ").removesuffix(" block"), *BLOCK_FIELDS}
    entry = OBJECTS.get(what)
    return set(entry[0]) if entry else set()


def _matches(what: str, pattern: str) -> bool:
    return what == pattern or (pattern == BLOCK_WHAT and what.endswith(" block"))


def wrong_level(what: str, key: str) -> str:
    """A hint such as "; 'summary' belongs one level up, beside 'figures_panel:'", or '' when none applies."""
    for parent, child, via in _links():
        if _matches(what, child) and key in _fields(parent) and key not in _fields(child):
            if via == "blocks":
                return f"; '{key}' is a field of the section, not of a block"
            beside = f"beside '{via}:'" if parent.endswith(" block") else f"at the level of '{via}:'"
            return f"; '{key}' belongs one level up, {beside}"
        if _matches(what, parent) and key in _fields(child) and key not in _fields(parent):
            if via == "blocks":
                return f"; a block goes in the section's 'blocks:' list: write 'blocks:' and put '- {key}: …' under it"
            return f"; '{key}' belongs one level down, inside '{via}:' (indent it under '{via}:')"
    return ""

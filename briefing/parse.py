"""Stage 2, parse: turn position-carrying YAML nodes into the typed model: the pack (pack.yaml, its
sources and the section files it lists) here; sections and blocks in parse_blocks.py; the figures in
parse_figures.py; shared readers and limits in parse_base.py.

Every problem is collected (not raised at the first) so one run reports them
all, each at the line and column of the offending value.
"""

from __future__ import annotations

import re
from pathlib import Path

from briefing.diagnostics import BriefingError, Diagnostics, Pos, error
from briefing.filecache import FileCache
from briefing.load import MAX_FILE_BYTES, Map, Node, Scalar, Seq, contained, display_path, load_yaml
from briefing.model import (
    Pack,
    PackMeta,
    PartialDate,
    Section,
    Source,
)
from briefing.parse_base import (
    _ID,
    _UNKNOWN,
    BLOCK_KINDS,
    MAX_PACK_BYTES,
    Fields,
    _file_size,
    _shown_name,
)
from briefing.parse_blocks import BlockParser
from briefing.stylesheet.find import find as find_style

__all__ = ["BLOCK_KINDS", "MAX_PACK_BYTES", "Fields", "Parser", "parse_pack"]


class Parser(BlockParser):
    def pack(self) -> Pack:
        """The whole pack: pack.yaml's details, its sources and each section file it lists, in order."""
        pack_file = self._pack_file()
        top = Fields(self, load_yaml(pack_file, self.problems, self.files), "pack.yaml", ("pack", "sources", "sections"))
        empty = top.ok and not top.map.entries
        if empty:
            self.report(top.pos, "pack.yaml is empty: it needs 'pack' (the pack's details) and 'sections' (its files)")
        meta = self._pack_meta(top, empty)
        sources, sources_path = self._pack_sources(top)
        files = top.seq("sections", required=not empty)
        listed: list[Path] = []
        sections = self._section_files(files, _file_size(pack_file) + _file_size(sources_path), listed)
        if files is not None and not files.items:
            self.report(files.pos, "'sections' lists no files")
        read = (pack_file, *([sources_path] if sources_path else []), *listed)
        return Pack(meta, tuple(sources), tuple(sections), str(self.root), tuple(str(p.resolve()) for p in read))

    def _pack_file(self) -> Path:
        """pack.yaml in the content directory; a folder without one stops the parse."""
        pack_file = self.root / "pack.yaml"
        if not self.root.exists():
            self.problems.stop(error(Pos(display_path(self.root)), "content directory does not exist"))
        if not self.root.is_dir():
            self.problems.stop(error(Pos(display_path(self.root)), "not a directory; give the folder that holds pack.yaml"))
        if not pack_file.exists() and not pack_file.is_symlink():
            self.problems.stop(error(Pos(display_path(pack_file)), "no pack.yaml in the content directory"))
        _, problem = contained(self.root, "pack.yaml")
        if problem:
            self.problems.stop(error(Pos(display_path(pack_file)), f"pack.yaml {problem}; content files must be inside it"))
        return pack_file

    def _pack_meta(self, top: Fields, empty: bool) -> PackMeta:
        """pack.yaml's `pack:` details; without them, the defaults (and one error, not one a missing field)."""
        meta_node = top.node("pack")
        if meta_node is not None:
            return self.meta(meta_node)
        if top.ok and not empty:
            self.report(top.pos, "pack.yaml is missing required field 'pack'")
        reported, self.problems = self.problems, Diagnostics()  # no "missing title" etc. for a block that is not there
        meta = self.meta(Map(top.pos, ()))
        self.problems = reported
        return meta

    def _pack_sources(self, top: Fields) -> tuple[list[Source], Path | None]:
        """The sources, listed in pack.yaml or in the file it names (sources.yaml by default), and that file."""
        sources_node = top.node("sources")
        problems_before = len(self.problems)
        sources_path: Path | None = None
        if sources_node is None:
            sources_path, problem = contained(self.root, "sources.yaml")
            if sources_path is None:
                self.report(top.pos, f"sources.yaml {problem}; content files must be inside it")
                sources_node = Seq(top.pos, ())
            else:
                sources_node = self._file_field(sources_path, "sources", top.pos)
        elif isinstance(sources_node, Scalar):
            sources_path = self._content_path(sources_node)
            sources_node = (
                self._file_field(sources_path, "sources", sources_node.pos) if sources_path else Seq(sources_node.pos, ())
            )
        sources = self.sources(sources_node)
        if not sources and isinstance(sources_node, Seq) and len(self.problems) == problems_before:
            self.report(sources_node.pos, "'sources' lists no sources; list every source the pack cites")
        return sources, sources_path

    def _section_files(self, files: Seq | None, total: int, listed: list[Path]) -> list[Section]:
        """Each section file `sections:` lists, read in turn while the pack's YAML stays under its size limit
        (`total`: the bytes of pack.yaml and the sources file); the paths of the files found go to `listed`."""
        sections: list[Section] = []
        first: dict[Path, Pos] = {}  # each file where `sections:` first lists it
        for item in files.items if files else ():
            if not isinstance(item, Scalar) or not item.value.strip():
                self.report(item.pos, "each entry of 'sections' must be a file name")
                continue
            path = self._content_path(item)
            if path is None:
                continue
            if not path.exists():
                self.report(item.pos, f"section file '{item.value.strip()}' does not exist")
                continue
            if path.is_dir():
                self.report(item.pos, f"'{item.value.strip()}' is a folder, not a section file")
                continue
            resolved = path.resolve()
            if resolved in first:
                where = first[resolved]
                self.report(
                    item.pos,
                    f"section file '{item.value.strip()}' is listed twice (first at line {where.line}); "
                    "each file is one part of the pack: list it once",
                )
                continue
            first[resolved] = item.pos
            listed.append(path)
            size = _file_size(path)
            total += size if size <= MAX_FILE_BYTES else 0  # a file over its own limit is reported as that
            if total > MAX_PACK_BYTES:
                self.report(
                    item.pos,
                    f"with this file the pack's YAML files come to over {MAX_PACK_BYTES:,} bytes, "
                    "the limit for a whole pack (about 800 pages); make the pack shorter",
                )
                break
            section = self._section_file(path)
            if section is not None:
                sections.append(section)
        return sections

    def _section_file(self, path: Path) -> Section | None:
        try:
            node = load_yaml(path, self.problems, self.files)
        except BriefingError:  # reported
            return None
        if isinstance(node, Map) and not node.entries:
            self.report(node.pos, "the section file is empty: give it a title and blocks")
            return None
        return self.section(node, 1)

    def _content_path(self, node: Scalar) -> Path | None:
        """A file named in pack.yaml; it must lie inside the content directory (else reported, None)."""
        name = node.value.strip()
        path, problem = contained(self.root, name)
        if path is None:
            hint = "; content files must be inside it" if problem.startswith("is outside") else ""
            self.report(
                node.pos,
                f"'{_shown_name(name)}' {problem}{hint}"
                if problem.startswith(("is ", "cannot"))
                else f"'{_shown_name(name)}': {problem}",
            )
        return path

    def _file_field(self, path: Path, key: str, pos: Pos) -> Node:
        if not path.exists():
            self.report(pos, f"no '{key}' in pack.yaml and no {path.name} in the content directory")
            return Seq(pos, ())
        try:
            node = load_yaml(path, self.problems, self.files)
        except BriefingError:  # reported
            return Seq(pos, ())
        f = Fields(self, node, path.name, (key,))
        inner = f.node(key)
        if inner is None:
            self.report(node.pos, f"{path.name} is missing required field '{key}'")
            return Seq(node.pos, ())
        return inner

    def meta(self, node: Node) -> PackMeta:
        f = Fields(
            self,
            node,
            "pack",
            (
                "id",
                "title",
                "short_title",
                "subtitle",
                "version",
                "as_at",
                "prepared_by",
                "contact",
                "audience",
                "marking",
                "language",
                "style",
                "keywords",
                "editorial_note",
                "do_not_print",
                "hyphenation",
            ),
        )
        title = f.text("title", required=True)
        as_at = self.date(f.scalar("as_at", required=True), "as_at") or PartialDate(1970, 1, 1)
        keywords = self.str_list(f, "keywords")
        language = f.text("language", default="en-GB")
        if not re.match(r"^[A-Za-z]{2,3}(-[A-Za-z0-9]{2,8})*$", language):
            node_l = f.scalar("language")
            self.report(node_l.pos if node_l else f.pos, f"language '{language}' is not a language tag such as en-GB")
        return PackMeta(
            id=f.text("id", required=True),
            title=title,
            short_title=f.text("short_title") or title,
            subtitle=f.text("subtitle"),
            version=f.text("version", required=True),
            as_at=as_at,
            prepared_by=f.text("prepared_by"),
            contact=f.text("contact"),
            audience=f.text("audience"),
            marking=f.text("marking"),
            language=language,
            style=self.style(f),
            keywords=keywords,
            editorial_note=self.rich_field(f, "editorial_note"),
            do_not_print=self.str_list(f, "do_not_print"),
            pos=f.pos,
            hyphenation=self.hyphenation(f),
        )

    def hyphenation(self, f: Fields) -> tuple[str, ...]:
        """`hyphenation: [ac-com-mo-da-tion, forecast]`: each word with its allowed breaks (none: never broken)."""
        seq = f.seq("hyphenation")
        out = []
        for item in seq.items if seq else ():
            word = item.value.strip() if isinstance(item, Scalar) else ""
            if not re.fullmatch(r"[^\W\d_]+(-[^\W\d_]+)*", word):
                self.report(
                    item.pos,
                    "each entry of 'hyphenation' is one word with a hyphen at each point where it "
                    "may break, such as ac-com-mo-da-tion (no hyphen: never broken)",
                )
                continue
            out.append(word)
        return tuple(out)

    def style(self, f: Fields) -> str:
        """The style sheet's name or path, reported at its own line when there is no such sheet (then: default).
        The sheet's contents are checked once, by briefing.style.load_style."""
        node = f.scalar("style")
        name = node.value.strip() if node is not None else ""
        if not name or node is None:
            return "default"
        found = find_style(name, self.root)
        if found.path is None:
            self.report(node.pos, found.problem)
            return "default"
        return name

    def sources(self, node: Node) -> list[Source]:
        if not isinstance(node, Seq):
            self.report(node.pos, "'sources' must be a list of sources")
            return []
        out: list[Source] = []
        for item in node.items:
            f = Fields(
                self,
                item,
                "a source",
                (
                    "id",
                    "kind",
                    "title",
                    "short",
                    "author",
                    "publisher",
                    "date",
                    "url",
                    "accessed",
                    "text",
                    "notes",
                ),
            )
            if not f.ok:
                continue
            id_node = f.scalar("id", required=True)
            source_id = id_node.value.strip() if id_node else ""
            if id_node and source_id and not _ID.match(source_id):
                self.report(id_node.pos, f"source id '{source_id}' may use only letters, digits, '-', '_' and '.'")
            date, _given = self.source_date(f)
            text_node = f.scalar("text")
            out.append(
                Source(
                    id=source_id,
                    kind=f.text("kind"),
                    title=f.text("title", required=True),
                    short=f.text("short"),
                    author=f.text("author", default=_UNKNOWN),
                    publisher=f.text("publisher", default=_UNKNOWN),
                    date=date,
                    url=self.url(f),
                    accessed=self.date(f.scalar("accessed"), "accessed"),
                    text=text_node.value.strip() if text_node else "",
                    notes=f.text("notes"),
                    pos=f.pos,
                    text_pos=text_node.pos if text_node else None,
                )
            )
            if not _given:
                self.problems.warning(f.pos, f"source '{source_id}' has no date; write 'date: unknown' if none is stated")
        return out


def parse_pack(root: Path, out: Diagnostics, files: FileCache | None = None) -> Pack:
    """Load and parse a content directory, reporting every problem to `out`; stops (BriefingError) only when
    there is no pack to parse (no folder, no readable pack.yaml).  `files`: the build's Session.files."""
    return Parser(root, out, files).pack()

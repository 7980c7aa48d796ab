"""Parse the figure blocks: the figures panel, charts, timeline charts and pictures (`image:`)."""

from __future__ import annotations

import math

from briefing.diagnostics import Pos
from briefing.images import place as place_picture
from briefing.load import Map, Node, Scalar, Seq
from briefing.model import (
    CHART_KINDS,
    Axis,
    Block,
    Chart,
    ChartEvent,
    ChartKind,
    DataPoint,
    FiguresPanel,
    Image,
    PanelFigure,
    Phase,
    RichText,
    Series,
    TimelineChart,
    cites_in,
    date_span,
    plain_text,
)
from briefing.parse_base import (
    _DATE,
    MAX_CHART_EVENTS,
    MAX_CHART_POINTS,
    MAX_CHART_VALUE,
    Fields,
    ParserBase,
    _shown_name,
    no_marks,
)


class FigureParser(ParserBase):
    """The figure block parsers, mixed into `Parser`."""

    def figure_block(self, kind: str, body: Node, outer: Fields, node: Map, summary: bool) -> Block | None:
        if kind == "figures_panel":
            return self.figures_panel(body, outer, node, summary)
        if kind == "chart":
            return self.chart(body, outer, node, summary)
        return self.timeline_chart(body, outer, node, summary)

    def figures_panel(self, body: Node, outer: Fields, node: Map, summary: bool) -> FiguresPanel | None:
        """`figures_panel:` a list of figures, or a mapping with `title` and `figures`."""
        title = ""
        items_node: Node | None = body
        if isinstance(body, Map):
            f = Fields(self, body, "a figures panel", ("title", "figures"))
            title = f.text("title")
            items_node = f.seq("figures", required=True)
        if items_node is None:
            return None
        if not isinstance(items_node, Seq):
            self.report(items_node.pos, "'figures_panel' must be a list of figures (lines starting with '- ')")
            return None
        figures: list[PanelFigure] = []
        for item in items_node.items:
            ff = Fields(self, item, "a panel figure", ("value", "label", "cite"))
            if not ff.ok:
                continue
            value = ff.text("value", required=True)
            label = self.with_cite(self.rich_field(ff, "label", required=True), ff)
            if value and label:
                figures.append(PanelFigure(value, label, item.pos))
        if not 3 <= len(items_node.items) <= 6:
            self.report(items_node.pos, f"a figures panel shows three to six figures, not {len(items_node.items)}")
            return None
        block_cite = self.cite_field(outer)
        if block_cite and figures:
            last = figures[-1]
            figures[-1] = PanelFigure(last.value, last.label + (block_cite,), last.pos)
        if len(figures) != len(items_node.items):
            return None
        return FiguresPanel(title, tuple(figures), node.pos, summary)

    def _figure_caption(self, f: Fields, outer: Fields, what: str) -> RichText:
        """A figure's caption with any block `cite:`; a figure must say where its data comes from."""
        caption = self.with_cite(self.with_cite(self.rich_field(f, "caption", required=True), f), outer)
        if f.ok and not cites_in(caption):
            self.report(f.pos, f"{what}'s caption must cite the source of its data: [@source-id] or 'cite:'")
        return caption

    def axis(self, f: Fields, key: str, values: bool) -> Axis | None:
        """`x_axis: Label` or `{label, unit, suffix, min, max}` (suffix, min and max for the value axis)."""
        node = f.node(key)
        if node is None or (isinstance(node, Scalar) and node.null):
            if f.ok:
                self.report(f.pos, f"a chart is missing required field '{key}' (the axis label, with its unit)")
            return None
        if isinstance(node, Scalar):
            label = node.value.strip()
            no_marks(self, node, key)
            if not label:
                self.report(node.pos, f"'{key}' must not be empty")
            return Axis(label) if label else None
        allowed = ("label", "unit", "suffix", "min", "max") if values else ("label", "unit")
        af = Fields(self, node, f"'{key}'", allowed)
        if not af.ok:
            return None
        label = af.text("label", required=True)
        low, high = self._number(af.node("min"), "'min'"), self._number(af.node("max"), "'max'")
        for which, bound in (("min", low), ("max", high)):
            where = af.node(which)
            if bound is not None and not abs(bound) <= MAX_CHART_VALUE:
                self.report(
                    where.pos if where is not None else af.pos,
                    f"'{key}' {which} {bound:g} is too large for a chart: the limit is ±{MAX_CHART_VALUE:,.0f}",
                )
                return None
        if low is not None and high is not None and low >= high:
            self.report(af.pos, f"'{key}' has min {low:g} not below max {high:g}")
            return None
        return Axis(label, af.text("unit"), af.text("suffix"), low, high) if label else None

    def series_list(self, f: Fields, kind: str) -> tuple[Series, ...] | None:
        seq = f.seq("series", required=True)
        if seq is None:
            return None
        if not seq.items:
            self.report(seq.pos, "'series' has no entries: give each series a name and points")
            return None
        out: list[Series] = []
        ok = True
        for item in seq.items:
            series = self.series(item)
            ok = ok and series is not None
            if series is not None:
                out.append(series)
        if not ok:
            return None
        points = sum(len(s.points) for s in out)
        if self.too_many(
            seq.pos, points, MAX_CHART_POINTS, "points in this chart", "a page cannot show them apart; group or sample the data"
        ):
            return None
        if self._chart_points_counted(seq.pos, points):
            return None
        dated = [p.date is not None for s in out for p in s.points]
        if kind == "line" and any(dated) and not all(dated):
            self.report(seq.pos, "a line chart's x values must be all dates (YYYY-MM) or all labels, not a mix")
            return None
        if kind == "bar":
            first = [p.x for p in out[0].points]
            for s in out[1:]:
                if [p.x for p in s.points] != first:
                    self.report(
                        s.pos,
                        f"series '{s.name}' must have the same x values, in the same order, "
                        f"as series '{out[0].name}' ({', '.join(first)})",
                    )
                    return None
        return tuple(out)

    def series(self, node: Node) -> Series | None:
        sf = Fields(self, node, "a data series", ("name", "points"))
        if not sf.ok:
            return None
        name = sf.text("name", required=True)
        pseq = sf.seq("points", required=True)
        if pseq is not None and not pseq.items:
            self.report(pseq.pos, "'points' has no entries")
            return None
        points: list[DataPoint] = []
        ok = bool(name) and pseq is not None
        seen: dict[str, Pos] = {}
        for item in pseq.items if pseq else ():
            point = self.data_point(item)
            if point is None:
                ok = False
                continue
            if point.x in seen:
                self.report(
                    point.pos, f"x value '{point.x}' appears twice in series '{name}' (first at line {seen[point.x].line})"
                )
                ok = False
            seen.setdefault(point.x, point.pos)
            points.append(point)
        return Series(name, tuple(points), sf.pos) if ok else None

    def data_point(self, node: Node) -> DataPoint | None:
        """A point: `[x, y]` or `{x: ..., y: ...}`; x is a label or a date (YYYY, YYYY-MM, YYYY-MM-DD)."""
        x_node: Node | None
        y_node: Node | None
        if isinstance(node, Seq):
            if len(node.items) != 2:
                self.report(node.pos, f"a point is [x, y]: two values, not {len(node.items)}")
                return None
            x_node, y_node = node.items
        else:
            pf = Fields(self, node, "a data point", ("x", "y"))
            if not pf.ok:
                return None
            x_node, y_node = pf.node("x"), pf.node("y")
            for key, value in (("x", x_node), ("y", y_node)):
                if value is None or (isinstance(value, Scalar) and value.null):
                    self.report(pf.pos, f"the data point is missing its '{key}' value")
                    return None
        if not isinstance(x_node, Scalar) or not x_node.value.strip():
            where = x_node.pos if x_node is not None else node.pos
            self.report(where, "a point's x value must be text: a label or a date")
            return None
        no_marks(self, x_node, "x")
        if isinstance(y_node, Scalar) and (y_node.null or not y_node.value.strip()):
            self.report(y_node.pos, "the point has no y value; leave unknown values out and say so in the note")
            return None
        y = self._number(y_node, "the y value")
        if y is None:
            return None
        if not math.isfinite(y) or abs(y) > MAX_CHART_VALUE:
            self.report(
                y_node.pos if isinstance(y_node, Scalar) else node.pos,
                f"the y value is too large for a chart: the limit is ±{MAX_CHART_VALUE:,.0f}",
            )
            return None
        x = x_node.value.strip()
        date = self.date(x_node, "x") if _DATE.match(x) else None
        if _DATE.match(x) and date is None:
            return None
        assert isinstance(y_node, Scalar)
        return DataPoint(x, date, y, y_node.value.strip(), x_node.pos)

    def chart(self, body: Node, outer: Fields, node: Map, summary: bool) -> Chart | None:
        f = Fields(self, body, "a chart", ("kind", "title", "x_axis", "y_axis", "series", "caption", "alt", "note", "cite"))
        if not f.ok:
            return None
        kind_node = f.scalar("kind", required=True)
        kind = kind_node.value.strip() if kind_node else ""
        chart_kind: ChartKind | None = next((k for k in CHART_KINDS if k == kind), None)
        if kind_node is not None and chart_kind is None:
            self.report(kind_node.pos, f"chart kind '{kind}' is not one of: {', '.join(CHART_KINDS)}")
        title = f.text("title", required=True)
        x_axis = self.axis(f, "x_axis", values=False)
        y_axis = self.axis(f, "y_axis", values=True)
        series = self.series_list(f, kind)
        caption = self._figure_caption(f, outer, "a chart")
        alt = f.text("alt", required=True)
        note = self.rich_field(f, "note")
        if chart_kind is None or not (title and alt and caption) or x_axis is None or y_axis is None or not series:
            return None
        return Chart(chart_kind, title, x_axis, y_axis, series, caption, alt, note, node.pos, summary)

    def timeline_chart(self, body: Node, outer: Fields, node: Map, summary: bool) -> TimelineChart | None:
        f = Fields(self, body, "a timeline chart", ("title", "events", "phases", "caption", "alt", "note", "data_table", "cite"))
        if not f.ok:
            return None
        title = f.text("title", required=True)
        events: list[ChartEvent] = []
        items = self._items(f, "events", MAX_CHART_EVENTS)
        events_seq = f.seq("events")
        if items and events_seq is not None and self._chart_points_counted(events_seq.pos, len(items)):
            return None
        for item in items:
            ef = Fields(self, item, "a timeline chart event", ("date", "label", "inferred", "planned", "cite"))
            if not ef.ok:
                continue
            date = self.date(ef.scalar("date", required=True), "date")
            label = self.with_cite(self.rich_field(ef, "label", required=True), ef)
            if date is not None and label:
                events.append(ChartEvent(date, label, self.date_note(ef, ("inferred", "planned"), bare=True), item.pos))
        phases: list[Phase] = []
        pseq = f.seq("phases")
        for item in pseq.items if pseq else ():
            pf = Fields(self, item, "a phase", ("label", "from", "to", "inferred"))
            if not pf.ok:
                continue
            name = pf.text("label", required=True)
            start = self.date(pf.scalar("from", required=True), "from")
            end = self.date(pf.scalar("to"), "to") if pf.has("to") else start
            if start is not None and end is not None and date_span(end)[1] <= date_span(start)[0]:
                self.report(item.pos, f"phase '{name}' ends ({end.iso()}) before it starts ({start.iso()})")
                continue
            if name and start is not None and end is not None:
                phases.append(Phase(name, start, end, pf.text("inferred"), item.pos))
        caption = self._figure_caption(f, outer, "a timeline chart")
        alt = f.text("alt", required=True)
        note = self.rich_field(f, "note")
        data_table = f.flag("data_table") if f.has("data_table") else True
        if not (title and events and caption and alt):
            return None
        return TimelineChart(title, tuple(events), tuple(phases), caption, alt, note, data_table, node.pos, summary)

    def image(self, body: Node, outer: Fields, node: Map, summary: bool) -> Image | None:
        """`image:` a picture file in the pack, with alt text and an optional (citing) caption."""
        f = Fields(self, body, "an image", ("file", "alt", "caption", "width", "cite"))
        if not f.ok:
            return None
        file_node = f.scalar("file", required=True)
        path = None
        if file_node is not None:
            name = file_node.value.strip()
            path, problem = place_picture(self.root, name, "the pack's folder")
            if path is None:
                self.report(file_node.pos, f"image '{_shown_name(name)}' {problem}")
        alt = f.text("alt", required=True)
        caption = self.with_cite(self.with_cite(self.rich_field(f, "caption"), f), outer)
        if caption and not plain_text(caption).strip():
            where = f.node("caption") or f.node("cite") or outer.node("cite")
            self.report(
                where.pos if where is not None else f.pos, "an image's citation needs a caption to print it after: add 'caption:'"
            )
            return None
        width = self._share(f.node("width"))
        if path is None or file_node is None or not alt or width is None:
            return None
        return Image(file_node.value.strip(), str(path), alt, caption, width, node.pos, file_node.pos, summary)

    def _share(self, node: Node | None) -> float | None:
        """`width:` a share of the text width, above 0 and at most 1 (default 1)."""
        if node is None or (isinstance(node, Scalar) and node.null):
            return 1.0
        value = self._number(node, "'width'")
        if value is None:
            return None
        if not 0 < value <= 1:
            self.report(
                node.pos,
                f"'width' is the share of the text width the picture may take: more than 0 "
                f"and at most 1 (0.5 is half), not {value:g}",
            )
            return None
        return value

"""Inline SVG pictures for the analysts' pages: a timeline and a framework lineage diagram.

Every attribute value and text goes through format_html, so user data is escaped. Classes are
for the page's stylesheet; inline fill/stroke are defaults so the pictures print without it.
"""

from __future__ import annotations

import calendar
import datetime
import math
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

from negotiations.bidi import isolate as _iso
from negotiations.dates import format_precise_date
from negotiations.frameworks.compare import Comparison, VersionSide
from negotiations.models import FrameworkPoint

CHAR_W = 7.0  # rough width of a 12-13px sans-serif character, for layout estimates only
INK, MUTED, GRID = "#222", "#666", "#e4e4e4"
KIND_COLOURS = {"meeting": "#1f5fa8", "development": "#a8510b", "statement": "#2e7d32"}
LANES = {"meeting": "Meetings", "development": "Developments", "statement": "Statements"}
WIDTH, LEFT, BAND, ROW, AXIS_Y = 960, 118, 280, 24, 44
BOLD, MIDDLE, ITALIC = {"font_weight": "bold"}, {"text_anchor": "middle"}, {"font_style": "italic"}
# Lineage links: a colour and a dash pattern, so kinds differ in print and without colour vision.
LINK_STYLES = {
    "kept": ("#2e7d32", "none", "kept"),
    "reworded": ("#a8510b", "7 4", "reworded"),
    "merged": ("#6a3fb5", "2 3", "merged (several → one)"),
    "split": ("#1f5fa8", "10 3 2 3", "split (one → several)"),
}
LINEAGE_KINDS = ("kept", "reworded", "merged", "split", "dropped", "new")
BOX_W, BOX_H, STEP, LX, RX, TOP = 340, 40, 48, 20, 600, 64
UNTRACED = {"fill": "#f4f4f4", "stroke": "#888", "stroke_dasharray": "2 3"}
PLACEHOLDER = {"fill": "none", "stroke": "#999", "stroke_dasharray": "6 4"}


@dataclass(frozen=True)
class TimelineMark:
    """One timeline entry, reduced to what the picture needs."""

    label: str
    kind: str  # "meeting" | "development" | "statement"
    status: str  # meeting status; "" for the other kinds
    date: datetime.date | None
    precision: str  # "day" | "week" | "month" | "unknown"
    href: str


def _n(value: object) -> str:
    return f"{value:.1f}".removesuffix(".0") if isinstance(value, float) else str(value)


def _el(tag: str, content: str = "", **attrs: object) -> SafeString:
    """One element; `stroke_width=2` becomes stroke-width="2", `class_` becomes class."""
    pairs = ((k.rstrip("_").replace("_", "-"), _n(v)) for k, v in attrs.items() if v is not None)
    attr = format_html_join("", ' {}="{}"', pairs)
    if content == "":
        return format_html("<{}{}/>", tag, attr)
    return format_html("<{}{}>{}</{}>", tag, attr, content, tag)


def _join(parts: Iterable[str]) -> SafeString:
    # conditional_escape keeps format_html output as it is and escapes any plain str.
    return mark_safe("".join(conditional_escape(p) for p in parts))


def _text(x: float, y: float, text: str, size: int = 12, fill: str = INK, **attrs) -> SafeString:
    return _el("text", text, x=x, y=y, font_size=size, fill=fill, **attrs)


def _cut(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _token(value: str) -> str:
    # Class names and ids come from data: keep each a single harmless token.
    return re.sub(r"[^\w-]", "-", value)


def _link(href: str | None, inner: SafeString) -> SafeString:
    # Only relative and http(s) targets: a "javascript:" href would run script on click.
    if not href or urlsplit(href).scheme.lower() not in ("", "http", "https"):
        return inner
    return _el("a", inner, href=href)


def _svg(pid: str, css: str, size: tuple[float, float], title: str, desc: str, body) -> SafeString:
    head = _el("title", title, id=f"{pid}-title") + _el("desc", desc, id=f"{pid}-desc")
    return _el(
        "svg", head + body, xmlns="http://www.w3.org/2000/svg", class_=css, role="img",
        aria_labelledby=f"{pid}-title {pid}-desc", viewBox=f"0 0 {_n(size[0])} {_n(size[1])}",
        width="100%", preserveAspectRatio="xMinYMin meet", font_family="system-ui, sans-serif",
        font_size=13, fill=INK,
    )  # fmt: skip


# --- Timeline -------------------------------------------------------------------------------


def _shape(mark: TimelineMark, x: float, cy: float, width: float | None) -> SafeString:
    """A circle for a day (width None), else a bar; meetings held are filled, scheduled hollow
    and dashed, postponed dotted with a slash, cancelled grey with a cross."""
    colour = KIND_COLOURS.get(mark.kind, MUTED)
    status = mark.status if mark.kind == "meeting" else ""
    fill, stroke, dash = {
        "scheduled": ("#fff", colour, "3 2"),
        "postponed": ("#fff", colour, "1 2"),
        "cancelled": ("#fff", MUTED, "none"),
    }.get(status, (colour, colour, "none"))
    paint = {"fill": fill, "stroke": stroke, "stroke_width": 2, "stroke_dasharray": dash}
    if width is None:
        parts = [_el("circle", cx=x, cy=cy, r=6, **paint)]
        x, width = x - 6, 12.0
    else:  # a translucent bar reads as "somewhere in this range", unlike a solid dot
        bar = {"height": 16, "rx": 4, "fill_opacity": 0.3}  # tall enough to hold a label
        parts = [_el("rect", x=x, y=cy - 8, width=width, **bar, **paint)]
    slashes = {"postponed": [(cy + 6, cy - 6)], "cancelled": [(cy + 6, cy - 6), (cy - 6, cy + 6)]}
    for y1, y2 in slashes.get(status, []):
        parts.append(_el("line", x1=x, y1=y1, x2=x + width, y2=y2, stroke=INK, stroke_width=2))
    return _join(parts)


def _span(mark: TimelineMark) -> tuple[datetime.date, datetime.date]:
    """The first day the mark may fall on and the day after the last."""
    day = mark.date
    assert day is not None
    if mark.precision == "month":
        first = day.replace(day=1)
        return first, first + datetime.timedelta(calendar.monthrange(day.year, day.month)[1])
    return day, day + datetime.timedelta(7 if mark.precision == "week" else 1)


def _mark(mark: TimelineMark, shape: SafeString, label: str, x: float, cy: float, anchor: str):
    status = mark.status if mark.kind == "meeting" else ""
    about = ", ".join(
        filter(None, [mark.kind, status, format_precise_date(mark.date, mark.precision)])
    )
    css = " ".join(_token(c) for c in ("mark", mark.kind, status, mark.precision) if c)
    tip = _el("title", f"{_iso(mark.label)} ({about})")
    text = _text(x, cy + 4, _iso(label), text_anchor=anchor)
    return _link(mark.href, _el("g", tip + shape + text, class_=css))


def _axis(spans: list[tuple[datetime.date, datetime.date]], x0: float, x1: float):
    """The axis start, its length in days, and the x of a day's start."""
    lo, hi = min(s for s, _ in spans), max(e for _, e in spans)
    pad = datetime.timedelta(max(3, (hi - lo).days // 30))  # a few days, more on long ranges
    start, days = lo - pad, (hi - lo + 2 * pad).days

    def x_of(day: datetime.date) -> float:
        return x0 + (day - start).days * (x1 - x0) / days

    return start, days, x_of


def _ticks(start: datetime.date, days: int, x_of: Callable, bottom: float) -> SafeString:
    """Month labels, plus day numbers when the range is short enough to read them."""
    parts, one = [], datetime.timedelta(1)
    grid = {"y2": bottom, "stroke": GRID}
    if days <= 62:
        for i in range(0, days, 1 if days <= 21 else 2 if days <= 35 else 7):
            day = start + i * one
            x, mid = x_of(day), (x_of(day) + x_of(day + one)) / 2  # a number labels a whole day
            parts += [_text(mid, AXIS_Y - 6, str(day.day), fill=MUTED, **MIDDLE)]
            parts += [_el("line", x1=x, x2=x, y1=AXIS_Y, **grid)]
    months, month, end = [], start.replace(day=1), start + days * one
    while month < end:
        months.append(month)
        month = (month + 32 * one).replace(day=1)
    every = math.ceil(len(months) * 80 / (x_of(end) - x_of(start)))  # ~80px per month label
    last = -math.inf
    for i, month in enumerate(months):
        x = max(x_of(month), x_of(start))
        # Skip labels that would run into the previous one, or the next month's when the
        # axis starts just before it.
        crowded = i == 0 and len(months) > 1 and x_of(months[1]) - x < 72
        if i % every or x - last < 72 or crowded:
            continue
        last = x
        parts += [_text(x + 3, 18, f"{month:%b %Y}", **BOLD)]
        parts += [_el("line", x1=x, x2=x, y1=6, **{**grid, "stroke": "#aaa"})]
    return _join(parts)


def _place(dated: list[TimelineMark], spans: list, x_of: Callable, x1: float) -> dict:
    """Each lane's levels and marks, drawn from y 0. A mark goes on the first level where it
    and its label do not run into an earlier mark, so labels stagger instead of overlapping."""
    ends: dict[str, list[float]] = {}
    drawn: dict[str, list[SafeString]] = {}
    for mark, (first, after) in sorted(zip(dated, spans, strict=True), key=lambda p: p[1]):
        a, b = x_of(first), x_of(after)
        if mark.precision == "day":
            x, width, left, right = (a + b) / 2, None, (a + b) / 2 - 6, (a + b) / 2 + 6
        else:
            x, width, left, right = a, max(b - a, 3), a, a + max(b - a, 3)
        label = _cut(mark.label, 30)
        size = len(label) * CHAR_W + 6
        # The label goes right of the mark, else inside a bar wide enough, else left of it,
        # whichever first stays on the axis: (anchor, label x, extent from, extent to).
        options = [("start", right + 6, left, right + size), ("end", left - 6, left - size, right)]
        if right - left >= size + 6:
            options.insert(1, ("start", left + 6, left, right))
        fits = (o for o in options if o[2] >= LEFT - 8 and o[3] <= x1 + 12)
        anchor, label_x, lo, hi = next(fits, options[0])
        levels = ends.setdefault(mark.kind, [])
        level = next((i for i, end in enumerate(levels) if end + 8 <= lo), len(levels))
        levels[level : level + 1] = [hi]
        cy = 6 + level * ROW + ROW / 2
        shape = _shape(mark, x, cy, width)
        drawn.setdefault(mark.kind, []).append(_mark(mark, shape, label, label_x, cy, anchor))
    return {kind: (len(ends[kind]), _join(marks)) for kind, marks in drawn.items()}


def _band(undated: list[TimelineMark], tops: dict[str, float], bottom: float) -> SafeString:
    """The undated marks, in the order given, each in its lane, at the end of the axis."""
    x, rows = WIDTH - BAND - 8, dict.fromkeys(tops, 0)
    box = {"fill": "#fff", "fill_opacity": 0.6, "stroke": "#999", "stroke_dasharray": "4 3"}
    parts = [_el("rect", x=x, y=6, width=BAND, height=bottom - 2, **box)]
    parts.append(_text(x + 10, 28, "Date not reported", size=13, **BOLD))
    for mark in undated:
        cy = tops[mark.kind] + 6 + rows[mark.kind] * ROW + ROW / 2
        rows[mark.kind] += 1
        shape = _shape(mark, x + 16, cy, None)
        parts.append(_mark(mark, shape, _cut(mark.label, 34), x + 28, cy, "start"))
    return _el("g", _join(parts), class_="undated")


def _timeline_legend(marks: Sequence[TimelineMark], y: float) -> SafeString:
    statuses = {m.status for m in marks if m.kind == "meeting"}
    samples: list[tuple[TimelineMark, float | None, str]] = [
        (TimelineMark("", "meeting", s, None, "day", ""), None, f"meeting {s}")
        for s in ("held", "scheduled", "postponed", "cancelled")
        if s in statuses
    ]
    if any(m.date and m.precision in ("week", "month") for m in marks):
        samples.append((TimelineMark("", "", "", None, "week", ""), 24.0, "week or month"))
    parts, x = [], float(LEFT)
    for mark, width, text in samples:
        parts.append(_shape(mark, x + 6 if width is None else x, y, width))
        parts.append(_text(x + (width or 12) + 6, y + 4, text))
        x += (width or 12) + 26 + len(text) * CHAR_W
    return _el("g", _join(parts), class_="legend") if parts else SafeString()


def timeline_svg(marks: Sequence[TimelineMark], *, id_prefix: str = "timeline") -> SafeString:
    """Meetings, developments and statements on a time axis, one lane per kind."""
    pid = _token(id_prefix) or "timeline"
    if not marks:
        body = _text(12, 26, "Nothing to show", size=13, fill=MUTED)
        return _svg(pid, "timeline empty", (320, 40), "Timeline", "Nothing to show.", body)
    dated = [m for m in marks if m.date is not None and m.precision != "unknown"]
    undated = [m for m in marks if m.date is None or m.precision == "unknown"]
    kinds = [k for k in LANES if any(m.kind == k for m in marks)]
    kinds += sorted({m.kind for m in marks} - set(kinds))
    x1 = WIDTH - (BAND + 24 if undated else 16)
    spans = [_span(m) for m in dated]
    placed: dict[str, tuple[int, SafeString]] = {}
    if dated:
        start, days, x_of = _axis(spans, LEFT, x1)
        placed = _place(dated, spans, x_of, x1)
    # A lane is as tall as its staggered levels or its undated entries, whichever is more.
    tops: dict[str, float] = {}
    y, parts, marks_drawn = float(AXIS_Y + 8), [], []
    for i, kind in enumerate(kinds):
        levels, drawn = placed.get(kind, (0, SafeString()))
        height = max(1, sum(m.kind == kind for m in undated), levels) * ROW + 12
        tops[kind], fill = y, "#f5f5f5" if i % 2 == 0 else "#fff"
        lane = {"x": 0, "y": y, "width": WIDTH, "height": height, "fill": fill}
        parts.append(_el("rect", class_=f"lane {_token(kind)}", **lane))
        parts.append(_text(8, y + 6 + ROW / 2 + 4, LANES.get(kind, kind.title()), size=13, **BOLD))
        marks_drawn.append(_el("g", drawn, transform=f"translate(0 {_n(y)})"))
        y += height
    if dated:
        parts.append(_ticks(start, days, x_of, y))
        parts.append(_el("line", class_="axis", x1=LEFT, x2=x1, y1=AXIS_Y, y2=AXIS_Y, stroke=MUTED))
    else:
        parts.append(_text(LEFT, AXIS_Y - 6, "No entry has a reported date", fill=MUTED))
    parts += marks_drawn  # after the grid lines, so they sit on top
    if undated:
        parts.append(_band(undated, tops, y))
    legend = _timeline_legend(marks, y + 20)
    desc = f"{len(marks)} entries"
    if dated:
        first, last = min(s for s, _ in spans), max(e for _, e in spans) - datetime.timedelta(1)
        desc += f", {len(dated)} dated between {first:%-d %b %Y} and {last:%-d %b %Y}"
    if undated:
        desc += f", {len(undated)} with no reported date"
    size = (WIDTH, y + (36 if legend else 8))
    return _svg(pid, "timeline", size, "Timeline", desc + ".", _join([*parts, legend]))


# --- Lineage --------------------------------------------------------------------------------

Entry = tuple[FrameworkPoint, str, str]  # point, class tag, note shown under the title
Href = Callable[[FrameworkPoint], str] | None


def _point_box(
    point: FrameworkPoint, x: float, y: float, tag: str, note: str, href: Href
) -> SafeString:
    number = str(point.number) if point.number is not None else "—"
    title = _cut(point.title, 40)
    paint = UNTRACED if tag == "untraced" else {"fill": "#fff", "stroke": "#555"}
    ty = y + 17 if note else y + 25
    grey = tag in ("untraced", "dropped")
    parts = [
        _el("rect", x=x, y=y, width=BOX_W, height=BOX_H, rx=4, stroke_width=1.5, **paint),
        _el("line", x1=x + 34, y1=y, x2=x + 34, y2=y + BOX_H, stroke="#ccc"),
        _text(x + 17, y + 25, number, size=13, **BOLD, **MIDDLE),
        _text(x + 42, ty, _iso(title), size=13, fill=MUTED if grey else INK),
    ]
    if note:
        colour = {"new": "#2e7d32", "dropped": "#a33"}.get(tag, MUTED)
        parts.append(_text(x + 42, y + 33, note, fill=colour, **ITALIC))
    if tag == "dropped":  # struck through, so it reads as dropped even without the tag
        end = x + 42 + len(title) * CHAR_W
        strike = {"stroke": INK, "stroke_width": 1.5}
        parts.append(_el("line", x1=x + 42, y1=ty - 4, x2=end, y2=ty - 4, **strike))
    about = f"{number}. {_iso(point.title)}" + (f" ({note})" if note else "")
    body = _el("g", _el("title", about) + _join(parts), class_=f"point {tag}".strip())
    return _link(href(point) if href else None, body)


def _column(entries: list[Entry], side: VersionSide, x: float, href: Href, css: str) -> tuple:
    """One version: header, point boxes, then a placeholder for the points not yet known."""
    known = f"{side.known} of {side.declared}" if side.declared is not None else str(side.known)
    parts = [_text(x, 22, _iso(_cut(side.version.label, 44)), size=15, **BOLD)]
    parts.append(_text(x, 42, f"{known} points known", fill=MUTED))
    centres: dict[int, float] = {}
    for i, (point, tag, note) in enumerate(entries):
        centres[point.pk] = TOP + i * STEP + BOX_H / 2
        parts.append(_point_box(point, x, TOP + i * STEP, tag, note, href))
    missing = "Point count not declared" if side.declared is None else ""
    if side.unknown:
        missing = f"{side.unknown} point{'s' if side.unknown != 1 else ''} not yet known"
    if missing:
        y = TOP + len(entries) * STEP
        box = _el("rect", x=x, y=y, width=BOX_W, height=BOX_H, rx=4, **PLACEHOLDER)
        text = _text(x + BOX_W / 2, y + 25, missing, size=13, fill=MUTED, **MIDDLE, **ITALIC)
        parts.append(_el("g", box + text, class_="placeholder"))
    return _el("g", _join(parts), class_=css), centres, len(entries) + bool(missing)


def _connectors(comparison: Comparison, left: dict, right: dict, pid: str) -> SafeString:
    """One curve per older/newer pair: merged curves converge on a box, split ones diverge."""
    x1, x2, parts = LX + BOX_W, RX - 3, []
    mid = (x1 + x2) / 2
    for change in comparison.changes:
        colour, dash, _ = LINK_STYLES.get(change.kind, (MUTED, "none", change.kind))
        for old in change.from_points:
            for new in change.to_points:
                y1, y2 = _n(left[old.pk]), _n(right[new.pk])
                tip = f"{change.kind.capitalize()}: {_iso(old.title)} → {_iso(new.title)}"
                tip += f" — {change.note}" if change.note else ""
                parts.append(
                    _el("path", _el("title", tip), class_=f"link {_token(change.kind)}",
                        d=f"M{x1} {y1} C{_n(mid)} {y1} {_n(mid)} {y2} {x2} {y2}", fill="none",
                        stroke=colour, stroke_width=2, stroke_dasharray=dash,
                        marker_end=f"url(#{pid}-arrow)")
                )  # fmt: skip
    return _join(parts)


def _lineage_legend(y: float) -> SafeString:
    parts, x = [], float(LX)
    for kind, (colour, dash, text) in LINK_STYLES.items():
        line = {"stroke": colour, "stroke_width": 2, "stroke_dasharray": dash}
        parts += [_el("line", class_=kind, x1=x, y1=y, x2=x + 32, y2=y, **line)]
        parts += [_text(x + 38, y + 4, text)]
        x += 56 + len(text) * CHAR_W
    parts.append(_el("rect", x=x, y=y - 7, width=24, height=14, rx=3, **UNTRACED))
    parts.append(_text(x + 30, y + 4, "lineage not reported"))
    return _el("g", _join(parts), class_="legend")


def lineage_svg(
    comparison: Comparison,
    *,
    older_href: Href = None,
    newer_href: Href = None,
    id_prefix: str = "lineage",
) -> SafeString:
    """The older version's points on the left, the newer's on the right, linked by lineage."""
    pid = _token(id_prefix) or "lineage"
    older: dict[int, Entry] = {}
    newer: dict[int, Entry] = {}
    # Changes come sorted by newer point, so following their order keeps crossings few.
    for change in comparison.changes:
        for p in change.from_points:
            tag = "dropped" if change.kind == "dropped" else ""
            older.setdefault(p.pk, (p, tag, tag))
        for p in change.to_points:
            tag = "new" if change.kind == "new" else ""
            newer.setdefault(p.pk, (p, tag, tag))
    for p in comparison.untraced_older:
        older.setdefault(p.pk, (p, "untraced", "what became of it not reported"))
    for p in comparison.untraced_newer:
        newer.setdefault(p.pk, (p, "untraced", "origin not reported"))
    o, n = comparison.older, comparison.newer
    left, left_y, left_rows = _column([*older.values()], o, LX, older_href, "older")
    right, right_y, right_rows = _column([*newer.values()], n, RX, newer_href, "newer")
    legend_y = TOP + max(left_rows, right_rows, 1) * STEP + 16
    head = _el("path", d="M0 0L10 5L0 10z", fill="#444")
    size = {"markerWidth": 7, "markerHeight": 7, "viewBox": "0 0 10 10", "refX": 9, "refY": 5}
    marker = _el("marker", head, id=f"{pid}-arrow", orient="auto", **size)
    arrow = _text(WIDTH / 2, 30, "→", size=22, fill=MUTED, **MIDDLE)
    links = _connectors(comparison, left_y, right_y, pid)
    body = _join([_el("defs", marker), left, right, arrow, links, _lineage_legend(legend_y)])
    counts = {k: sum(c.kind == k for c in comparison.changes) for k in LINEAGE_KINDS}
    said = ", ".join(f"{c} {k}" for k, c in counts.items() if c) or "no lineage recorded"
    known = "; ".join(
        f"{_iso(s.version.label)}: {s.known} of {s.declared or '?'} known" for s in (o, n)
    )
    untraced = f"{len(comparison.untraced_older)} older, {len(comparison.untraced_newer)} newer"
    desc = f"{known}. Changes: {said}. Points without reported lineage: {untraced}."
    title = f"Lineage from {_iso(o.version.label)} to {_iso(n.version.label)}"
    return _svg(pid, "lineage", (WIDTH, legend_y + 20), title, desc, body)

"""The timeline picture: meetings, developments, statements and stances on a time axis, one lane
per kind.

Drawn with the primitives in negotiations/svg.py, which escape every value.
"""

from __future__ import annotations

import calendar
import datetime
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from django.utils.safestring import SafeString

from negotiations import svg
from negotiations.bidi import isolate as _iso
from negotiations.dates import format_precise_date

KIND_COLOURS = {
    "meeting": "#1f5fa8",
    "development": "#a8510b",
    "statement": "#2e7d32",
    "optionstance": "#7b3fa0",
}
LANES = {
    "meeting": "Meetings",
    "development": "Developments",
    "statement": "Statements",
    "optionstance": "Stances",
}
GRID = "#e4e4e4"
LEFT, BAND, ROW, AXIS_Y = 118, 280, 24, 44


@dataclass(frozen=True)
class TimelineMark:
    """One timeline entry, reduced to what the picture needs."""

    label: str
    kind: str  # "meeting" | "development" | "statement" | "optionstance"
    status: str  # meeting status, a stance's value; "" for the other kinds
    date: datetime.date | None
    precision: str  # "day" | "week" | "month" | "unknown"
    href: str


def _shape(mark: TimelineMark, x: float, cy: float, width: float | None) -> SafeString:
    """A circle for a day (width None), else a bar; meetings held are filled, scheduled hollow
    and dashed, postponed dotted with a slash, cancelled grey with a cross."""
    colour = KIND_COLOURS.get(mark.kind, svg.MUTED)
    status = mark.status if mark.kind == "meeting" else ""
    fill, stroke, dash = {
        "scheduled": ("#fff", colour, "3 2"),
        "postponed": ("#fff", colour, "1 2"),
        "cancelled": ("#fff", svg.MUTED, "none"),
    }.get(status, (colour, colour, "none"))
    paint = {"fill": fill, "stroke": stroke, "stroke_width": 2, "stroke_dasharray": dash}
    if width is None:
        parts = [svg.el("circle", cx=x, cy=cy, r=6, **paint)]
        x, width = x - 6, 12.0
    else:  # a translucent bar reads as "somewhere in this range", unlike a solid dot
        bar = {"height": 16, "rx": 4, "fill_opacity": 0.3}  # tall enough to hold a label
        parts = [svg.el("rect", x=x, y=cy - 8, width=width, **bar, **paint)]
    slashes = {"postponed": [(cy + 6, cy - 6)], "cancelled": [(cy + 6, cy - 6), (cy - 6, cy + 6)]}
    for y1, y2 in slashes.get(status, []):
        parts.append(
            svg.el("line", x1=x, y1=y1, x2=x + width, y2=y2, stroke=svg.INK, stroke_width=2)
        )
    return svg.join(parts)


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
    css = " ".join(svg.token(c) for c in ("mark", mark.kind, status, mark.precision) if c)
    tip = svg.el("title", f"{_iso(mark.label)} ({about})")
    caption = svg.text(x, cy + 4, _iso(label), text_anchor=anchor)
    return svg.link(mark.href, svg.el("g", tip + shape + caption, class_=css))


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
            parts += [svg.text(mid, AXIS_Y - 6, str(day.day), fill=svg.MUTED, **svg.MIDDLE)]
            parts += [svg.el("line", x1=x, x2=x, y1=AXIS_Y, **grid)]
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
        parts += [svg.text(x + 3, 18, f"{month:%b %Y}", **svg.BOLD)]
        parts += [svg.el("line", x1=x, x2=x, y1=6, **{**grid, "stroke": "#aaa"})]
    return svg.join(parts)


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
        label = svg.cut(mark.label, 30)
        size = len(label) * svg.CHAR_W + 6
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
    return {kind: (len(ends[kind]), svg.join(marks)) for kind, marks in drawn.items()}


def _band(undated: list[TimelineMark], tops: dict[str, float], bottom: float) -> SafeString:
    """The undated marks, in the order given, each in its lane, at the end of the axis."""
    x, rows = svg.WIDTH - BAND - 8, dict.fromkeys(tops, 0)
    box = {"fill": "#fff", "fill_opacity": 0.6, "stroke": "#999", "stroke_dasharray": "4 3"}
    parts = [svg.el("rect", x=x, y=6, width=BAND, height=bottom - 2, **box)]
    parts.append(svg.text(x + 10, 28, "Date not reported", size=13, **svg.BOLD))
    for mark in undated:
        cy = tops[mark.kind] + 6 + rows[mark.kind] * ROW + ROW / 2
        rows[mark.kind] += 1
        shape = _shape(mark, x + 16, cy, None)
        parts.append(_mark(mark, shape, svg.cut(mark.label, 34), x + 28, cy, "start"))
    return svg.el("g", svg.join(parts), class_="undated")


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
    for mark, width, caption in samples:
        parts.append(_shape(mark, x + 6 if width is None else x, y, width))
        parts.append(svg.text(x + (width or 12) + 6, y + 4, caption))
        x += (width or 12) + 26 + len(caption) * svg.CHAR_W
    return svg.el("g", svg.join(parts), class_="legend") if parts else SafeString()


def timeline_svg(marks: Sequence[TimelineMark], *, id_prefix: str = "timeline") -> SafeString:
    """Meetings, developments, statements and stances on a time axis, one lane per kind."""
    pid = svg.token(id_prefix) or "timeline"
    if not marks:
        body = svg.text(12, 26, "Nothing to show", size=13, fill=svg.MUTED)
        return svg.picture(pid, "timeline empty", (320, 40), "Timeline", "Nothing to show.", body)
    dated = [m for m in marks if m.date is not None and m.precision != "unknown"]
    undated = [m for m in marks if m.date is None or m.precision == "unknown"]
    kinds = [k for k in LANES if any(m.kind == k for m in marks)]
    kinds += sorted({m.kind for m in marks} - set(kinds))
    x1 = svg.WIDTH - (BAND + 24 if undated else 16)
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
        lane = {"x": 0, "y": y, "width": svg.WIDTH, "height": height, "fill": fill}
        parts.append(svg.el("rect", class_=f"lane {svg.token(kind)}", **lane))
        parts.append(
            svg.text(8, y + 6 + ROW / 2 + 4, LANES.get(kind, kind.title()), size=13, **svg.BOLD)
        )
        marks_drawn.append(svg.el("g", drawn, transform=f"translate(0 {svg.num(y)})"))
        y += height
    if dated:
        parts.append(_ticks(start, days, x_of, y))
        parts.append(
            svg.el("line", class_="axis", x1=LEFT, x2=x1, y1=AXIS_Y, y2=AXIS_Y, stroke=svg.MUTED)
        )
    else:
        parts.append(svg.text(LEFT, AXIS_Y - 6, "No entry has a reported date", fill=svg.MUTED))
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
    size = (svg.WIDTH, y + (36 if legend else 8))
    return svg.picture(pid, "timeline", size, "Timeline", desc + ".", svg.join([*parts, legend]))

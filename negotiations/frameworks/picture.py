"""The lineage picture: an older framework version's points on the left, the newer's on the
right, linked by what became of each.

Drawn with the primitives in negotiations/svg.py, which escape every value.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable

from django.utils.safestring import SafeString

from negotiations import svg
from negotiations.bidi import isolate as _iso
from negotiations.frameworks.compare import Comparison, VersionSide
from negotiations.models import FrameworkPoint

# Lineage links: a colour and a dash pattern, so kinds differ in print and without colour vision.
LINK_STYLES = {
    "kept": ("#2e7d32", "none", "kept"),
    "reworded": ("#a8510b", "7 4", "reworded"),
    "merged": ("#6a3fb5", "2 3", "merged (several → one)"),
    "split": ("#1f5fa8", "10 3 2 3", "split (one → several)"),
}
LINEAGE_KINDS = ("kept", "reworded", "merged", "split", "dropped", "new")
# A box holds two lines of title and a note: a title is wrapped at word breaks, not cut.
BOX_W, BOX_H, STEP, LX, RX, TOP = 340, 56, 64, 20, 600, 64
LINE_H, TITLE_CHARS = 15, 40
UNTRACED = {"fill": "#f4f4f4", "stroke": "#888", "stroke_dasharray": "2 3"}
PLACEHOLDER = {"fill": "none", "stroke": "#999", "stroke_dasharray": "6 4"}

Entry = tuple[FrameworkPoint, str, str]  # point, class tag, note shown under the title
Href = Callable[[FrameworkPoint], str] | None


def _title_lines(title: str) -> list[str]:
    """The title in at most two lines of TITLE_CHARS, broken between words; only a title too
    long for both ends in "…" (the box's tooltip and the lists below give it whole)."""
    lines = textwrap.wrap(" ".join(title.split()), TITLE_CHARS, break_long_words=True) or [""]
    if len(lines) > 2:
        rest = " ".join(lines[1:])
        lines = [lines[0], svg.cut(rest, TITLE_CHARS)]
    return lines


def _point_box(
    point: FrameworkPoint, x: float, y: float, tag: str, note: str, href: Href
) -> SafeString:
    number = str(point.number) if point.number is not None else "—"
    lines = _title_lines(point.title)
    paint = UNTRACED if tag == "untraced" else {"fill": "#fff", "stroke": "#555"}
    # Title lines, then the note, centred in the box together.
    first = y + BOX_H / 2 + 5 - (len(lines) - 1 + bool(note)) * LINE_H / 2
    grey = tag in ("untraced", "dropped")
    parts = [
        svg.el("rect", x=x, y=y, width=BOX_W, height=BOX_H, rx=4, stroke_width=1.5, **paint),
        svg.el("line", x1=x + 34, y1=y, x2=x + 34, y2=y + BOX_H, stroke="#ccc"),
        svg.text(x + 17, y + BOX_H / 2 + 5, number, size=13, **svg.BOLD, **svg.MIDDLE),
    ]
    for i, line in enumerate(lines):
        ty = first + i * LINE_H
        parts.append(svg.text(x + 42, ty, _iso(line), size=13, fill=svg.MUTED if grey else svg.INK))
        if tag == "dropped":  # struck through, so it reads as dropped even without the tag
            end = x + 42 + len(line) * svg.CHAR_W
            strike = {"stroke": svg.INK, "stroke_width": 1.5}
            parts.append(svg.el("line", x1=x + 42, y1=ty - 4, x2=end, y2=ty - 4, **strike))
    if note:
        colour = {"new": "#2e7d32", "dropped": "#a33"}.get(tag, svg.MUTED)
        ny = first + len(lines) * LINE_H - 2
        parts.append(svg.text(x + 42, ny, note, fill=colour, **svg.ITALIC))
    about = f"{number}. {_iso(point.title)}" + (f" ({note})" if note else "")
    body = svg.el("g", svg.el("title", about) + svg.join(parts), class_=f"point {tag}".strip())
    return svg.link(href(point) if href else None, body)


def _column(entries: list[Entry], side: VersionSide, x: float, href: Href, css: str) -> tuple:
    """One version: header, point boxes, then a placeholder for the points not yet known."""
    declared = side.version.declared_points_label
    known = f"{side.known} of {declared}" if declared else str(side.known)
    parts = [svg.text(x, 22, _iso(svg.cut(side.version.label, 44)), size=15, **svg.BOLD)]
    parts.append(svg.text(x, 42, f"{known} points known", fill=svg.MUTED))
    centres: dict[int, float] = {}
    for i, (point, tag, note) in enumerate(entries):
        centres[point.pk] = TOP + i * STEP + BOX_H / 2
        parts.append(_point_box(point, x, TOP + i * STEP, tag, note, href))
    missing = "Point count not declared" if side.declared is None else ""
    if side.unknown:
        missing = f"{side.unknown} point{'s' if side.unknown != 1 else ''} not yet known"
    if missing:
        y = TOP + len(entries) * STEP
        box = svg.el("rect", x=x, y=y, width=BOX_W, height=BOX_H, rx=4, **PLACEHOLDER)
        caption = svg.text(
            x + BOX_W / 2, y + 25, missing, size=13, fill=svg.MUTED, **svg.MIDDLE, **svg.ITALIC
        )
        parts.append(svg.el("g", box + caption, class_="placeholder"))
    return svg.el("g", svg.join(parts), class_=css), centres, len(entries) + bool(missing)


def _connectors(comparison: Comparison, left: dict, right: dict, pid: str) -> SafeString:
    """One curve per older/newer pair: merged curves converge on a box, split ones diverge."""
    x1, x2, parts = LX + BOX_W, RX - 3, []
    mid = (x1 + x2) / 2
    for change in comparison.changes:
        colour, dash, _ = LINK_STYLES.get(change.kind, (svg.MUTED, "none", change.kind))
        for old in change.from_points:
            for new in change.to_points:
                y1, y2 = svg.num(left[old.pk]), svg.num(right[new.pk])
                curve = f"M{x1} {y1} C{svg.num(mid)} {y1} {svg.num(mid)} {y2} {x2} {y2}"
                tip = f"{change.kind.capitalize()}: {_iso(old.title)} → {_iso(new.title)}"
                tip += f" — {change.note}" if change.note else ""
                parts.append(
                    svg.el("path", svg.el("title", tip), class_=f"link {svg.token(change.kind)}",
                        d=curve, fill="none",
                        stroke=colour, stroke_width=2, stroke_dasharray=dash,
                        marker_end=f"url(#{pid}-arrow)")
                )  # fmt: skip
    return svg.join(parts)


def _lineage_legend(y: float) -> SafeString:
    parts, x = [], float(LX)
    for kind, (colour, dash, caption) in LINK_STYLES.items():
        line = {"stroke": colour, "stroke_width": 2, "stroke_dasharray": dash}
        parts += [svg.el("line", class_=kind, x1=x, y1=y, x2=x + 32, y2=y, **line)]
        parts += [svg.text(x + 38, y + 4, caption)]
        x += 56 + len(caption) * svg.CHAR_W
    parts.append(svg.el("rect", x=x, y=y - 7, width=24, height=14, rx=3, **UNTRACED))
    parts.append(svg.text(x + 30, y + 4, "lineage not reported"))
    return svg.el("g", svg.join(parts), class_="legend")


def lineage_svg(
    comparison: Comparison,
    *,
    older_href: Href = None,
    newer_href: Href = None,
    id_prefix: str = "lineage",
) -> SafeString:
    """The older version's points on the left, the newer's on the right, linked by lineage."""
    pid = svg.token(id_prefix) or "lineage"
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
    head = svg.el("path", d="M0 0L10 5L0 10z", fill="#444")
    size = {"markerWidth": 7, "markerHeight": 7, "viewBox": "0 0 10 10", "refX": 9, "refY": 5}
    marker = svg.el("marker", head, id=f"{pid}-arrow", orient="auto", **size)
    arrow = svg.text(svg.WIDTH / 2, 30, "→", size=22, fill=svg.MUTED, **svg.MIDDLE)
    links = _connectors(comparison, left_y, right_y, pid)
    body = svg.join([svg.el("defs", marker), left, right, arrow, links, _lineage_legend(legend_y)])
    counts = {k: sum(c.kind == k for c in comparison.changes) for k in LINEAGE_KINDS}
    said = ", ".join(f"{c} {k}" for k, c in counts.items() if c) or "no lineage recorded"
    known = "; ".join(
        f"{_iso(s.version.label)}: {s.known} of {s.version.declared_points_label or '?'} known"
        for s in (o, n)
    )
    untraced = f"{len(comparison.untraced_older)} older, {len(comparison.untraced_newer)} newer"
    desc = f"{known}. Changes: {said}. Points without reported lineage: {untraced}."
    title = f"Lineage from {_iso(o.version.label)} to {_iso(n.version.label)}"
    return svg.picture(pid, "lineage", (svg.WIDTH, legend_y + 20), title, desc, body)

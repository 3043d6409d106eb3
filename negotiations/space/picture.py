"""The negotiation-space picture: each party's stance on each option of an issue over time.

One row per (option, party) with a stance, grouped under the option's title; each stance is a
band from its date to the party's next stance on that option (or the end of the axis),
coloured and lettered by its value (A acceptable, C conditional, R unacceptable, ? unknown) so
it reads without colour. Undated stances sit in a column of their own before the axis: the
sources give them without a date. Drawn with negotiations/svg.py, which escapes every value.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import groupby

from django.utils.safestring import SafeString

from negotiations import svg
from negotiations.dates import format_precise_date

COLOURS = {
    "acceptable": "#1d6f42",
    "conditional": "#8a5a00",
    "unacceptable": "#a1262c",
    "unknown": "#8a8f96",
}
LETTERS = {"acceptable": "A", "conditional": "C", "unacceptable": "R", "unknown": "?"}
LEFT, UNDATED_W, ROW, TOP = 330, 70, 22, 40
RIGHT_PAD = 16


@dataclass(frozen=True)
class StanceMark:
    """One stance, reduced to what the picture needs."""

    option: str
    party: str
    stance: str
    date: datetime.date | None
    precision: str


def _axis(marks: Sequence[StanceMark], today: datetime.date) -> tuple[datetime.date, datetime.date]:
    dated = [mark.date for mark in marks if mark.date is not None]
    if not dated:
        return today, today
    start, end = min(dated), max(max(dated), today)
    if start == end:
        start -= datetime.timedelta(days=15)
        end += datetime.timedelta(days=15)
    return start, end


def _band(x: float, width: float, y: float, stance: str) -> SafeString:
    colour = COLOURS.get(stance, COLOURS["unknown"])
    rect = svg.el(
        "rect", x=x, y=y + 3, width=max(width, 4.0), height=ROW - 6, rx=3,
        fill=colour, fill_opacity=0.85, stroke=colour,
    )  # fmt: skip
    if width < 14:
        return rect
    letter = svg.text(
        x + 4, y + ROW - 7, LETTERS.get(stance, "?"), size=11, fill="#fff", **svg.BOLD
    )
    return svg.join([rect, letter])


def stance_picture(
    *, pid: str, title: str, marks: Sequence[StanceMark], today: datetime.date
) -> SafeString:
    """The picture of `marks` (ordered by option, party, date; undated first in each row)."""
    start, end = _axis(marks, today)
    x0 = LEFT + UNDATED_W
    span = max((end - start).days, 1)
    plot_w = svg.WIDTH - x0 - RIGHT_PAD

    def x_of(day: datetime.date) -> float:
        return x0 + (day - start).days / span * plot_w

    parts = [
        svg.text(LEFT + 4, TOP - 12, "undated", size=11, fill=svg.MUTED),
        svg.text(x0, TOP - 12, format_precise_date(start, "day"), size=11, fill=svg.MUTED),
        svg.text(
            svg.WIDTH - RIGHT_PAD, TOP - 12, format_precise_date(end, "day"), size=11,
            fill=svg.MUTED, text_anchor="end",
        ),
    ]  # fmt: skip
    y = TOP
    rows = 0
    for option, in_option in groupby(marks, key=lambda mark: mark.option):
        parts.append(svg.text(4, y + ROW - 7, svg.cut(option, 46), **svg.BOLD))
        y += ROW
        for party, in_row in groupby(in_option, key=lambda mark: mark.party):
            row = list(in_row)
            parts.append(svg.text(16, y + ROW - 7, svg.cut(party, 44), fill=svg.INK))
            parts.append(
                svg.el("line", x1=LEFT, y1=y + ROW, x2=svg.WIDTH, y2=y + ROW, stroke="#e4e4e4")
            )
            dated = [mark for mark in row if mark.date is not None]
            for mark in row:
                if mark.date is None:
                    parts.append(_band(LEFT + 4, UNDATED_W - 12, y, mark.stance))
            for index, mark in enumerate(dated):
                until = dated[index + 1].date if index + 1 < len(dated) else end
                left = x_of(mark.date)
                parts.append(_band(left, x_of(until) - left, y, mark.stance))
            y += ROW
            rows += 1
    legend_y = y + 18
    for index, (value, colour) in enumerate(COLOURS.items()):
        lx = LEFT + index * 150
        parts.append(svg.el("rect", x=lx, y=legend_y - 11, width=14, height=14, fill=colour))
        label = f"{LETTERS[value]} {value}"
        parts.append(svg.text(lx + 20, legend_y, label, size=12))
    desc = (
        f"{rows} rows, one per party and option, from {format_precise_date(start, 'day')} "
        f"to {format_precise_date(end, 'day')}; the table above gives each stance in words."
    )
    return svg.picture(pid, "picture-svg", (svg.WIDTH, legend_y + 12), title, desc, svg.join(parts))

"""Compare two consecutive versions of a framework: how each newer point derives from the older."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Q

from negotiations.models import FrameworkPoint, FrameworkVersion, PointLineage

# Words, whitespace runs and single punctuation marks: joining the tokens gives the text back.
TOKEN_RE = re.compile(r"\w+|\s+|[^\w\s]")

# Kinds grouped into one change: several older points into one newer point, and the reverse.
GROUP_BY_TO = "merged"
GROUP_BY_FROM = "split"
DIFFED_KINDS = {"reworded", "merged"}


class ComparisonError(ValueError):
    """The two versions cannot be compared."""


@dataclass(frozen=True)
class DiffOp:
    """One run of the word diff: "equal", "delete" (only in old) or "insert" (only in new)."""

    op: str
    text: str


@dataclass(frozen=True)
class Change:
    """One lineage step: older points becoming newer points, with a word diff when reworded."""

    kind: str
    from_points: list[FrameworkPoint]
    to_points: list[FrameworkPoint]
    diff: list[DiffOp] | None
    note: str


@dataclass(frozen=True)
class VersionSide:
    """One compared version and how many of its declared points the sources give."""

    version: FrameworkVersion
    declared: int | None
    known: int
    unknown: int | None


@dataclass(frozen=True)
class Comparison:
    """The lineage between an older version and the newer version that supersedes it."""

    older: VersionSide
    newer: VersionSide
    changes: list[Change]
    untraced_older: list[FrameworkPoint]
    untraced_newer: list[FrameworkPoint]


def word_diff(old: str, new: str) -> list[DiffOp]:
    """Word-level diff of `old` to `new`; equal+delete texts rebuild `old`, equal+insert `new`."""
    a, b = TOKEN_RE.findall(old), TOKEN_RE.findall(new)
    # autojunk would treat frequent tokens (spaces, "the") as junk and give odd diffs.
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    ops: list[DiffOp] = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        parts = []
        if tag in ("equal", "delete", "replace"):
            parts.append(("equal" if tag == "equal" else "delete", "".join(a[i1:i2])))
        if tag in ("insert", "replace"):
            parts.append(("insert", "".join(b[j1:j2])))
        for op, text in parts:
            if not text:
                continue
            if ops and ops[-1].op == op:
                ops[-1] = DiffOp(op=op, text=ops[-1].text + text)
            else:
                ops.append(DiffOp(op=op, text=text))
    return ops


def _point_key(point: FrameworkPoint) -> tuple:
    # Points without a number (the sources do not give it) come last.
    return (point.number is None, point.number or 0, point.title)


def _sorted(points: Iterable[FrameworkPoint]) -> list[FrameworkPoint]:
    return sorted(points, key=_point_key)


def _side(version: FrameworkVersion, known: int) -> VersionSide:
    declared = version.declared_points
    # More points recorded than declared is a data problem, not "minus n unknown points".
    unknown = None if declared is None else max(declared - known, 0)
    return VersionSide(version=version, declared=declared, known=known, unknown=unknown)


def _diff(
    kind: str, from_points: list[FrameworkPoint], to_points: list[FrameworkPoint]
) -> list[DiffOp] | None:
    if kind not in DIFFED_KINDS or not from_points or len(to_points) != 1:
        return None
    old_texts = [p.text.strip() for p in from_points]
    new_text = to_points[0].text.strip()
    # An unknown wording (even one of several merged points) would show up as invented edits.
    if not all(old_texts) or not new_text:
        return None
    return word_diff(" ".join(old_texts), new_text)


def _change(kind: str, rows: list[PointLineage], points: dict[int, FrameworkPoint]) -> Change:
    from_points = _sorted({points[r.from_point_id] for r in rows if r.from_point_id})
    to_points = _sorted({points[r.to_point_id] for r in rows if r.to_point_id})
    notes = dict.fromkeys(r.note.strip() for r in rows if r.note.strip())  # unique, in order
    return Change(
        kind=kind,
        from_points=from_points,
        to_points=to_points,
        diff=_diff(kind, from_points, to_points),
        note=" ".join(notes),
    )


def _change_key(change: Change) -> tuple:
    # Dropped changes (no newer point) sort after all others; then older point, then kind.
    last = (True, True, 0, "")
    to_key = (False, *_point_key(change.to_points[0])) if change.to_points else last
    from_key = (False, *_point_key(change.from_points[0])) if change.from_points else last
    return (to_key, from_key, change.kind)


def _check(older: FrameworkVersion, newer: FrameworkVersion) -> None:
    if older.pk == newer.pk:
        raise ComparisonError(f"Cannot compare {older.label} with itself.")
    if older.framework_id != newer.framework_id:
        raise ComparisonError(
            f"{older.label} and {newer.label} belong to different frameworks; "
            "only versions of the same framework can be compared."
        )
    if newer.supersedes_id != older.pk:
        raise ComparisonError(
            f"{newer.label} does not directly supersede {older.label}; "
            "only directly consecutive versions are compared."
        )


def version_compare(*, older: FrameworkVersion, newer: FrameworkVersion) -> Comparison:
    """Compare `older` with `newer`, the version that directly supersedes it, in two queries."""
    _check(older, newer)
    # Query 1: the points of both versions; lineage rows are resolved against this id map.
    points = {p.pk: p for p in FrameworkPoint.objects.filter(version_id__in=[older.pk, newer.pk])}
    older_points = [p for p in points.values() if p.version_id == older.pk]
    newer_points = [p for p in points.values() if p.version_id == newer.pk]
    # Query 2: only links between these two versions, so a stray link elsewhere is not shown.
    # By the point ids read above, not by joins to the points: the ends' indexes answer it,
    # where the joins read every point and every link (the cost grew with all the frameworks).
    older_ids = [p.pk for p in older_points]
    newer_ids = [p.pk for p in newer_points]
    rows = list(
        PointLineage.objects.filter(
            Q(from_point_id__in=older_ids, to_point_id__in=newer_ids)
            | Q(from_point__isnull=True, to_point_id__in=newer_ids)
            | Q(from_point_id__in=older_ids, to_point__isnull=True)
        ).order_by("pk")
    )

    groups: dict[tuple, list[PointLineage]] = {}
    for row in rows:
        if row.kind == GROUP_BY_TO:
            key = (row.kind, row.to_point_id)
        elif row.kind == GROUP_BY_FROM:
            key = (row.kind, row.from_point_id)
        else:
            key = (row.kind, row.pk)  # one change per link
        groups.setdefault(key, []).append(row)
    changes = sorted(
        (_change(kind, group, points) for (kind, _), group in groups.items()), key=_change_key
    )

    traced_from = {r.from_point_id for r in rows}
    traced_to = {r.to_point_id for r in rows}
    return Comparison(
        older=_side(older, len(older_points)),
        newer=_side(newer, len(newer_points)),
        changes=changes,
        untraced_older=_sorted(p for p in older_points if p.pk not in traced_from),
        untraced_newer=_sorted(p for p in newer_points if p.pk not in traced_to),
    )

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.utils.safestring import SafeString

from negotiations.frameworks.compare import version_compare
from negotiations.frameworks.picture import lineage_svg
from negotiations.models import FrameworkVersion
from negotiations.timeline.picture import TimelineMark, timeline_svg
from tests import factories as f

SVG = "{http://www.w3.org/2000/svg}"
D = datetime.date


def parse(svg: str) -> ET.Element:
    assert isinstance(svg, SafeString)
    return ET.fromstring(svg)  # also proves the output is well-formed XML


def classes(el: ET.Element) -> set[str]:
    return set(el.get("class", "").split())


def find(root: ET.Element, tag: str, *css: str) -> list[ET.Element]:
    return [e for e in root.iter(SVG + tag) if set(css) <= classes(e)]


def texts(root: ET.Element) -> list[str]:
    return ["".join(e.itertext()) for e in root.iter(SVG + "text")]


def parents(root: ET.Element) -> dict[ET.Element, ET.Element]:
    return {child: parent for parent in root.iter() for child in parent}


NOV_3 = D(2025, 11, 3)


def mark(label="Talks", kind="meeting", status="held", date=NOV_3, precision="day"):
    return TimelineMark(label, kind, status, date, precision, f"/{kind}s/{len(label)}/")


def mark_group(root: ET.Element, label: str) -> ET.Element:
    """The mark whose tooltip starts with `label`."""
    [group] = [g for g in find(root, "g", "mark") if g.find(SVG + "title").text.startswith(label)]
    return group


def y_of(group: ET.Element) -> float:
    shape = group.find(SVG + "circle")
    if shape is not None:
        return float(shape.get("cy"))
    rect = group.find(SVG + "rect")
    return float(rect.get("y")) + float(rect.get("height")) / 2


def test_empty_timeline_says_nothing_to_show():
    root = parse(timeline_svg([]))

    assert root.tag == SVG + "svg"
    assert texts(root) == ["Nothing to show"]
    assert not find(root, "g", "mark")


@pytest.mark.parametrize("marks", [[], [mark()], [mark(date=None, precision="unknown")]])
def test_timeline_is_an_accessible_scalable_image(marks):
    root = parse(timeline_svg(marks, id_prefix="tl"))

    # With links (every mark here has a page) it is a labelled group: an image's content would
    # hide its links from screen readers (axe: nested-interactive). Each link is named by its
    # mark's tooltip, the whole label where the caption is cut.
    assert root.get("role") == ("group" if marks else "img")
    for link in root.iter(SVG + "a"):
        assert link.find(f"{SVG}g/{SVG}title").text
    assert root.get("width") == "100%"
    assert root.get("preserveAspectRatio") == "xMinYMin meet"
    assert len(root.get("viewBox").split()) == 4
    title_id, desc_id = root.get("aria-labelledby").split()
    assert root.find(SVG + "title").get("id") == title_id == "tl-title"
    assert root.find(SVG + "desc").get("id") == desc_id == "tl-desc"
    sizes = [int(t.get("font-size")) for t in root.iter(SVG + "text")]
    assert min(sizes) >= 12


def test_ids_are_unique_per_prefix_and_the_prefix_cannot_break_out():
    a = parse(timeline_svg([mark()], id_prefix="first"))
    b = parse(timeline_svg([mark()], id_prefix="second"))
    hostile = timeline_svg([mark()], id_prefix='x" onload="alert(1)')

    ids = [{e.get("id") for e in root.iter() if e.get("id")} for root in (a, b)]
    assert ids[0] == {"first-title", "first-desc"}
    assert not ids[0] & ids[1]
    assert parse(hostile).get("onload") is None


@pytest.mark.parametrize(
    "label",
    [
        "<script>alert(1)</script>",
        "Talks & <b>dinner</b>",
        "A very long label about “peace” & <security> guarantees in Europe",
    ],
)
@pytest.mark.parametrize("date", [D(2025, 11, 3), None])
def test_timeline_labels_are_escaped(label, date):
    svg = timeline_svg([mark(label=label, date=date, precision="day" if date else "unknown")])
    root = parse(svg)

    assert "<script" not in svg
    assert "<b>" not in svg
    assert "<security>" not in svg
    assert not list(root.iter("script"))
    assert not list(root.iter(SVG + "script"))
    group = mark_group(root, label)
    assert group.find(SVG + "title").text.startswith(label)  # full label in the tooltip
    shown = "".join(group.find(SVG + "text").itertext())
    assert shown == label or (shown.endswith("…") and label.startswith(shown[:-1]))


def test_long_labels_are_truncated_with_the_full_label_in_the_title():
    label = "US–Ukraine talks in Florida on the revised framework and security guarantees"
    group = mark_group(parse(timeline_svg([mark(label=label)])), label)

    shown = group.find(SVG + "text").text
    assert shown.endswith("…")
    assert len(shown) < len(label)
    assert group.find(SVG + "title").text.startswith(label)


def test_day_is_a_circle_week_a_seven_day_bar_and_month_a_wider_bar():
    root = parse(
        timeline_svg(
            [
                mark("Day 3", kind="development", date=D(2025, 11, 3)),
                mark("Day 10", kind="development", date=D(2025, 11, 10)),
                mark("Week", date=D(2025, 11, 3), precision="week"),
                mark("Month", kind="statement", date=D(2025, 11, 17), precision="month"),
            ]
        )
    )

    day3, day10 = (mark_group(root, label).find(SVG + "circle") for label in ("Day 3", "Day 10"))
    assert day3 is not None
    assert day10 is not None
    per_day = (float(day10.get("cx")) - float(day3.get("cx"))) / 7
    assert per_day > 0
    week = mark_group(root, "Week")
    assert week.find(SVG + "circle") is None
    bar = week.find(SVG + "rect")
    assert float(bar.get("width")) == pytest.approx(7 * per_day, abs=0.2)
    # The week starts at the start of its first day, the circle sits mid-day.
    assert float(bar.get("x")) == pytest.approx(float(day3.get("cx")) - per_day / 2, abs=0.2)
    month = mark_group(root, "Month").find(SVG + "rect")
    assert float(month.get("width")) == pytest.approx(30 * per_day, abs=0.2)  # all November
    assert float(month.get("x")) < float(bar.get("x"))  # from 1 November, not the 17th


def test_meeting_statuses_look_different():
    statuses = ["held", "scheduled", "postponed", "cancelled"]
    root = parse(timeline_svg([mark(f"Round {s}", status=s) for s in statuses]))

    circles = {s: mark_group(root, f"Round {s}").find(SVG + "circle") for s in statuses}
    for status in statuses:
        assert {"mark", "meeting", status} <= classes(mark_group(root, f"Round {status}"))
    assert circles["held"].get("fill") != circles["scheduled"].get("fill") == "#fff"
    assert circles["held"].get("stroke-dasharray") == "none"
    assert circles["scheduled"].get("stroke-dasharray") != "none"
    crosses = {s: len(find(mark_group(root, f"Round {s}"), "line")) for s in statuses}
    assert crosses == {"held": 0, "scheduled": 0, "postponed": 1, "cancelled": 2}
    legend = " ".join(texts(find(root, "g", "legend")[0]))
    assert all(f"meeting {s}" in legend for s in statuses)


def test_one_labelled_lane_per_kind_present():
    root = parse(timeline_svg([mark(kind="statement", status=""), mark(kind="meeting")]))

    lanes = [e.get("class") for e in find(root, "rect", "lane")]
    assert lanes == ["lane meeting", "lane statement"]
    assert {"Meetings", "Statements"} <= set(texts(root))
    assert "Developments" not in texts(root)


def test_undated_marks_are_listed_in_order_in_the_date_not_reported_band():
    marks = [
        mark("Dated", date=D(2025, 12, 1)),
        mark("Geneva talks", date=None, precision="unknown"),
        mark("Resignation", kind="development", status="", date=None, precision="unknown"),
        mark("Florida talks", status="scheduled", date=None, precision="unknown"),
        mark("Date kept but not trusted", date=D(2025, 1, 1), precision="unknown"),
    ]
    root = parse(timeline_svg(marks))

    [band] = find(root, "g", "undated")
    assert "Date not reported" in texts(band)
    in_band = [g.find(SVG + "title").text for g in find(band, "g", "mark")]
    assert [t.split(" (")[0] for t in in_band] == [m.label for m in marks[1:]]
    assert "date not reported" in in_band[0]
    assert {"meeting", "scheduled"} <= classes(mark_group(band, "Florida talks"))
    assert mark_group(band, "Resignation").find(SVG + "circle").get("fill") == "#a8510b"
    assert mark_group(root, "Dated") not in find(band, "g", "mark")


def test_all_undated_marks_need_no_axis():
    root = parse(timeline_svg([mark(date=None, precision="unknown")]))

    assert "No entry has a reported date" in texts(root)
    assert len(find(find(root, "g", "undated")[0], "g", "mark")) == 1


def test_marks_link_to_their_pages_but_never_to_scripts():
    marks = [
        mark("Dated"),
        mark("Undated", date=None, precision="unknown"),
        TimelineMark("Bad", "meeting", "held", D(2025, 11, 4), "day", "javascript:alert(1)"),
        TimelineMark("No link", "meeting", "held", D(2025, 11, 5), "day", ""),
    ]
    root = parse(timeline_svg(marks))
    up = parents(root)

    for label in ("Dated", "Undated"):
        link = up[mark_group(root, label)]
        assert link.tag == SVG + "a"
        assert link.get("href") == f"/meetings/{len(label)}/"
    assert up[mark_group(root, "Bad")].tag != SVG + "a"
    assert up[mark_group(root, "No link")].tag != SVG + "a"
    assert [a.get("href") for a in root.iter(SVG + "a")] == ["/meetings/5/", "/meetings/7/"]


@pytest.mark.parametrize(
    ("dates", "expected"),
    [
        pytest.param([D(2025, 12, 1), D(2025, 12, 5)], {"Dec 2025", "1", "5"}, id="one-week"),
        pytest.param([D(2025, 12, 2)], {"Dec 2025", "2"}, id="one-day"),
        pytest.param([D(2025, 9, 10), D(2026, 1, 20)], {"Oct 2025", "Jan 2026"}, id="months"),
    ],
)
def test_axis_has_month_labels_and_day_ticks_on_short_ranges(dates, expected):
    root = parse(timeline_svg([mark(str(d), date=d) for d in dates]))

    assert expected <= set(texts(root))


def test_marks_that_would_collide_are_staggered():
    marks = [mark(f"Talks {i}", date=D(2025, 11, 30)) for i in range(3)]
    marks.append(mark("Elsewhere", date=D(2026, 3, 1)))
    root = parse(timeline_svg(marks))

    rows = {y_of(mark_group(root, f"Talks {i}")) for i in range(3)}
    assert len(rows) == 3
    assert y_of(mark_group(root, "Elsewhere")) == min(rows)  # far away: back on the first row


# --- Lineage --------------------------------------------------------------------------------


def version_pair(*, older_declared=28, newer_declared=19):
    older = f.FrameworkVersionFactory(declared_points=older_declared, label="Draft & <one>")
    newer = f.FrameworkVersionFactory(
        framework=older.framework, supersedes=older, declared_points=newer_declared
    )
    return older, newer


def comparison_with_every_kind():
    older, newer = version_pair()
    o = {n: f.FrameworkPointFactory(version=older, number=n, title=f"Old {n}") for n in range(1, 9)}
    n = {k: f.FrameworkPointFactory(version=newer, number=k, title=f"New {k}") for k in range(1, 8)}
    o[9] = f.FrameworkPointFactory(version=older, number=None, title="<script>alert(1)</script>")
    f.PointLineageFactory(from_point=o[1], to_point=n[1], kind="kept")
    f.PointLineageFactory(from_point=o[2], to_point=n[2], kind="reworded")
    f.PointLineageFactory(from_point=o[3], to_point=n[3], kind="merged", note="Joined & shortened")
    f.PointLineageFactory(from_point=o[4], to_point=n[3], kind="merged", note="Joined & shortened")
    f.PointLineageFactory(from_point=o[5], to_point=n[4], kind="split")
    f.PointLineageFactory(from_point=o[5], to_point=n[5], kind="split")
    f.PointLineageFactory(from_point=o[6], to_point=None, kind="dropped")
    f.PointLineageFactory(from_point=None, to_point=n[6], kind="new")
    # Untraced: older 7, 8 and the unnumbered one; newer 7.
    return version_compare(older=older, newer=newer), o, n


def column(root: ET.Element, side: str) -> ET.Element:
    [group] = find(root, "g", side)
    return group


@pytest.mark.django_db
def test_lineage_draws_one_connector_per_linked_pair_styled_by_kind():
    comparison, _, _ = comparison_with_every_kind()
    root = parse(lineage_svg(comparison))

    links = find(root, "path", "link")
    assert len(links) == 6  # kept 1, reworded 1, merged 2 (converging), split 2 (diverging)
    per_kind = {k: len(find(root, "path", "link", k)) for k in ("kept", "reworded", "merged")}
    assert per_kind == {"kept": 1, "reworded": 1, "merged": 2}
    assert len(find(root, "path", "link", "split")) == 2
    dashes = {next(iter(classes(p) - {"link"})): p.get("stroke-dasharray") for p in links}
    assert len(set(dashes.values())) == 4  # each kind its own dash pattern
    assert dashes["kept"] == "none"
    merged = find(root, "path", "link", "merged")
    assert {p.get("d").split()[-1] for p in merged} == {merged[0].get("d").split()[-1]}
    assert "Joined &amp; shortened" in lineage_svg(comparison)
    assert all(p.get("marker-end") == "url(#lineage-arrow)" for p in links)
    assert root.find(f".//{SVG}marker").get("id") == "lineage-arrow"


@pytest.mark.django_db
def test_lineage_tags_dropped_new_and_untraced_points_and_shows_placeholders():
    comparison, _, _ = comparison_with_every_kind()
    svg = lineage_svg(comparison)
    root = parse(svg)
    older, newer = column(root, "older"), column(root, "newer")

    [dropped] = find(older, "g", "point", "dropped")
    assert "dropped" in texts(dropped)
    assert "Old 6" in texts(dropped)
    assert len(find(dropped, "line")) == 2  # number divider and the strike-through
    [new] = find(newer, "g", "point", "new")
    assert "new" in texts(new)
    assert "New 6" in texts(new)
    assert len(find(older, "g", "point", "untraced")) == 3
    assert len(find(newer, "g", "point", "untraced")) == 1
    assert find(older, "g", "point", "untraced")[0].find(SVG + "rect").get("stroke-dasharray")
    assert len(find(older, "g", "point")) == 9
    assert len(find(newer, "g", "point")) == 7
    assert "—" in texts(older)  # the unnumbered point
    assert texts(find(older, "g", "placeholder")[0]) == ["19 points not yet known"]
    assert texts(find(newer, "g", "placeholder")[0]) == ["12 points not yet known"]
    assert "9 of 28 points known" in texts(older)
    assert "7 of 19 points known" in texts(newer)
    assert "<script" not in svg
    assert "&lt;script&gt;" in svg
    assert "Draft &amp; &lt;one&gt;" in svg
    legend = texts(find(root, "g", "legend")[0])
    assert {"kept", "reworded", "lineage not reported"} <= set(legend)
    assert any(t.startswith("merged") for t in legend)
    assert any(t.startswith("split") for t in legend)


@pytest.mark.django_db
def test_lineage_is_accessible_and_ids_follow_the_prefix():
    comparison, _, _ = comparison_with_every_kind()
    a = parse(lineage_svg(comparison, id_prefix="cmp-a"))
    b = parse(lineage_svg(comparison, id_prefix="cmp-b"))

    assert a.get("role") == "img"
    assert a.get("width") == "100%"
    assert a.get("aria-labelledby") == "cmp-a-title cmp-a-desc"
    ids = [{e.get("id") for e in root.iter() if e.get("id")} for root in (a, b)]
    assert ids[0] == {"cmp-a-title", "cmp-a-desc", "cmp-a-arrow"}
    assert not ids[0] & ids[1]
    assert "1 kept" in a.find(SVG + "desc").text


@pytest.mark.django_db
def test_lineage_points_link_when_given_href_callables():
    comparison, o, n = comparison_with_every_kind()
    root = parse(
        lineage_svg(
            comparison, older_href=lambda p: f"/old/{p.pk}/", newer_href=lambda p: f"/new/{p.pk}/"
        )
    )
    up = parents(root)

    for side, points in (("older", o), ("newer", n)):
        hrefs = {up[g].get("href") for g in find(column(root, side), "g", "point")}
        assert hrefs == {f"/{side[:3]}/{p.pk}/" for p in points.values()}
    assert up[find(root, "g", "placeholder")[0]].tag != SVG + "a"
    # Linked, the picture is a group whose links are named by their boxes' tooltips.
    assert root.get("role") == "group"
    for link in root.iter(SVG + "a"):
        assert link.find(f"{SVG}g/{SVG}title").text
    unlinked = parse(lineage_svg(comparison))
    assert not find(unlinked, "a")
    assert unlinked.get("role") == "img"


@pytest.mark.django_db
def test_lineage_without_declared_counts():
    older, newer = version_pair(older_declared=None, newer_declared=1)
    f.FrameworkPointFactory(version=newer)
    root = parse(lineage_svg(version_compare(older=older, newer=newer)))

    assert texts(find(column(root, "older"), "g", "placeholder")[0]) == ["Point count not declared"]
    assert not find(column(root, "newer"), "g", "placeholder")  # 1 of 1 known
    assert not find(root, "path", "link")


@pytest.mark.django_db
def test_shipped_lineage(article):
    older = FrameworkVersion.objects.get(slug="28-point-draft")
    newer = FrameworkVersion.objects.get(slug="19-point-revision")
    root = parse(lineage_svg(version_compare(older=older, newer=newer)))

    for side, missing, known in (
        ("older", "26 points not yet known", 2),
        ("newer", "18 points not yet known", 1),
    ):
        group = column(root, side)
        assert texts(find(group, "g", "placeholder")[0]) == [missing]
        assert len(find(group, "g", "point", "untraced")) == known
    assert "2 of 28 points known" in texts(root)
    assert "1 of reportedly 19 points known" in texts(root)
    assert not find(root, "path", "link")


@pytest.mark.django_db
def test_long_point_titles_wrap_between_words_instead_of_being_cut():
    title = "Joint rebuilding and operation of Ukraine’s natural gas infrastructure"
    older = f.FrameworkVersionFactory(declared_points=None)
    f.FrameworkPointFactory(version=older, title=title)
    newer = f.FrameworkVersionFactory(framework=older.framework, supersedes=older)
    shown = texts(parse(lineage_svg(version_compare(older=older, newer=newer))))
    assert "Joint rebuilding and operation of" in shown
    assert "Ukraine’s natural gas infrastructure" in shown
    assert not any(t.endswith("…") for t in shown)

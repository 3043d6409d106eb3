"""Frameworks whose versions supersede one another, with points and their lineage.

Each version after the first is derived from the one before: points are kept, reworded,
merged, split, dropped or added, and every change is a PointLineage row between the two.
"""

from negotiations import models as m
from negotiations.synthetic import text
from negotiations.synthetic.world import LOW, TODAY, World, precise, slug
from negotiations.synthetic.writer import stamp

# Chances of what happens to each point of the older version (the rest: a new point first).
OPERATIONS = (("kept", 45), ("reworded", 25), ("merged", 7), ("split", 7), ("dropped", 8))
OPERATION_NAMES = [name for name, _ in OPERATIONS] + ["new"]
OPERATION_WEIGHTS = [weight for _, weight in OPERATIONS] + [8]


def _point(world: World, version: int, number: int, title: str, body: str, day: int) -> int:
    rng = world.rng
    topics = rng.sample(world.topics, rng.randint(1, 3))
    return world.records["point"].add(
        {
            "version_id": version,
            "number": number,
            "title": title,
            "text": body,
            "status": rng.choices(m.FrameworkPoint.Status.values, (5, 3, 2, 1))[0],
            "created_at": stamp(rng, day, 0, 0),
        },
        topics=sorted(topics),
    )


def _derive(world: World, version: int, older: list[tuple[int, str, str]], day: int):
    """The newer version's points and their lineage from the older version's points."""
    rng, lineage = world.rng, world.records["lineage"]
    newer: list[tuple[int, str, str]] = []

    def add(title: str, body: str) -> int:
        pk = _point(world, version, len(newer) + 1, title, body, day)
        newer.append((pk, title, body))
        return pk

    def link(kind: str, before: int | None, after: int | None) -> None:
        note = "Reworded after objections." if kind == "reworded" and rng.random() < 0.3 else ""
        lineage.add(
            {
                "from_point_id": before,
                "to_point_id": after,
                "kind": kind,
                "note": note,
                "created_at": stamp(rng, day, 0, 0),
            }
        )

    index = 0
    while index < len(older):
        pk, title, body = older[index]
        operation = rng.choices(OPERATION_NAMES, OPERATION_WEIGHTS)[0]
        if operation == "merged" and index + 1 < len(older):
            other = older[index + 1]
            merged = add(title, f"{body} {other[2]}")
            link("merged", pk, merged)
            link("merged", other[0], merged)
            index += 2
            continue
        if operation == "new":
            party = rng.choice(world.parties)[1]
            link("new", None, add(*text.point_text(rng, text.agenda(rng), party)))
            continue
        if operation == "kept":
            link("kept", pk, add(title, body))
        elif operation == "reworded" or operation == "merged":
            link("reworded", pk, add(title, text.reword(rng, body)))
        elif operation == "split":
            link("split", pk, add(f"{title} (first part)", body))
            link("split", pk, add(f"{title} (second part)", text.reword(rng, body)))
        else:
            link("dropped", pk, None)
        index += 1
    if not newer:  # a version has at least one point
        party = rng.choice(world.parties)[1]
        link("new", None, add(*text.point_text(rng, text.agenda(rng), party)))
    return newer


def generate_frameworks(world: World) -> None:
    rng, sink = world.rng, world.sink
    frameworks = world.records["framework"] = sink.records(m.Framework)
    versions = world.records["version"] = sink.records(m.FrameworkVersion)
    links = world.records["version_meeting"] = sink.records(m.VersionMeeting)
    world.records["point"] = sink.records(m.FrameworkPoint)
    world.records["lineage"] = sink.records(m.PointLineage)
    left = world.counts["version"]
    while left > 0:
        count = min(left, rng.randint(2, 8))
        if left - count == 1:  # no framework of a single version
            count += 1
        left -= count
        author, item = rng.choice(world.parties), text.agenda(rng)
        title = f"{author[1]} framework on {item}"
        framework_pk = frameworks.main.next_id
        day = rng.randint(LOW, TODAY - 400)
        frameworks.add(
            {
                "title": title[:200],
                "slug": slug(title, framework_pk),
                "description": f"A plan put forward by {author[1]} to settle {item}.",
                "created_at": stamp(rng, day, 0, 0),
            }
        )
        previous, points = None, []
        for number in range(1, count + 1):
            day += rng.randint(10, 120)
            date, precision = precise(rng, day)
            if number < count:
                status = "superseded"
            else:
                status = rng.choice(("current", "agreed", "rejected", "draft"))
            # The version's id is known before it is written, so its points come first and
            # it can declare how many it has.
            pk = versions.main.next_id
            if points:
                points = _derive(world, pk, points, day)
            else:
                for point_number in range(1, rng.randint(20, 60) + 1):
                    party = rng.choice(world.parties)[1]
                    title_, body = text.point_text(rng, text.agenda(rng), party)
                    points.append(
                        (_point(world, pk, point_number, title_, body, day), title_, body)
                    )
            versions.add(
                {
                    "framework_id": framework_pk,
                    "label": f"Draft {number}" if number > 1 else "Initial proposal",
                    "slug": f"v{number}",
                    "declared_points": len(points) if rng.random() < 0.85 else None,
                    # Every third draft's count only reported ("reportedly 40 points").
                    "declared_points_basis": "reported" if number % 3 == 0 else "stated",
                    "summary": "",
                    "date": date,
                    "date_precision": precision,
                    "status": status,
                    "supersedes_id": previous,
                    "created_at": stamp(rng, day, 0, 0),
                },
                authors=sorted({author[0], rng.choice(world.parties)[0]}),
            )
            kinds = ("presented", "discussed")[: rng.randint(1, 2)]
            for kind in kinds:
                links.add(
                    {
                        "version_id": pk,
                        "meeting_id": world.pick("meeting"),
                        "kind": kind,
                        "created_at": stamp(rng, day, 0, 0),
                    }
                )
            previous = pk

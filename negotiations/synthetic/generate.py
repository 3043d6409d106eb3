"""Synthetic data far beyond one conflict, deterministic for a seed, written in batches.

`generate(scale=1)` writes about 200 parties, 5,000 people, 50,000 meetings, 500 framework
versions with 20,000 points, 2,000 issues with 8,000 options and 63,000 stances on them
(negotiations.synthetic.space) and 500,000 citations (see COUNTS); only ids and a few small
arrays per meeting (and names per issue and option) are kept in memory, never the rows of a
big table.
"""

import contextlib
import datetime
import random
import resource
import time
from decimal import Decimal
from typing import TextIO

from django.db import connection, transaction

from negotiations import models as m
from negotiations.services.timeline import timeline_rebuild
from negotiations.synthetic import text
from negotiations.synthetic.citations import generate_citations
from negotiations.synthetic.frameworks import generate_frameworks
from negotiations.synthetic.postgres import indexes_built_after, loaded_tables, vacuum_analyze
from negotiations.synthetic.progress import Progress
from negotiations.synthetic.space import (
    expected_options,
    expected_stances,
    generate_option_stances,
    generate_options,
    position_options,
)
from negotiations.synthetic.world import HIGH, LOW, PRECISIONS, TODAY, World, precise, slug
from negotiations.synthetic.writer import Sink, stamp

# Rows at scale 1; derived tables (delegations, members, points, lineage, options and their
# stances) follow from these.
COUNTS = {
    "party": 200,
    "person": 5_000,
    "role": 10_000,
    "place": 3_000,
    "meeting": 50_000,
    "version": 500,
    "issue": 2_000,
    "position": 20_000,
    "statement": 50_000,
    "development": 50_000,
    "source": 400,
    "citation": 500_000,
}
# Smallest counts, so that tiny scales still make a connected world.
MINIMUMS = {"party": 6, "person": 30, "place": 5, "meeting": 5, "version": 2, "source": 3}


def counts_for(scale: float) -> dict[str, int]:
    return {k: max(MINIMUMS.get(k, 1), round(v * scale)) for k, v in COUNTS.items()}


def generate_actors(world: World) -> None:
    rng, sink, counts = world.rng, world.sink, world.counts
    topics = world.records["topic"] = sink.records(m.Topic)
    for name in text.WORDS.topics:
        pk = topics.main.next_id
        topics.add({"name": name, "slug": slug(name, pk), "created_at": stamp(rng, LOW, 0, 0)})
        world.topics.append(pk)
    parties = world.records["party"] = sink.records(m.Party)
    for name, short, kind in text.party_names(rng, counts["party"]):
        pk = parties.main.next_id
        values = {"name": name, "short_name": short, "kind": kind, "slug": slug(name, pk)}
        parties.add({**values, "created_at": stamp(rng, None, LOW, HIGH)})
        world.parties.append((pk, name))
        world.party_people[pk] = []
    people = world.records["person"] = sink.records(m.Person)
    for index in range(counts["person"]):
        name, pk = text.person_name(rng), people.main.next_id
        other = [f"{name[0]}. {name.split()[-1]}"] if rng.random() < 0.2 else []
        people.add(
            {"name": name, "slug": slug(name, pk), "other_names": other}
            | {"created_at": stamp(rng, None, LOW, HIGH)}
        )
        # Everyone belongs to a party; every party has someone to send.
        party_id, party_name = world.parties[index % len(world.parties)]
        if index >= len(world.parties):
            party_id, party_name = rng.choice(world.parties)
        world.party_people[party_id].append(pk)
        world.person_party[pk] = party_name
    roles = world.records["role"] = sink.records(m.Role)
    party_of = {p: party for party, members in world.party_people.items() for p in members}
    for _ in range(counts["role"]):
        person = world.pick("person")
        start, start_precision = precise(rng, rng.randint(LOW, HIGH - 400))
        ended = rng.random() < 0.6
        end, end_precision = (None, "unknown")
        if ended and start:
            # At least a month later, so truncating to the week or month stays after the start.
            end, end_precision = precise(rng, start.toordinal() + rng.randint(31, 2_000))
        roles.add(
            {
                "person_id": None if rng.random() < 0.03 else person,
                "party_id": party_of[person],
                "title": rng.choice(text.WORDS.titles),
                "body": rng.choice(text.WORDS.bodies),
                "start_date": start,
                "start_date_precision": start_precision,
                "end_date": end,
                "end_date_precision": end_precision,
                "has_ended": ended,
                "created_at": stamp(rng, start and start.toordinal(), LOW, HIGH),
            }
        )
    places = world.records["place"] = sink.records(m.Place)
    wings = ("", "", "", "East Wing", "West Wing", "Annex", "Room B", "Garden Pavilion")
    for _ in range(counts["place"]):
        city, region, country, lat, lon = rng.choice(text.WORDS.cities)
        venue = " – ".join(filter(None, (rng.choice(text.WORDS.venues), rng.choice(wings))))
        located = rng.random() < 0.9
        pk = places.add(
            {
                "venue": venue if rng.random() < 0.95 else "",
                "locality": city,
                "region": region,
                "country_code": country,
                "latitude": Decimal(f"{lat + rng.uniform(-0.05, 0.05):.5f}") if located else None,
                "longitude": Decimal(f"{lon + rng.uniform(-0.05, 0.05):.5f}") if located else None,
                "created_at": stamp(rng, None, LOW, HIGH),
            }
        )
        world.places.append((pk, city))


def generate_meetings(world: World) -> None:
    """Meetings in processes: each process has its parties, home place and numbered rounds."""
    rng, sink = world.rng, world.sink
    meetings = world.records["meeting"] = sink.records(m.Meeting)
    names = dict(world.parties)
    left = world.counts["meeting"]
    while left > 0:
        rounds = min(left, rng.randint(3, 27))
        left -= rounds
        parties = tuple(pid for pid, _ in rng.sample(world.parties, rng.randint(2, 4)))
        world.process_parties.append(parties)
        home, city = rng.choice(world.places)
        item = text.agenda(rng)
        process = f"{city} talks on {item}"
        day = rng.randint(LOW, HIGH - 200)
        for sequence in range(1, rounds + 1):
            day += rng.randint(3, 60)
            date, precision = precise(rng, day)
            place, where = (home, city) if rng.random() < 0.8 else rng.choice(world.places)
            if day > TODAY:
                status = "scheduled" if rng.random() < 0.85 else "postponed"
            else:
                status = rng.choices(("held", "postponed", "cancelled"), (90, 5, 5))[0]
            pk = meetings.main.next_id
            title = f"{process[0].upper()}{process[1:]}, round {sequence}"
            a, b = names[parties[0]], names[parties[1]]
            on_day = precision == "day"
            characterisation = f"Both sides called the talks {rng.choice(text.WORDS.adjectives)}."
            meetings.add(
                {
                    "title": title[:200],
                    "slug": slug(title, pk),
                    "date": date,
                    "date_precision": precision,
                    "end_date": date + datetime.timedelta(days=rng.randint(1, 3))
                    if on_day and rng.random() < 0.25
                    else None,
                    "start_time": datetime.time(rng.randint(8, 18), rng.choice((0, 30)))
                    if on_day and rng.random() < 0.4
                    else None,
                    "duration_minutes": rng.randrange(30, 600, 30) if rng.random() < 0.4 else None,
                    "status": status,
                    "place_id": place if rng.random() < 0.95 else None,
                    "summary": text.meeting_sentence(rng, a, b, where, item),
                    "characterisation": characterisation if rng.random() < 0.5 else "",
                    "sequence": sequence,
                    "created_at": stamp(rng, day if day <= HIGH else None, LOW, HIGH),
                }
            )
            world.meeting_day.append(date.toordinal() if date else 0)
            world.meeting_precision.append(PRECISIONS.index(precision))
            world.meeting_process.append(len(world.process_parties) - 1)


def generate_delegations(world: World) -> None:
    rng, sink = world.rng, world.sink
    delegations = world.records["delegation"] = sink.records(m.Delegation)
    members = world.records["member"] = sink.records(m.DelegationMember)
    for index, meeting in enumerate(world.ids("meeting")):
        parties = world.process_parties[world.meeting_process[index]]
        day = world.meeting_day[index] or None
        for party in rng.sample(parties, min(len(parties), rng.choices((1, 2, 3), (2, 6, 2))[0])):
            created = stamp(rng, day, LOW, HIGH)
            delegation = delegations.add(
                {
                    "meeting_id": meeting,
                    "party_id": party,
                    "notes": "Led by a deputy minister." if rng.random() < 0.1 else "",
                    "created_at": created,
                }
            )
            pool = world.party_people[party]
            size = min(len(pool), rng.choices((1, 2, 3, 4, 5), (1, 2, 4, 2, 1))[0])
            for position, person in enumerate(rng.sample(pool, size)):
                role = "head" if position == 0 else rng.choice(("member", "member", "adviser"))
                members.add(
                    {
                        "delegation_id": delegation,
                        "person_id": person,
                        "role": role,
                        "created_at": created,
                    }
                )


def generate_issues(world: World) -> None:
    rng, sink, counts = world.rng, world.sink, world.counts
    issues = world.records["issue"] = sink.records(m.StickingIssue)
    for _ in range(counts["issue"]):
        item, (_, city) = text.agenda(rng), rng.choice(world.places)
        world.issue_items.append(item)
        title = f"{item[0].upper()}{item[1:]} ({city} track)"
        pk = issues.main.next_id
        issues.add(
            {
                "title": title,
                "slug": slug(title, pk),
                "description": f"The sides remain divided over {item}.",
                "status": rng.choices(("open", "narrowed", "resolved", "reopened"), (5, 2, 2, 1))[
                    0
                ],
                "priority": rng.choice(m.StickingIssue.Priority.values),
                "created_at": stamp(rng, None, LOW, HIGH),
            },
            related_points=sorted({world.pick("point") for _ in range(rng.randint(0, 3))}),
            related_meetings=sorted({world.pick("meeting") for _ in range(rng.randint(0, 3))}),
        )
    generate_options(world)
    positions = world.records["position"] = sink.records(m.Position)
    names = dict(world.parties)
    for _ in range(counts["position"]):
        party = rng.choice(world.parties)[0]
        on_issue = rng.random() < 0.85
        as_of, precision = precise(rng, rng.randint(LOW, HIGH))
        issue = world.pick("issue") if on_issue else None
        if issue is not None:
            world.issue_parties.setdefault(issue, set()).add(party)
        positions.add(
            {
                "party_id": party,
                "issue_id": issue,
                "point_id": None if on_issue else world.pick("point"),
                "stance": rng.choice(m.Position.Stance.values),
                "stated_position": text.stance_text(rng, names[party], text.agenda(rng)),
                "as_of": as_of,
                "as_of_precision": precision,
                "created_at": stamp(rng, as_of and as_of.toordinal(), LOW, HIGH),
            },
            options=position_options(world, issue) if issue is not None else (),
        )


def generate_events(world: World) -> None:
    rng, sink, counts = world.rng, world.sink, world.counts
    statements = world.records["statement"] = sink.records(m.Statement)
    meeting_ids = world.ids("meeting")
    for _ in range(counts["statement"]):
        person = world.pick("person")
        index = rng.randrange(len(meeting_ids)) if rng.random() < 0.7 else None
        if index is None:
            date, precision = precise(rng, rng.randint(LOW, HIGH))
        else:
            day = world.meeting_day[index]
            date, precision = day and text.day(day), PRECISIONS[world.meeting_precision[index]]
        city = rng.choice(world.places)[1]
        statements.add(
            {
                "person_id": person,
                "meeting_id": None if index is None else meeting_ids[index],
                "date": date or None,
                "date_precision": precision,
                "text": text.quote(rng, world.person_party[person], text.agenda(rng)),
                "context": f"Speaking to reporters in {city}" if rng.random() < 0.7 else "",
                "created_at": stamp(rng, date and date.toordinal(), LOW, HIGH),
            }
        )
    developments = world.records["development"] = sink.records(m.Development)
    for _ in range(counts["development"]):
        kind = rng.choice(m.Development.Kind.values)
        involved = rng.sample(world.parties, rng.randint(1, 3))
        title, summary = text.development_text(
            rng, kind, involved[0][1], rng.choice(world.places)[1]
        )
        date, precision = precise(rng, rng.randint(LOW, HIGH))
        pk = developments.main.next_id
        developments.add(
            {
                "title": title[:200],
                "slug": slug(title, pk),
                "kind": kind,
                "date": date,
                "date_precision": precision,
                "summary": summary,
                "created_at": stamp(rng, date and date.toordinal(), LOW, HIGH),
            },
            parties=sorted(pid for pid, _ in involved),
        )


def _timed(progress: Progress, label: str, work) -> None:
    progress.start(label, 1)
    work()
    progress.finish()


def generate(
    *, scale: float, seed: int, batch_size: int, stderr: TextIO, progress: Progress | None = None
) -> dict:
    """Write the synthetic world in one transaction; returns counts and timings."""
    started = time.monotonic()
    progress = progress or Progress(stderr)
    counts = counts_for(scale)
    steps = [
        (
            "parties, people, places",
            generate_actors,
            sum(counts[k] for k in ("party", "person", "role", "place")),
        ),
        ("meetings", generate_meetings, counts["meeting"]),
        ("delegations, members", generate_delegations, counts["meeting"] * 8),
        ("frameworks, points", generate_frameworks, counts["version"] * 82),
        (
            "issues, positions",
            generate_issues,
            counts["issue"] + expected_options(counts["issue"]) + counts["position"],
        ),
        ("option stances", generate_option_stances, expected_stances(counts["issue"])),
        ("statements, developments", generate_events, counts["statement"] + counts["development"]),
        ("sources, citations", generate_citations, counts["source"] + counts["citation"]),
    ]
    postgres = connection.vendor == "postgresql"
    tables = loaded_tables()
    with transaction.atomic():
        sink = Sink(
            batch_size=batch_size, reason=f"Synthetic data (seed {seed})", progress=progress
        )
        world = World(rng=random.Random(seed), sink=sink, counts=counts)
        with indexes_built_after(tables) if postgres else contextlib.nullcontext():
            for label, step, total in steps:
                progress.start(label, total)
                step(world)
                sink.flush()
                progress.finish()
            _timed(progress, "search vectors", sink.index)
            _timed(progress, "timeline", timeline_rebuild)
            progress.start("indexes, foreign keys", 1)
        progress.finish()
        sink.reset_sequences()
    if postgres:
        _timed(progress, "vacuum, analyze", lambda: vacuum_analyze(tables))
    rows = {kind: records.count for kind, records in world.records.items()}
    elapsed = time.monotonic() - started
    return {
        "rows": rows,
        "seconds": elapsed,
        "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "vendor": connection.vendor,
    }

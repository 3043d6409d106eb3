"""Sources as long texts made of sentences, and citations that quote them verbatim."""

import datetime

from negotiations import models as m
from negotiations.models.accounts import canonical
from negotiations.synthetic import text
from negotiations.synthetic.world import CITED, HIGH, LOW, PRECISIONS, World
from negotiations.synthetic.writer import stamp

# Admiralty grades as an analyst's desk gives them: most sources fairly or usually reliable, a
# quarter not yet judged (F); most excerpts probably or possibly true, a fifth not judged (6).
RELIABILITY = {"A": 2, "B": 20, "C": 35, "D": 13, "E": 5, "F": 25}
CREDIBILITY = {"1": 8, "2": 25, "3": 30, "4": 10, "5": 4, "6": 23}


def generate_citations(world: World) -> None:
    """Each source keeps its sentences in memory (a few hundred texts), to quote from."""
    rng, sink, counts = world.rng, world.sink, world.counts
    sources = world.records["source"] = sink.records(m.Source)
    party_names = [name for _, name in world.parties]
    cities = sorted({city for _, city in world.places})
    sentences: list[tuple[int, list[str]]] = []
    for _ in range(counts["source"]):
        lines = [
            text.source_sentence(rng, party_names, cities) for _ in range(rng.randint(120, 200))
        ]
        publisher, item = rng.choice(text.WORDS.publishers), text.agenda(rng)
        published = datetime.date.fromordinal(rng.randint(LOW, HIGH))
        pk = sources.main.next_id
        sources.add(
            {
                "title": f"{publisher}: negotiators at odds over {item}",
                "publisher": publisher,
                "dateline": f"{rng.choice(cities).upper()}, {published:%d %B %Y}",
                "published_date": published,
                "url": f"https://example.org/synthetic/sources/{pk}",
                "kind": rng.choice(m.Source.Kind.values),
                "reliability": rng.choices(list(RELIABILITY), list(RELIABILITY.values()))[0],
                "text": " ".join(lines),
                "created_at": stamp(rng, published.toordinal(), LOW, HIGH),
            }
        )
        sentences.append((pk, lines))
    citations = world.records["citation"] = sink.records(m.Citation)
    kinds, weights = list(CITED), list(CITED.values())
    targets = {kind: (world.records[kind].content_type.pk, world.ids(kind)) for kind in kinds}
    for _ in range(counts["citation"]):
        content_type, ids = targets[rng.choices(kinds, weights)[0]]
        source, lines = rng.choice(sentences)
        start = rng.randrange(len(lines) - 1)
        excerpt = " ".join(lines[start : start + (2 if rng.random() < 0.2 else 1)])
        confirmed = rng.random() < 0.1
        credibility = "1" if confirmed else rng.choices(list(CREDIBILITY), CREDIBILITY.values())[0]
        citations.add(
            {
                "source_id": source,
                "content_type_id": content_type,
                "object_id": rng.choice(ids),
                "excerpt": excerpt,
                "attribution": rng.choice(m.Citation.Attribution.values),
                "credibility": credibility,
                "note": "Confirmed by a second outlet." if confirmed else "",
                "created_at": stamp(rng, None, LOW, HIGH),
            }
        )
    generate_disputes(world, sentences)


# Facts that sources give differently, per thousand records: a meeting's date (usually a day
# or two apart) or duration, a position's stance. Each dispute has two to four accounts.
DISPUTED = {
    ("meeting", "date"): 20,
    ("meeting", "duration_minutes"): 15,
    ("position", "stance"): 20,
}
STANCES = ("supports", "opposes", "conditional", "unclear")


def generate_disputes(world: World, sentences: list[tuple[int, list[str]]]) -> None:
    """Competing accounts, each quoting a citation of its own from a random source; a fifth of
    the date disputes settled by accepting the account that gives the record's own date."""
    rng, sink = world.rng, world.sink
    citations = world.records["citation"]
    accounts = world.records["account"] = sink.records(m.Account)
    for (kind, field), per_thousand in DISPUTED.items():
        content_type = world.records[kind].content_type.pk
        ids = world.ids(kind)
        for pk in rng.sample(ids, min(len(ids), round(len(ids) * per_thousand / 1000))):
            values = _competing(world, kind, field, pk)
            if values is None:
                continue
            settle = field == "date" and rng.random() < 0.2
            for index, value in enumerate(values):
                source, lines = rng.choice(sentences)
                excerpt = rng.choice(lines)
                created = stamp(rng, None, LOW, HIGH)
                citation = citations.add(
                    {
                        "source_id": source,
                        "content_type_id": content_type,
                        "object_id": pk,
                        "excerpt": excerpt,
                        "attribution": rng.choice(m.Citation.Attribution.values),
                        "credibility": rng.choices(list(CREDIBILITY), CREDIBILITY.values())[0],
                        "note": "",
                        "created_at": created,
                    }
                )
                accepted = settle and index == 0  # the first gives the record's own value
                accounts.add(
                    {
                        "content_type_id": content_type,
                        "object_id": pk,
                        "field": field,
                        "value": value,
                        "value_text": canonical(value),
                        "citation_id": citation,
                        "accepted_at": created if accepted else None,
                        "accepted_reason": "Matches the official readout." if accepted else "",
                        "created_at": created,
                    }
                )


def _competing(world: World, kind: str, field: str, pk: int) -> list | None:
    """Two to four values of one fact, at least two of them different (None: no dispute)."""
    rng = world.rng
    count = rng.choices((2, 3, 4), (60, 30, 10))[0]
    if field == "date":
        index = pk - world.records["meeting"].first_id
        day, precision = world.meeting_day[index], PRECISIONS[world.meeting_precision[index]]
        if precision != "day":
            return None
        own = {"date": datetime.date.fromordinal(day).isoformat(), "precision": "day"}
        others = [
            {"date": datetime.date.fromordinal(day + shift).isoformat(), "precision": "day"}
            for shift in rng.sample((-2, -1, 1, 2), count - 1)
        ]
        return [own, *others]
    if field == "duration_minutes":
        return rng.sample(range(60, 660, 60), count)
    return rng.sample(STANCES, min(count, len(STANCES)))

"""Sources as long texts made of sentences, and citations that quote them verbatim."""

import datetime

from negotiations import models as m
from negotiations.synthetic import text
from negotiations.synthetic.world import CITED, HIGH, LOW, World
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

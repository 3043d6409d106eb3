"""The vocabulary of negotiations: names, places, agenda items and the sentences built from them.

Every function takes the generator's `random.Random`, so the same seed gives the same words.
"""

import datetime
import random
import tomllib
from collections.abc import Sequence
from pathlib import Path
from types import SimpleNamespace


def _vocabulary() -> SimpleNamespace:
    """The word lists, kept as data beside this module in vocabulary.toml: each list by its
    name (`WORDS.cities`), each row of a table (a city, a state) as a tuple."""
    lists = tomllib.loads(Path(__file__).with_name("vocabulary.toml").read_text("utf-8"))
    return SimpleNamespace(
        **{
            name: [tuple(row) if isinstance(row, list) else row for row in rows]
            for name, rows in lists.items()
        }
    )


WORDS = _vocabulary()


def person_name(rng: random.Random) -> str:
    return f"{rng.choice(WORDS.first_names)} {rng.choice(WORDS.last_names)}"


def party_names(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """`count` (name, short name, kind) triples: the states and blocs first, then movements."""
    names: list[tuple[str, str, str]] = [(n, s, "state") for n, s in WORDS.states]
    names += [(n, s, "bloc") for n, s in WORDS.blocs]
    organisations = [p.format(region=r) for r in WORDS.org_regions for p in WORDS.org_patterns]
    rng.shuffle(organisations)
    names += [(n, "", "organisation") for n in organisations]
    while len(names) < count:  # beyond the vocabulary: numbered splinter groups
        base = organisations[len(names) % len(organisations)]
        names.append((f"{base} ({len(names)})", "", "organisation"))
    return names[:count]


def agenda(rng: random.Random) -> str:
    return rng.choice(WORDS.agenda)


def _fill(rng: random.Random, templates: list[str], /, **words: str | Sequence) -> str:
    """One of `templates`, filled with `words`: a string as given, any other sequence drawn
    from (after the template, in the order given, so that a seed gives the same text)."""
    template = rng.choice(templates)
    drawn = {
        key: word if isinstance(word, str) else rng.choice(word) for key, word in words.items()
    }
    return template.format(**drawn)


def meeting_sentence(rng: random.Random, a: str, b: str, city: str, item: str) -> str:
    return _fill(rng, WORDS.meeting_sentences, a=a, b=b, city=city, item=item, adj=WORDS.adjectives)


def quote(rng: random.Random, party: str, item: str) -> str:
    return _fill(rng, WORDS.quotes, item=item, party=party, adj=WORDS.adjectives)


def stance_text(rng: random.Random, party: str, item: str) -> str:
    return _fill(rng, WORDS.stances, party=party, item=item, verb=WORDS.verbs)


def option_titles(rng: random.Random, item: str, count: int) -> list[str]:
    """`count` distinct titles of ways to settle `item`."""
    titles = [template.format(item=item) for template in rng.sample(WORDS.option_titles, count)]
    return [f"{title[0].upper()}{title[1:]}" for title in titles]


def option_condition(rng: random.Random, party: str, item: str) -> str:
    return _fill(rng, WORDS.option_conditions, party=party, item=item, n=(30, 60, 90))


def option_stance_text(rng: random.Random, stance: str, party: str, option: str) -> str:
    templates = [template for value, template in WORDS.option_stance_texts if value == stance]
    return _fill(rng, templates, party=party, option=option)


def point_text(rng: random.Random, item: str, party: str) -> tuple[str, str]:
    """A framework point's title and wording."""
    title = f"{item[0].upper()}{item[1:]}".removeprefix("The ").removeprefix("A ")
    title = title[0].upper() + title[1:]
    body = _fill(rng, WORDS.point_wordings, item=item, party=party, n=(30, 60, 90, 100, 180))
    return title, body


def reword(rng: random.Random, text: str) -> str:
    old, new = rng.choice(WORDS.rewordings)
    changed = text.replace(old, new, 1)
    return changed if changed != text else f"{text} Details remain to be agreed."


def development_text(rng: random.Random, kind: str, party: str, city: str) -> tuple[str, str]:
    titles = {
        "resignation": "{party} chief negotiator resigns",
        "attack": "Strike near {city} overshadows talks",
        "scandal": "Leaked recordings embarrass {party} delegation",
        "announcement": "{party} announces new peace initiative",
        "other": "Talks venue moved from {city}",
    }
    title = titles[kind].format(party=party, city=city)
    summary = (
        f"{title}. Observers in {city} said the news could affect {rng.choice(WORDS.agenda)}, "
        f"which both sides described as {rng.choice(WORDS.adjectives)}."
    )
    return title, summary


def source_sentence(rng: random.Random, parties: list[str], cities: list[str]) -> str:
    a, b = rng.sample(parties, 2) if len(parties) > 1 else (parties[0], parties[0])
    city, item = rng.choice(cities), rng.choice(WORDS.agenda)
    if rng.random() < 0.5:
        return meeting_sentence(rng, a, b, city, item)
    said = quote(rng, a, item)
    return f"A spokesperson for {a} said in {city}: “{said}”"


def day(ordinal: int) -> datetime.date:
    return datetime.date.fromordinal(ordinal)

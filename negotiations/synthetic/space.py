"""The negotiation space: options on each sticking issue, and parties' stances that move.

Each issue gets two to six options (their ids and titles kept per issue, for the positions that
name them and the stances' wording); each option gets stances from two to five of the parties
that hold positions on its issue (others when too few do), each party a history of one to four
stances at increasing dates that walk up and down the scale unacceptable → conditional →
acceptable, now and then to unknown.
"""

import datetime

from negotiations import models as m
from negotiations.synthetic import text
from negotiations.synthetic.world import HIGH, LOW, World, precise
from negotiations.synthetic.writer import stamp

Stance = m.OptionStance.Stance

OPTIONS_PER_ISSUE = (2, 6)
POINTS_PER_OPTION = (0, 2)
PARTIES_PER_OPTION = (2, 5)
# How many stances one party's history of one option holds, and how often.
HISTORY = {1: 30, 2: 30, 3: 25, 4: 15}
# Days between two stances of one history: over a month, so a date truncated to its week or
# month still comes after the one before (the dates of a history stay distinct).
GAP = (31, 400)
# Where a history starts; from there it moves one step along SCALE (softening more often than
# hardening), or to unknown now and then.
FIRST = {Stance.UNACCEPTABLE: 35, Stance.CONDITIONAL: 30, Stance.ACCEPTABLE: 20, Stance.UNKNOWN: 15}
SCALE = (Stance.UNACCEPTABLE, Stance.CONDITIONAL, Stance.ACCEPTABLE)
SOFTEN, TO_UNKNOWN = 0.65, 0.1
# The share of positions on an issue that name one or two of its options.
POSITIONS_WITH_OPTIONS = 0.4


def expected_options(issues: int) -> int:
    return issues * sum(OPTIONS_PER_ISSUE) // 2


def expected_stances(issues: int) -> int:
    """About how many stances `issues` issues get (for the progress meter)."""
    per_history = sum(k * w for k, w in HISTORY.items()) / sum(HISTORY.values())
    return round(expected_options(issues) * sum(PARTIES_PER_OPTION) / 2 * per_history)


def generate_options(world: World) -> None:
    """Two to six options per issue, titled after the issue's agenda item."""
    rng = world.rng
    options = world.records["option"] = world.sink.records(m.Option)
    for issue, item in zip(world.ids("issue"), world.issue_items, strict=True):
        titled = []
        for title in text.option_titles(rng, item, rng.randint(*OPTIONS_PER_ISSUE)):
            party = rng.choice(world.parties)[1]
            points = {world.pick("point") for _ in range(rng.randint(*POINTS_PER_OPTION))}
            pk = options.add(
                {
                    "issue_id": issue,
                    "title": title,
                    "description": f"One way to settle {item}, put forward by {party}.",
                    "created_at": stamp(rng, None, LOW, HIGH),
                },
                points=sorted(points),
            )
            titled.append((pk, title))
        world.issue_options.append(titled)


def position_options(world: World, issue: int) -> list[int]:
    """The options of `issue` a new position on it names: none mostly, else one or two."""
    rng = world.rng
    if rng.random() >= POSITIONS_WITH_OPTIONS:
        return []
    options = [pk for pk, _ in world.issue_options[issue - world.records["issue"].first_id]]
    return sorted(rng.sample(options, min(len(options), rng.randint(1, 2))))


def generate_option_stances(world: World) -> None:
    rng = world.rng
    stances = world.records["option_stance"] = world.sink.records(m.OptionStance)
    names = dict(world.parties)
    for issue, item, options in zip(
        world.ids("issue"), world.issue_items, world.issue_options, strict=True
    ):
        # The issue's parties: those with a position on it, and others when fewer than five.
        held = sorted(world.issue_parties.get(issue, ()))
        table = rng.sample(held, min(len(held), 8))
        while len(table) < PARTIES_PER_OPTION[1]:
            party = rng.choice(world.parties)[0]
            if party not in table:
                table.append(party)
        for option, title in options:
            for party in rng.sample(table, rng.randint(*PARTIES_PER_OPTION)):
                for values in _history(world, names[party], item, title):
                    stances.add({"option_id": option, "party_id": party, **values})


def _history(world: World, party: str, item: str, option: str) -> list[dict]:
    """One party's stances on one option, oldest first: only the first may be undated."""
    rng = world.rng
    count = rng.choices(list(HISTORY), list(HISTORY.values()))[0]
    day = rng.randint(LOW, HIGH - count * GAP[1])
    stance = rng.choices(list(FIRST), list(FIRST.values()))[0]
    rows = []
    for index in range(count):
        day += rng.randint(*GAP)
        date, precision = precise(rng, day)
        if date is None and index:
            date, precision = datetime.date.fromordinal(day), "day"
        conditional = stance == Stance.CONDITIONAL
        rows.append(
            {
                "stance": stance,
                "condition": text.option_condition(rng, party, item) if conditional else "",
                "stated_position": text.option_stance_text(rng, stance, party, option),
                "as_of": date,
                "as_of_precision": precision,
                "created_at": stamp(rng, date and date.toordinal(), LOW, HIGH),
            }
        )
        stance = _moved(world, stance)
    return rows


def _moved(world: World, stance: str) -> str:
    """The next stance of a history: always a different one."""
    rng = world.rng
    if stance == Stance.UNKNOWN:
        return rng.choice(SCALE)
    if rng.random() < TO_UNKNOWN:
        return Stance.UNKNOWN
    step = 1 if rng.random() < SOFTEN else -1
    place = SCALE.index(stance) + step
    if not 0 <= place < len(SCALE):
        place -= 2 * step
    return SCALE[place]

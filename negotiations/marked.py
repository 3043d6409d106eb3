"""A source's text cut into runs, each either plain or cited by one or more excerpts, so a page
can print the article with what the records cite marked, and link each mark to its claims.

Excerpts are verbatim (Citation.clean checks it); one that no longer occurs in the text (the text
was edited after) is left out of the marks and listed apart by the caller.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field


@dataclass
class Run:
    """A stretch of one paragraph: `cited` lists the citations whose excerpt covers it (none
    for plain text); `notes` is set on the last run of a cited passage, where its
    references are printed."""

    text: str
    cited: tuple[int, ...] = ()
    passage: int | None = None
    starts: bool = False  # the passage's first run: where a link to the passage lands
    notes: list[int] = field(default_factory=list)
    links: list[dict] = field(default_factory=list)  # the notes as the page links them


def excerpt_spans(text: str, excerpts: Iterable[tuple[int, str]]) -> dict[int, tuple[int, int]]:
    """Where each excerpt first occurs: {citation id: (start, end)}, for those found."""
    spans = {}
    for pk, excerpt in excerpts:
        if excerpt and (start := text.find(excerpt)) >= 0:
            spans[pk] = (start, start + len(excerpt))
    return spans


def marked_paragraphs(text: str, spans: dict[int, tuple[int, int]]) -> list[list[Run]]:
    """The text's paragraphs (one per line), each a list of runs. Overlapping or touching
    excerpts form one passage, numbered in reading order; the ids of its citations, in the
    order their excerpts start, are the `notes` of the passage's last run."""
    # Passages: merged intervals of the spans.
    passages: list[list] = []  # [start, end, [ids]]
    for pk, (start, end) in sorted(spans.items(), key=lambda item: (item[1], item[0])):
        if passages and start <= passages[-1][1]:
            passages[-1][1] = max(passages[-1][1], end)
            passages[-1][2].append(pk)
        else:
            passages.append([start, end, [pk]])
    # Cut points: every span edge and every line break.
    cuts = {0, len(text)}
    for start, end in spans.values():
        cuts.update((start, end))
    cuts.update(i for i, char in enumerate(text) if char == "\n")
    cuts.update(i + 1 for i, char in enumerate(text) if char == "\n")
    edges = sorted(cuts)

    # A sweep over the cut points: the excerpts covering a run start at or before it and
    # end after it, so each is added once at its start and dropped once at its end.
    opening: dict[int, list[int]] = {}
    closing: dict[int, list[int]] = {}
    for pk, (start, end) in spans.items():
        opening.setdefault(start, []).append(pk)
        closing.setdefault(end, []).append(pk)
    active: dict[int, None] = {}
    paragraphs: list[list[Run]] = [[]]
    passage_at = 0
    last_run_of: dict[int, Run] = {}
    for start, end in itertools.pairwise(edges):
        for pk in closing.get(start, ()):
            active.pop(pk, None)
        for pk in opening.get(start, ()):
            active[pk] = None
        piece = text[start:end]
        if piece == "\n":
            paragraphs.append([])
            continue
        while passage_at < len(passages) and passages[passage_at][1] <= start:
            passage_at += 1
        number = None
        if passage_at < len(passages) and passages[passage_at][0] <= start:
            number = passage_at + 1
        cited = tuple(active)
        run = Run(text=piece, cited=cited, passage=number if cited else None)
        paragraphs[-1].append(run)
        if cited:
            run.starts = number not in last_run_of
            last_run_of[number] = run
    for number, run in last_run_of.items():
        run.notes = passages[number - 1][2]
    return [paragraph for paragraph in paragraphs if paragraph]

"""Strict query strings, for the API and the HTML pages alike: a parameter a view does not take
is the client's mistake, answered with 400 and a message naming it, never silently ignored.

A misspelt filter (`?stauts=held`) would otherwise answer the whole, unfiltered list as if it
were the answer. Each side says what its views take (negotiations.api.queries from the schema,
negotiations.views.queries from the page's form) and words the answer in its own voice.
"""

from collections.abc import Iterable, Sequence
from typing import Literal

# Long enough to recognise a name, short enough that a message cannot be made huge.
MAX_SHOWN_NAME = 40


def unknown_params(given: Iterable[str], *, known: Iterable[str]) -> list[str]:
    """The names in `given` that are not `known`, in the order given."""
    known = set(known)
    return [name for name in given if name not in known]


def unknown_params_message(
    unknown: Sequence[str], *, takes: Sequence[str], voice: Literal["api", "page"]
) -> str:
    """What to answer for the `unknown` parameters of a view that `takes` these, in the order
    listed: the API's JSON detail, or a page's line of text."""
    plural = "s" if len(unknown) > 1 else ""
    if voice == "api":
        names = ", ".join(repr(name[:MAX_SHOWN_NAME]) for name in unknown)
        return f"Unknown query parameter{plural} {names}. This endpoint takes: {', '.join(takes)}."
    names = ", ".join(f"“{_shortened(name)}”" for name in unknown)
    return f"Unknown filter{plural} {names}: this page takes {', '.join(takes)}."


def _shortened(name: str) -> str:
    return name if len(name) <= MAX_SHOWN_NAME else name[:MAX_SHOWN_NAME] + "…"

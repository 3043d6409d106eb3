"""The admin in which analysts edit the records, with history and revert on every model.

One module per concern; importing them registers every model.
"""

from negotiations.admin import (
    accounts,
    actors,
    events,
    frameworks,
    issues,
    meetings,
    options,
    sources,
)
from negotiations.admin.sources import CitationAdmin

__all__ = [
    "CitationAdmin",
    "accounts",
    "actors",
    "events",
    "frameworks",
    "issues",
    "meetings",
    "options",
    "sources",
]

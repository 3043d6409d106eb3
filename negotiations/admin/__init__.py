"""The admin in which analysts edit the records, with history and revert on every model.

One module per concern; importing them registers every model.
"""

from . import actors, events, frameworks, issues, meetings, sources
from .sources import CitationAdmin

__all__ = ["CitationAdmin", "actors", "events", "frameworks", "issues", "meetings", "sources"]

"""The analysts' HTML pages, one module per concern."""

from .actors import party_detail, person_detail
from .frameworks import framework_compare, framework_detail
from .issues import issue_board, issue_detail
from .meetings import meeting_detail
from .pages import home, search, source_detail
from .timeline import timeline

__all__ = [
    "framework_compare",
    "framework_detail",
    "home",
    "issue_board",
    "issue_detail",
    "meeting_detail",
    "party_detail",
    "person_detail",
    "search",
    "source_detail",
    "timeline",
]

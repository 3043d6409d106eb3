"""The analysts' HTML pages, one module per concern."""

from .actors import party_detail, person_detail
from .calendar import meetings_ics
from .changes import changes, record_changes
from .frameworks import framework_compare, framework_detail
from .issues import issue_board, issue_detail
from .meetings import meeting_detail
from .pages import home, search, source_detail
from .timeline import timeline

__all__ = [
    "changes",
    "framework_compare",
    "framework_detail",
    "home",
    "issue_board",
    "issue_detail",
    "meeting_detail",
    "meetings_ics",
    "party_detail",
    "person_detail",
    "record_changes",
    "search",
    "source_detail",
    "timeline",
]

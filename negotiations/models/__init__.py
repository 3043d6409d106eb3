from .actors import Party, Person, Role
from .base import DatePrecision
from .events import Development, Statement
from .frameworks import (
    Framework,
    FrameworkPoint,
    FrameworkVersion,
    PointLineage,
    Topic,
    VersionMeeting,
)
from .issues import Position, StickingIssue
from .meetings import Delegation, DelegationMember, Meeting, Place
from .search import SearchDocument
from .sources import Citation, Source
from .timeline import TimelineEntry

__all__ = [
    "Citation",
    "DatePrecision",
    "Delegation",
    "DelegationMember",
    "Development",
    "Framework",
    "FrameworkPoint",
    "FrameworkVersion",
    "Meeting",
    "Party",
    "Person",
    "Place",
    "PointLineage",
    "Position",
    "Role",
    "SearchDocument",
    "Source",
    "Statement",
    "StickingIssue",
    "TimelineEntry",
    "Topic",
    "VersionMeeting",
]

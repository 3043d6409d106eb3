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
from .sources import Citation, Source

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
    "Source",
    "Statement",
    "StickingIssue",
    "Topic",
    "VersionMeeting",
]

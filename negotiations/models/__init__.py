from negotiations.models.actors import Party, Person, Role
from negotiations.models.base import DatePrecision
from negotiations.models.events import Development, Statement
from negotiations.models.frameworks import (
    Framework,
    FrameworkPoint,
    FrameworkVersion,
    PointLineage,
    Topic,
    VersionMeeting,
)
from negotiations.models.issues import Position, StickingIssue
from negotiations.models.meetings import Delegation, DelegationMember, Meeting, Place
from negotiations.models.options import Option, OptionStance
from negotiations.models.search import SearchDocument
from negotiations.models.sources import Citation, Source
from negotiations.models.timeline import (
    TimelineEntry,
    TimelineParty,
    TimelinePartySource,
    TimelineSource,
)

# isort: split
# Last, so the kinds keep their order (negotiations.models.kinds reads the app's declaration order).
from negotiations.models.accounts import Account

__all__ = [
    "Account",
    "Citation",
    "DatePrecision",
    "Delegation",
    "DelegationMember",
    "Development",
    "Framework",
    "FrameworkPoint",
    "FrameworkVersion",
    "Meeting",
    "Option",
    "OptionStance",
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
    "TimelineParty",
    "TimelinePartySource",
    "TimelineSource",
    "Topic",
    "VersionMeeting",
]

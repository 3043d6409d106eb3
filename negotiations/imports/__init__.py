"""Bulk import of meetings, people, roles, framework points and positions from CSV or JSON."""

from negotiations.imports.resources import (
    RESOURCES,
    MeetingResource,
    PersonResource,
    PointResource,
    PositionResource,
    RoleResource,
)
from negotiations.imports.service import ImportReport, RejectedRow, import_rows, load_dataset

__all__ = [
    "RESOURCES",
    "ImportReport",
    "MeetingResource",
    "PersonResource",
    "PointResource",
    "PositionResource",
    "RejectedRow",
    "RoleResource",
    "import_rows",
    "load_dataset",
]

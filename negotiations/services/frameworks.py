"""Writes of framework versions that touch more than one record."""

from django.contrib.auth.models import AbstractBaseUser

from negotiations.models import FrameworkVersion
from negotiations.services.records import record_save
from negotiations.services.scope import write_service


@write_service
def version_supersede(
    *, old: FrameworkVersion, new: FrameworkVersion, by: AbstractBaseUser | None = None
) -> FrameworkVersion:
    """Record that `new` replaces `old`: link them and mark `old` superseded, both in history."""
    old.status = FrameworkVersion.Status.SUPERSEDED
    new.supersedes = old
    for version in (old, new):
        version.full_clean()  # both checked before either is written
    record_save(record=old, by=by)
    record_save(record=new, by=by)
    return new

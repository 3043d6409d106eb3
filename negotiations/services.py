"""Writes with more than one step. Each validates before saving and runs in one transaction."""

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from .models import FrameworkVersion


@transaction.atomic
def version_supersede(
    *, old: FrameworkVersion, new: FrameworkVersion, by: AbstractBaseUser | None = None
) -> FrameworkVersion:
    """Record that `new` replaces `old`: link them and mark `old` superseded, both in history."""
    old.status = FrameworkVersion.Status.SUPERSEDED
    new.supersedes = old
    for version in (old, new):
        version.full_clean()
        version._history_user = by  # django-simple-history records this user on the change
    old.save()
    new.save()
    return new

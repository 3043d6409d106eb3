"""The write path: every change of a tracked record goes through these functions.

records.py creates, changes, deletes and reverts any record (one transaction each: revision
claim, full_clean, history user and reason, search document); delegations.py, frameworks.py and
accounts.py hold the writes of more than one record; bulk.py is the documented bulk variant for
restores and synthetic data. scope.py flags the service layer's writes, which
tests/test_write_path.py checks.
"""

from negotiations.services.accounts import account_accept, account_reopen
from negotiations.services.delegations import (
    delegation_create,
    delegation_members_check,
    delegation_set_members,
    delegation_update,
)
from negotiations.services.frameworks import version_supersede
from negotiations.services.records import (
    record_delete,
    record_revert,
    record_save,
    records_delete,
    records_set_status,
)

__all__ = [
    "account_accept",
    "account_reopen",
    "delegation_create",
    "delegation_members_check",
    "delegation_set_members",
    "delegation_update",
    "record_delete",
    "record_revert",
    "record_save",
    "records_delete",
    "records_set_status",
    "version_supersede",
]

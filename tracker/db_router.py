"""Reads from a PostgreSQL replica, writes to the primary, never a stale read of one's own write.

Active only when DATABASE_REPLICA_URL is set (see tracker/settings.py); without it Django has no
router at all. The rule, the one django-multidb-router's "pinning" popularised:

- Only a request with a safe method (GET, HEAD, OPTIONS) may read from the replica. Anything
  else (POST, PUT, PATCH, DELETE), management commands, the shell and the test suite read from
  the primary, because the replica is off by default.
- A read inside `transaction.atomic()` on the primary reads from the primary: the transaction
  may already have written, and a check-then-write (ETag, import) must see the locked row.
- After a write the client is pinned to the primary for a few seconds by a cookie, so the page a
  form redirects to shows the change even while the replica lags behind.
- Sessions, users, API tokens and the cache table are always read from the primary: logging in
  writes a session, and the next request must find it.
"""

from collections.abc import Callable, Iterator
from contextvars import ContextVar, copy_context

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.http import FileResponse, HttpRequest, HttpResponse

REPLICA_DB_ALIAS = "replica"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
PIN_COOKIE = "pin_primary"
# Longer than the replica usually lags; the cookie only costs replica offloading for that client.
PIN_SECONDS = 15
# Reading these from a lagging replica would log people out or refuse fresh tokens.
PRIMARY_ONLY_APPS = frozenset({"sessions", "auth", "authtoken", "django_cache"})

_replica_reads: ContextVar[bool] = ContextVar("replica_reads", default=False)


class PrimaryReplicaRouter:
    """Writes and migrations on `default`; reads on `replica` when the request allows it."""

    def db_for_read(self, model, **hints) -> str | None:
        if REPLICA_DB_ALIAS not in settings.DATABASES or not _replica_reads.get():
            return DEFAULT_DB_ALIAS
        if model._meta.app_label in PRIMARY_ONLY_APPS:
            return DEFAULT_DB_ALIAS
        if connections[DEFAULT_DB_ALIAS].in_atomic_block:
            return DEFAULT_DB_ALIAS
        return REPLICA_DB_ALIAS

    def db_for_write(self, model, **hints) -> str:
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints) -> bool | None:
        # Both aliases hold the same rows: a record read from one may point at one from the other.
        pair = {obj1._state.db, obj2._state.db}
        return True if pair <= {DEFAULT_DB_ALIAS, REPLICA_DB_ALIAS} else None

    def allow_migrate(self, db: str, app_label: str, model_name=None, **hints) -> bool:
        # The replica follows the primary by replication, never by its own migrations.
        return db == DEFAULT_DB_ALIAS


def replica_reads_allowed(request: HttpRequest) -> bool:
    return request.method in SAFE_METHODS and PIN_COOKIE not in request.COOKIES


class ReplicaReadsMiddleware:
    """Lets a safe, unpinned request read from the replica; pins the client after a write."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _replica_reads.set(replica_reads_allowed(request))
        try:
            response = self.get_response(request)
            streamed = response.streaming and not isinstance(response, FileResponse)
            if streamed and not response.is_async:
                # A streamed CSV reads as the server sends it, after this returns: keep its
                # reads on the database the request chose.
                response.streaming_content = _in_context(response.streaming_content)
        finally:
            _replica_reads.reset(token)
        if request.method not in SAFE_METHODS:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=PIN_SECONDS,
                secure=request.is_secure(),
                httponly=True,
                samesite="Lax",
            )
        return response


def _in_context(chunks) -> Iterator:
    """The chunks, each produced under the context of now (copied here, not at the first chunk)."""
    context = copy_context()
    iterator = iter(chunks)

    def produce() -> Iterator:
        while True:
            try:
                yield context.run(next, iterator)
            except StopIteration:
                return

    return produce()

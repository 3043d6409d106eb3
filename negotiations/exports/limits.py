"""What one anonymous client may ask of the large exports (README "Limits on the large exports").

The calendar feed and CSV downloads stream the whole of what they are asked for, so their cost
grows with the data; a Popolo page is bounded by its page size. For clients that are not signed
in (no token, no session):

- a rate per client address: `EXPORT_RATE_ANON` (30/hour) calendar feeds and CSV downloads,
  `POPOLO_RATE_ANON` (600/hour) Popolo pages, enough to walk every page at scale 1;
- one stream at a time: while one of the client's feeds or downloads is still being sent,
  another is refused, so one client never holds more than one worker thread.

Either refusal is a 429 with Retry-After. Signed-in users are not limited. The counts live in the
shared cache (Redis or the database table), so every worker and container sees the same ones;
the client address is the one the lockout uses (negotiations.security.client_ip).
"""

from collections.abc import Callable, Iterable, Iterator

from django.conf import settings
from django.core.cache import cache
from rest_framework.exceptions import Throttled
from rest_framework.throttling import SimpleRateThrottle

from negotiations.security import client_ip

# A stream's claim on its client's slot lapses after this long even if the worker never
# released it (killed mid-stream), so a client is never shut out for good.
SLOT_SECONDS = 300
# What a client whose other stream is still running is told to wait.
BUSY_RETRY_SECONDS = 10


class ExportRateThrottle(SimpleRateThrottle):
    """DRF's rate throttle for anonymous clients, by address, at the rate of a setting read on
    each request (so tests and deployments can change it)."""

    setting = "EXPORT_RATE_ANON"

    def __init__(self, setting: str | None = None):
        self.setting = setting or self.setting
        super().__init__()

    def get_rate(self) -> str | None:
        return getattr(settings, self.setting, None) or None

    def get_cache_key(self, request, view) -> str | None:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            return None  # not limited
        return f"throttle_{self.setting.lower()}_{client_ip(request) or 'unknown'}"


class Refused(Exception):
    """The client must wait `retry_after` seconds (a 429)."""

    def __init__(self, message: str, retry_after: int):
        super().__init__(message)
        self.message, self.retry_after = message, retry_after


def check_rate(request, *, setting: str = "EXPORT_RATE_ANON") -> None:
    throttle = ExportRateThrottle(setting)
    if not throttle.allow_request(request, None):
        wait = max(1, round(throttle.wait() or 1))
        raise Refused(
            f"Too many exports from this address: at most {throttle.rate} without signing in. "
            f"Try again in {wait} s, or use an API token.",
            wait,
        )


def _slot_key(request) -> str | None:
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        return None
    return f"export_stream_{client_ip(request) or 'unknown'}"


def claim_stream(request) -> Callable[[], None]:
    """Claims the client's one stream (Refused if another is being sent); returns the release."""
    key = _slot_key(request)
    if key is None:
        return lambda: None
    if not cache.add(key, 1, SLOT_SECONDS):
        raise Refused(
            "Another export to this address is still being sent: one at a time without "
            f"signing in. Try again when it has finished (in {BUSY_RETRY_SECONDS} s or so).",
            BUSY_RETRY_SECONDS,
        )
    return lambda: cache.delete(key)


def limit_stream(request, *, setting: str = "EXPORT_RATE_ANON") -> Callable[[], None]:
    """The rate, then the one-stream rule, for a feed or download about to be streamed."""
    check_rate(request, setting=setting)
    return claim_stream(request)


class Released:
    """`chunks`, releasing the client's slot when they run out or the response is closed, even
    before the first chunk (Django closes a streaming response's iterator at the end, gunicorn
    on a disconnect)."""

    def __init__(self, chunks: Iterable, release: Callable[[], None]):
        self.chunks, self.release, self.done = iter(chunks), release, False

    def __iter__(self) -> Iterator:
        return self

    def __next__(self):
        try:
            return next(self.chunks)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if not self.done:
            self.done = True
            try:
                if hasattr(self.chunks, "close"):
                    self.chunks.close()
            finally:
                self.release()


def check_api_rate(request, *, setting: str = "EXPORT_RATE_ANON") -> None:
    """check_rate() for an API view: DRF's 429 with Retry-After and {"detail": ...}."""
    try:
        check_rate(request, setting=setting)
    except Refused as refused:
        raise Throttled(wait=refused.retry_after, detail=refused.message) from None


def claim_api_stream(request) -> Callable[[], None]:
    """claim_stream() for an API view (DRF's 429)."""
    try:
        return claim_stream(request)
    except Refused as refused:
        raise Throttled(wait=refused.retry_after, detail=refused.message) from None

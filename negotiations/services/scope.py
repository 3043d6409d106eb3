"""Which service is writing now: a flag set for the length of every service call.

The write-path test (tests/test_write_path.py) reads it to prove that no tracked record is
written anywhere else. It costs one context-variable set and reset per call.
"""

import functools
from collections.abc import Callable
from contextvars import ContextVar
from typing import ParamSpec, TypeVar

from django.db import transaction

P = ParamSpec("P")
R = TypeVar("R")

_writing: ContextVar[str | None] = ContextVar("negotiations_service_writing", default=None)


def service_writing() -> str | None:
    """The name of the service whose write is under way, None outside every service."""
    return _writing.get()


def write_service(function: Callable[P, R]) -> Callable[P, R]:
    """Run `function` in one transaction, flagged as the service layer writing."""

    @functools.wraps(function)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        token = _writing.set(_writing.get() or function.__name__)
        try:
            with transaction.atomic():
                return function(*args, **kwargs)
        finally:
            _writing.reset(token)

    return wrapper

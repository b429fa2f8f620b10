"""Where the database's own errors become the core's `StoreUnavailable`, so none leaves `knotty.store`.

SQLAlchemy wraps most driver errors in `DBAPIError`, but not all of them: the hot path talks to
asyncpg and sqlite3 directly (`turn_sql`), a refused or dropped connection is an `OSError`, and a
full pool is SQLAlchemy's own `TimeoutError`. `@translates_errors` puts one `try` around every public
coroutine method of a store class, so a method added later is covered too. A constraint violation that
means something (a retried turn's key already stored, a concurrent signup) is caught inside the
method and answered there (`False`, `StaleConversation`); one that escapes is the database refusing
the statement, like any other. SQLAlchemy's remaining errors (a statement it can't compile, a session
misused) are bugs and pass through untouched.
"""

from __future__ import annotations

import functools
import inspect
import sqlite3
from collections.abc import Callable, Coroutine
from typing import Any, ParamSpec, TypeVar

import asyncpg
from sqlalchemy.exc import DBAPIError
from sqlalchemy.exc import TimeoutError as PoolTimeout

from knotty.errors import StoreBusy, StoreUnavailable

__all__ = ["DATABASE_ERRORS", "translated", "translates_errors"]

DATABASE_ERRORS: tuple[type[BaseException], ...] = (
    DBAPIError,
    PoolTimeout,
    sqlite3.Error,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    OSError,  # refused, reset and timed-out connections (TimeoutError is one)
)
"""What a database that is away, or that refuses a statement, raises through the store's drivers."""

P = ParamSpec("P")
R = TypeVar("R")
C = TypeVar("C", bound=type)


def translated(
    method: Callable[P, Coroutine[Any, Any, R]],
    errors: tuple[type[BaseException], ...] = DATABASE_ERRORS,
) -> Callable[P, Coroutine[Any, Any, R]]:
    """`method`, raising `StoreUnavailable` (from the driver's error) instead of any of `errors`
    (a database's by default; the Redis counters pass Redis's)."""
    operation = method.__qualname__

    @functools.wraps(method)
    async def call(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return await method(*args, **kwargs)
        except errors as exc:
            unavailable = StoreBusy if _busy(exc) else StoreUnavailable
            raise unavailable(operation, type(exc).__name__) from exc

    return call


_SQLITE_LOCK_CODES = frozenset({sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED})


def _busy(exc: BaseException) -> bool:
    """Whether the statement waited out another connection's lock (SQLite's BUSY or LOCKED, possibly
    under SQLAlchemy's wrapper) or the pool's wait for a connection another job held."""
    seen: BaseException | None = exc
    for _ in range(4):
        if seen is None:
            return False
        if isinstance(seen, PoolTimeout):
            return True
        if isinstance(seen, sqlite3.OperationalError):
            return (getattr(seen, "sqlite_errorcode", 0) & 0xFF) in _SQLITE_LOCK_CODES
        seen = getattr(seen, "orig", None) or seen.__cause__
    return False


def translates_errors(cls: C) -> C:
    """The class with every public coroutine method `translated`."""
    for name, member in list(vars(cls).items()):
        if not name.startswith("_") and inspect.iscoroutinefunction(member):
            setattr(cls, name, translated(member))
    return cls

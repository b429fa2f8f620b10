"""The hot path's PostgreSQL connections: at most `size` asyncpg connections, reused as they are.

asyncpg's own pool cost about 40 µs of CPU per statement here on top of the statement itself (28 µs):
a proxy object per acquire, a shielded task per release, timeouts around both. The turn's statements
need none of it: each is one autocommitted statement or one managed transaction, and none leaves
session state behind (no SET, LISTEN, cursor or session-level lock). So a connection goes back as it
is, unless it broke or is left in a transaction (then it is closed and the next turn opens another);
one left idle `idle_s` seconds is closed, so an idle process holds no connection.

When a statement has to wait for a connection to open while others are open (every one was in use), as
many more as were open are opened in the background, up to `size`: a burst that outgrows the pool finds
the next ones ready, and a process used one statement at a time keeps one connection. Opened on
demand one at a time, the benchmark's PostgreSQL opened 4 and 7 connections inside its measured 15
seconds, each costing PostgreSQL a new process (about 11 ms of its CPU) and a turn 17 ms of waiting.

Each connection plans its statements once (`plan_cache_mode = force_generic_plan`, set when it
opens). The turn's statements look rows up by key, so one plan serves every value; left to choose,
PostgreSQL planned them afresh at every execution once its tables had statistics: on a database of
100,000 earlier signups at 535 turns/s that was about 45% of PostgreSQL's CPU (0.50-0.56 of a core
against 0.26-0.29 with one plan each).
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

import asyncpg

__all__ = ["PgConnections"]


_ONE_PLAN = "SET plan_cache_mode = force_generic_plan"
"""A session setting, made when the connection opens (as a statement, not a startup parameter, so
that a connection pooler in session mode passes it on)."""


class PgConnections:
    """A minimal pool for the turn's statements (`turn_sql`)."""

    def __init__(self, dsn: str, connect_args: dict[str, Any], size: int, idle_s: float) -> None:
        self._dsn = dsn
        self._connect_args = connect_args
        self._idle_s = idle_s
        self._size = size
        self._slots: asyncio.Semaphore | None = None
        """Created in the loop that first uses it."""
        self._free: list[tuple[asyncpg.Connection, float]] = []
        """Connections not in use, with when each came back; the newest last (taken first)."""
        self._count = 0
        """Connections open or being opened: in use, free, or opened ahead (`_grow`); at most `size`."""
        self._growing: set[asyncio.Task[None]] = set()
        self._sweep: asyncio.TimerHandle | None = None
        self._closing: set[asyncio.Task[None]] = set()
        self._closed = False

    def connection(self) -> _Held:
        """`async with pool.connection() as conn:` one connection, waiting while all `size` are in use."""
        return _Held(self)

    async def _take(self) -> asyncpg.Connection:
        if self._closed:
            raise asyncpg.InterfaceError("the turn's connections are closed")
        if self._slots is None:
            self._slots = asyncio.Semaphore(self._size)
        await self._slots.acquire()
        try:
            while not self._free and self._count >= self._size and self._growing:
                # Every other connection is in use or still opening ahead: the first to open is this one's.
                await asyncio.wait(set(self._growing), return_when=asyncio.FIRST_COMPLETED)
            if self._free:
                return self._free.pop()[0]
            already = self._count  # every one of them in use (or opening): the pool is outgrown
            self._count += 1
            try:
                self._grow(already)  # as many again as were open, opened while this one opens
                return await self._open()
            except BaseException:
                self._count -= 1
                raise
        except BaseException:
            self._slots.release()
            raise

    async def _open(self) -> asyncpg.Connection:
        conn: asyncpg.Connection = await asyncpg.connect(self._dsn, **self._connect_args)
        try:
            await conn.execute(_ONE_PLAN)
        except BaseException:
            await _close_quietly(conn)
            raise
        return conn

    def _grow(self, more: int) -> None:
        """Open up to `more` connections in the background, never past `size`, for the free list."""
        loop = asyncio.get_running_loop()
        for _ in range(min(more, self._size - self._count)):
            self._count += 1
            task = loop.create_task(self._open_ahead())
            self._growing.add(task)
            task.add_done_callback(self._growing.discard)

    async def _open_ahead(self) -> None:
        try:
            conn = await self._open()
        except Exception:  # noqa: BLE001 - the next statement that needs one opens it, and says why if it cannot
            self._count -= 1
            return
        except BaseException:  # cancelled by `aclose`
            self._count -= 1
            raise
        if self._closed:
            self._close(conn)
            return
        self._free.append((conn, time.monotonic()))
        if self._sweep is None:
            self._sweep = asyncio.get_running_loop().call_later(self._idle_s, self._close_idle)

    def _give_back(self, conn: asyncpg.Connection, usable: bool) -> None:
        if self._slots is not None:
            self._slots.release()
        if conn.is_closed():
            self._count -= 1
            return
        if not usable or self._closed or conn.is_in_transaction():
            self._close(conn)
            return
        self._free.append((conn, time.monotonic()))
        if self._sweep is None:
            self._sweep = asyncio.get_running_loop().call_later(self._idle_s, self._close_idle)

    def _close_idle(self) -> None:
        self._sweep = None
        cutoff = time.monotonic() - self._idle_s
        while self._free and self._free[0][1] <= cutoff:
            self._close(self._free.pop(0)[0])
        if self._free:
            wait = self._free[0][1] + self._idle_s - time.monotonic()
            self._sweep = asyncio.get_running_loop().call_later(max(wait, 0.0), self._close_idle)

    def _close(self, conn: asyncpg.Connection) -> None:
        self._count -= 1
        task = asyncio.get_running_loop().create_task(_close_quietly(conn))
        self._closing.add(task)
        task.add_done_callback(self._closing.discard)

    async def aclose(self) -> None:
        """Close every connection not in use (one in use is closed when it comes back)."""
        self._closed = True
        for task in list(self._growing):
            task.cancel()
        if self._growing:
            await asyncio.gather(*self._growing, return_exceptions=True)
        if self._sweep is not None:
            self._sweep.cancel()
            self._sweep = None
        free, self._free = self._free, []
        for conn, _since in free:
            self._count -= 1
            await _close_quietly(conn)
        if self._closing:
            await asyncio.gather(*self._closing, return_exceptions=True)


class _Held:
    """One connection held for an `async with` block."""

    __slots__ = ("_conn", "_pool")

    def __init__(self, pool: PgConnections) -> None:
        self._pool = pool
        self._conn: asyncpg.Connection | None = None

    async def __aenter__(self) -> asyncpg.Connection:
        self._conn = await self._pool._take()
        return self._conn

    async def __aexit__(
        self, kind: type[BaseException] | None, error: BaseException | None, _tb: Any
    ) -> None:
        conn, self._conn = self._conn, None
        if conn is not None:
            # A statement the server refused leaves the connection as good as it was; anything else
            # (a dropped connection, a cancelled round trip) may have left it mid-protocol.
            self._pool._give_back(conn, usable=kind is None or isinstance(error, asyncpg.PostgresError))


async def _close_quietly(conn: asyncpg.Connection) -> None:
    try:
        await conn.close(timeout=5)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, TimeoutError):
        conn.terminate()

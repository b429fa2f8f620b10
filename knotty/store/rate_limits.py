"""Rate-limit counters in the database every process and machine shares (table `rate_limit_hits`).

A limit is `limit` hits per key in any `window_s` seconds. Each key counts its hits per fixed window
(epoch-aligned, so every instance agrees on the windows without talking to the others) and the
sliding window is estimated from two of them: this window's hits plus the previous window's, weighted
by the share of it still within `window_s` of now. Taking a hit is one statement, one round trip on
PostgreSQL: a multi-row upsert that adds one to each key's counter and returns the new counts with
the previous windows'. When any estimate passes its limit the hit is refused and its increments are
taken back (a second statement, on the refusal path only), so a refused hit counts against nothing,
as with the old in-memory limits.

The statement runs on the hot path's own driver connection where the store has one (asyncpg's pool,
aiosqlite's thread: see `turn_sql`), else through SQLAlchemy Core (Supabase's pooler, in-memory SQLite).
Keys are written in one order so two concurrent upserts never deadlock on PostgreSQL. Keys too long
for the column or holding a NUL are stored as their hash, so no key can make the statement fail.
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import text

from knotty.store.boundary import translates_errors
from knotty.store.turn_sql import PostgresTurnSql, SqliteTurnSql

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncEngine

    from knotty.store.turn_sql import TurnSql

__all__ = ["Hit", "SharedCounters", "storable_key"]

MAX_KEY = 200
"""The `key` column's length."""


@dataclass(frozen=True)
class Hit:
    """One hit to count: at most `limit` per `key` in any fixed window of `window_s` seconds."""

    key: str
    limit: int
    window_s: int


def storable_key(key: str) -> str:
    """The key as stored: itself, or `kind:sha256` when it is too long for the column or holds a NUL."""
    if len(key) <= MAX_KEY and "\x00" not in key:
        return key
    kind = key.split(":", 1)[0][:40].replace("\x00", "")
    return f"{kind}:#{hashlib.sha256(key.encode('utf-8', 'surrogatepass')).hexdigest()}"


def _values(rows: int, style: str) -> str:
    values = []
    for i in range(rows):
        if style == "qmark":
            values.append("(?, ?, ?, 1)")
        elif style == "numeric":
            values.append(f"(${4 * i + 1}, ${4 * i + 2}::bigint, ${4 * i + 3}::bigint, ${4 * i + 4}::bigint)")
        else:
            values.append(f"(:k{i}, :w{i}, :e{i}, 1)")
    return ", ".join(values)


_ON_CONFLICT = (
    " ON CONFLICT (key, window_start) DO UPDATE SET hits = rate_limit_hits.hits + 1 RETURNING key, hits"
)


def _upsert(rows: int, style: str) -> str:
    """Add one to each key's counter in its current window; returns (key, hits)."""
    return (  # only placeholders are joined in; the values are bound
        "INSERT INTO rate_limit_hits (key, window_start, expires_at, hits) VALUES "  # noqa: S608
        + _values(rows, style)
        + _ON_CONFLICT
    )


def _pg_take(rows: int) -> str:
    """PostgreSQL: the upsert and the previous windows' counts in one statement; returns (key, hits, previous)."""
    return (  # only placeholders are joined in; the values are bound
        f"WITH v (key, window_start, expires_at, prev_start) AS (VALUES {_values(rows, 'numeric')}), "  # noqa: S608
        "up AS (INSERT INTO rate_limit_hits (key, window_start, expires_at, hits) "
        "SELECT key, window_start, expires_at, 1 FROM v ORDER BY key" + _ON_CONFLICT + ") "
        "SELECT up.key, up.hits, COALESCE(p.hits, 0) FROM up JOIN v ON v.key = up.key "
        "LEFT JOIN rate_limit_hits p ON p.key = v.key AND p.window_start = v.prev_start"
    )


_UNDO = {
    "qmark": "UPDATE rate_limit_hits SET hits = hits - 1 WHERE key = ? AND window_start = ? AND hits > 0",
    "numeric": "UPDATE rate_limit_hits SET hits = hits - 1 WHERE key = $1 AND window_start = $2::bigint AND hits > 0",
    "named": "UPDATE rate_limit_hits SET hits = hits - 1 WHERE key = :k AND window_start = :w AND hits > 0",
}
_PEEK = {
    "qmark": "SELECT hits FROM rate_limit_hits WHERE key = ? AND window_start = ?",
    "named": "SELECT hits FROM rate_limit_hits WHERE key = :k AND window_start = :w",
}
_PEEK_BOTH = {
    "qmark": "SELECT window_start, hits FROM rate_limit_hits WHERE key = ? AND window_start IN (?, ?)",
    "numeric": "SELECT window_start, hits FROM rate_limit_hits WHERE key = $1 AND window_start IN ($2::bigint, $3::bigint)",
    "named": "SELECT window_start, hits FROM rate_limit_hits WHERE key = :k AND window_start IN (:w, :p)",
}


@dataclass(frozen=True)
class _Row:
    key: str
    start: int
    hit: Hit

    @property
    def prev_start(self) -> int:
        return self.start - self.hit.window_s

    @property
    def expires_at(self) -> int:
        """The row counts in its own window and, weighted, in the next one."""
        return self.start + 2 * self.hit.window_s


def _estimate(prev: int, hits: int, elapsed: float, window_s: int) -> float:
    """Hits in the sliding window ending now: this window's, plus the previous one's share still inside it."""
    return prev * max(0.0, 1.0 - elapsed / window_s) + hits


@translates_errors
class SharedCounters:
    """Take, peek at and prune the shared rate-limit counters of one database.

    Every method raises `StoreUnavailable` when the database is away (`boundary`): the callers fall
    back to counting in the process.
    """

    def __init__(
        self, engine: AsyncEngine, turns: TurnSql | None = None, clock: Callable[[], float] = time.time
    ) -> None:
        self.engine = engine
        self._clock = clock
        self._pg = turns if isinstance(turns, PostgresTurnSql) else None
        self._sqlite = turns if isinstance(turns, SqliteTurnSql) else None
        # Core path: autocommit on PostgreSQL (no BEGIN/COMMIT round trips around one statement).
        self._core = (
            engine
            if engine.dialect.name == "sqlite"
            else engine.execution_options(isolation_level="AUTOCOMMIT")
        )

    def _rows(self, hits: Sequence[Hit], now: float) -> list[_Row]:
        rows = {}
        for hit in hits:
            key = storable_key(hit.key)
            rows[key] = _Row(key, int(now // hit.window_s) * hit.window_s, hit)
        return [rows[key] for key in sorted(rows)]

    async def take(self, hits: Sequence[Hit]) -> float:
        """Count one hit on every key when all are within their limits; else the seconds to wait (nothing counted).

        A key's count is its sliding-window estimate: this window's hits plus the previous window's,
        weighted by how much of it still lies within `window_s` of now (so a burst across a window's
        edge is not let through twice).
        """
        now = self._clock()
        rows = self._rows(hits, now)
        if not rows:
            return 0.0
        counts = {key: (int(h), int(p)) for key, h, p in await self._upsert(rows)}
        waits = []
        for row in rows:
            hits_now, prev = counts.get(row.key, (0, 0))
            elapsed, window_s, limit = now - row.start, row.hit.window_s, row.hit.limit
            if _estimate(prev, hits_now, elapsed, window_s) > limit:
                waits.append(_wait(prev, hits_now - 1, elapsed, window_s, limit))
        if not waits:
            return 0.0
        await self._undo([(row.key, row.start) for row in rows])
        return max(waits)

    async def give_back(self, hits: Sequence[Hit]) -> None:
        """Take back one hit of each key in its current window (never below zero): counted for
        something that then did not happen (a text's allowance spent by a turn that lost)."""
        rows = self._rows(hits, self._clock())
        if rows:
            await self._undo([(row.key, row.start) for row in rows])

    async def peek(self, hit: Hit) -> float:
        """Seconds until `hit.key` may hit again (0 when it may now); counts nothing."""
        now = self._clock()
        (row,) = self._rows([hit], now)
        hits_now, prev = await self._counts(row)
        elapsed = now - row.start
        if _estimate(prev, hits_now, elapsed, hit.window_s) + 1 <= hit.limit:
            return 0.0
        return _wait(prev, hits_now, elapsed, hit.window_s, hit.limit)

    async def prune(self) -> int:
        """Delete the counters no window counts any more; returns how many went."""
        async with self.engine.begin() as conn:
            res = await conn.execute(
                text("DELETE FROM rate_limit_hits WHERE expires_at <= :now"), {"now": int(self._clock())}
            )
            return int(res.rowcount or 0)

    # --- one statement (one round trip) each, on the fastest connection the store has ----------

    async def _upsert(self, rows: list[_Row]) -> list[tuple[str, int, int]]:
        if self._pg is not None:
            args = [value for r in rows for value in (r.key, r.start, r.expires_at, r.prev_start)]
            return [(r[0], r[1], r[2]) for r in await self._pg.fetch(_pg_take(len(rows)), *args)]
        plain = [(r.key, r.start, r.expires_at, r.prev_start) for r in rows]
        if self._sqlite is not None:
            result: list[tuple[str, int, int]] = await self._sqlite.run(
                _sqlite_take, _upsert(len(rows), "qmark"), plain
            )
            return result
        params = {
            f"{name}{i}": value for i, r in enumerate(plain) for name, value in zip("kwe", r[:3], strict=True)
        }
        async with self._core.begin() as conn:
            counts: dict[str, int] = dict(
                (await conn.execute(text(_upsert(len(rows), "named")), params)).all()
            )
            out = []
            for row in rows:
                prev = (
                    await conn.execute(text(_PEEK["named"]), {"k": row.key, "w": row.prev_start})
                ).scalar()
                out.append((row.key, int(counts[row.key]), int(prev or 0)))
            return out

    async def _undo(self, keys: list[tuple[str, int]]) -> None:
        if self._pg is not None:
            for key, start in keys:
                await self._pg.fetch(_UNDO["numeric"], key, start)
        elif self._sqlite is not None:
            await self._sqlite.run(_sqlite_many, _UNDO["qmark"], keys)
        else:
            async with self._core.begin() as conn:
                for key, start in keys:
                    await conn.execute(text(_UNDO["named"]), {"k": key, "w": start})

    async def _counts(self, row: _Row) -> tuple[int, int]:
        """(this window's hits, the previous window's) of one key."""
        if self._pg is not None:
            found: Sequence[Any] = await self._pg.fetch(
                _PEEK_BOTH["numeric"], row.key, row.start, row.prev_start
            )
        elif self._sqlite is not None:
            found = await self._sqlite.run(
                _sqlite_rows, _PEEK_BOTH["qmark"], (row.key, row.start, row.prev_start)
            )
        else:
            async with self._core.connect() as conn:
                params = {"k": row.key, "w": row.start, "p": row.prev_start}
                found = (await conn.execute(text(_PEEK_BOTH["named"]), params)).all()
        by_start = {int(start): int(hits) for start, hits in found}
        return by_start.get(row.start, 0), by_start.get(row.prev_start, 0)


def _wait(prev: int, hits: int, elapsed: float, window_s: int, limit: int) -> float:
    """Seconds until one more hit fits: the previous window's share must shrink enough, or this window end."""
    room = limit - 1 - hits
    if prev > 0 and room >= 0:
        # prev * (1 - (elapsed + t) / window_s) <= room
        return max(0.0, window_s * (1.0 - room / prev) - elapsed)
    # This window alone is full: it ends, then its own hits weigh on the next one until they shrink.
    return max(0.0, window_s - elapsed) + window_s * max(0.0, 1.0 - (limit - 1) / max(hits, 1))


def _sqlite_take(
    conn: sqlite3.Connection, sql: str, rows: list[tuple[str, int, int, int]]
) -> list[tuple[str, int, int]]:
    """The upsert, then each key's previous window, in one hop to aiosqlite's thread and one transaction."""
    try:
        counts = dict(conn.execute(sql, [value for row in rows for value in row[:3]]).fetchall())
        result = []
        for key, _start, _expires, prev_start in rows:
            prev = conn.execute(_PEEK["qmark"], (key, prev_start)).fetchone()
            result.append((key, int(counts[key]), int(prev[0]) if prev else 0))
        conn.commit()
        return result
    except BaseException:
        conn.rollback()
        raise


def _sqlite_rows(conn: sqlite3.Connection, sql: str, args: tuple[Any, ...]) -> list[tuple[Any, ...]]:
    return list(conn.execute(sql, args).fetchall())


def _sqlite_many(conn: sqlite3.Connection, sql: str, rows: list[tuple[Any, ...]]) -> None:
    try:
        conn.executemany(sql, rows)
        conn.commit()
    except BaseException:
        conn.rollback()
        raise

"""The hot path's own PostgreSQL connections: reused as they are, never more than asked for, a broken or
cancelled one never handed out again, idle ones let go, the server's refusals leave them usable, and
each statement planned once."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator
from pathlib import Path

import asyncpg
import pytest

from knotty.store.pg_connections import PgConnections
from tests.conftest import new_database_url
from tests.support.postgres import PostgresCluster


@pytest.fixture
async def dsn(tmp_path: Path, pg_cluster: PostgresCluster | None, pg_template: str | None) -> str:
    url = await new_database_url("postgres", tmp_path, pg_cluster, pg_template)
    return url.replace("+asyncpg", "")


@pytest.fixture
async def pool(dsn: str) -> AsyncIterator[PgConnections]:
    connections = PgConnections(dsn, {}, size=2, idle_s=0.3)
    yield connections
    await connections.aclose()


async def _backend(pool: PgConnections) -> int:
    async with pool.connection() as conn:
        pid: int = await conn.fetchval("SELECT pg_backend_pid()")
        return pid


async def test_one_connection_serves_statement_after_statement(pool: PgConnections) -> None:
    assert len({await _backend(pool) for _ in range(5)}) == 1


async def test_never_more_connections_than_its_size(pool: PgConnections) -> None:
    held = 0
    most = 0

    async def hold() -> int:
        nonlocal held, most
        async with pool.connection() as conn:
            held += 1
            most = max(most, held)
            pid: int = await conn.fetchval("SELECT pg_backend_pid() FROM pg_sleep(0.05)")
            held -= 1
            return pid

    pids = await asyncio.gather(*(hold() for _ in range(6)))
    assert most == 2 and len(set(pids)) == 2


async def test_a_refused_statement_leaves_the_connection_usable(pool: PgConnections) -> None:
    first = await _backend(pool)
    with pytest.raises(asyncpg.UndefinedTableError):
        async with pool.connection() as conn:
            await conn.fetch("SELECT * FROM no_such_table")
    assert await _backend(pool) == first


async def test_a_connection_left_in_a_transaction_or_cut_off_is_not_handed_out_again(
    pool: PgConnections,
) -> None:
    first = await _backend(pool)
    async with pool.connection() as conn:
        await conn.execute("BEGIN")
    second = await _backend(pool)
    assert second != first
    with contextlib.suppress(TimeoutError):
        async with asyncio.timeout(0.05), pool.connection() as conn:
            await conn.fetch("SELECT pg_sleep(1)")
    assert await _backend(pool) not in (first, second)


async def test_idle_connections_are_let_go(pool: PgConnections, dsn: str) -> None:
    pid = await _backend(pool)
    await asyncio.sleep(0.8)
    watcher = await asyncpg.connect(dsn)
    try:
        alive = await watcher.fetchval("SELECT count(*) FROM pg_stat_activity WHERE pid = $1", pid)
    finally:
        await watcher.close()
    assert alive == 0
    assert await _backend(pool) != pid, "a new connection is opened when needed"


async def test_after_closing_no_connection_is_opened(pool: PgConnections) -> None:
    await _backend(pool)
    await pool.aclose()
    with pytest.raises(asyncpg.InterfaceError):
        await _backend(pool)


async def test_a_statement_is_planned_once_not_at_every_execution(pool: PgConnections) -> None:
    """PostgreSQL plans a prepared statement afresh at each of its first five executions, and after
    them whenever the one plan looks dearer than planning for the values: on tables with statistics
    it kept planning the turn's statements every time (45% of its CPU at 535 turns/s). Every
    connection of the pool plans each statement once."""
    lookup = "SELECT count(*) FROM waitlist_entries WHERE phone = $1 OR email = $2"
    async with pool.connection() as conn:
        for k in range(8):
            await conn.fetchval(lookup, f"+1303555{k:04d}", f"p{k}@example.org")
        [(generic, custom)] = await conn.fetch(
            "SELECT generic_plans, custom_plans FROM pg_prepared_statements WHERE statement = $1", lookup
        )
    assert (generic, custom) == (8, 0)


async def _burst(pool: PgConnections, n: int) -> set[int]:
    """`n` statements at once, each holding its connection a moment: the backends that served them."""

    async def hold() -> int:
        async with pool.connection() as conn:
            pid: int = await conn.fetchval("SELECT pg_backend_pid() FROM pg_sleep(0.05)")
            return pid

    return set(await asyncio.gather(*(hold() for _ in range(n))))


async def _open_backends(dsn: str) -> set[int]:
    """The server processes connected to the test's database, but the one asking."""
    watcher = await asyncpg.connect(dsn)
    try:
        rows = await watcher.fetch(
            "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
        )
    finally:
        await watcher.close()
    return {row["pid"] for row in rows}


async def test_a_burst_that_outgrows_the_pool_finds_the_next_connections_open(dsn: str) -> None:
    """A burst of turns larger than any before had each of its new statements wait for its own connection
    to open (a PostgreSQL process, a login: 17 ms of a turn under the benchmark). Once the pool is
    outgrown, as many more as were open are opened in the background: the next, larger burst finds them
    open, and the pool never holds more than its size."""
    pool = PgConnections(dsn, {}, size=6, idle_s=30)
    try:
        await _burst(pool, 2)  # the second statement outgrows the one connection
        await asyncio.sleep(0.5)
        before = await _open_backends(dsn)
        served = await _burst(pool, 3)
        assert served <= before, f"{len(served - before)} of the burst's 3 connections opened during it"
        await _burst(pool, 12)
        await asyncio.sleep(0.5)
        assert len(await _open_backends(dsn)) == 6
    finally:
        await pool.aclose()

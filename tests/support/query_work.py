"""How much work a database does for one statement, counted, not timed: a read that stays the same
beside thousands of other rows uses an index, one that grows reads the table."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["pg_rows_read", "rows_touched", "sqlite_steps", "statement_work", "statements_sent", "write_keys"]

Sent = list[tuple[str, tuple[object, ...]]]


def statements_sent(engine: AsyncEngine) -> Sent:
    """Every statement `engine` sends from now on, with its parameters as the driver gets them: the
    statements a store really runs, to be run again on their own and counted."""
    sent: Sent = []

    def record(_c: object, _cur: object, statement: str, parameters: tuple[object, ...], *_: object) -> None:
        sent.append((statement, parameters))

    event.listen(engine.sync_engine, "before_cursor_execute", record)
    return sent


def sqlite_steps(conn: sqlite3.Connection, read: Callable[[], object]) -> int:
    """How many steps SQLite's virtual machine took for `read()`: its work, whatever the machine's speed."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    conn.set_progress_handler(count, 1)
    try:
        read()
    finally:
        conn.set_progress_handler(None, 1)
    return steps[0]


def rows_touched(node: dict[str, Any]) -> int:
    """The rows a plan node of `EXPLAIN (ANALYZE, FORMAT JSON)` and those below it returned or filtered out."""
    here = (node.get("Actual Rows", 0) + node.get("Rows Removed by Filter", 0)) * node.get("Actual Loops", 1)
    return int(here) + sum(rows_touched(child) for child in node.get("Plans", []))


async def pg_rows_read(conn: asyncpg.Connection, statement: str, *args: object) -> int:
    """The rows PostgreSQL's plan for `statement` touched (returned or filtered out, every node)."""
    plan = json.loads(await conn.fetchval(f"EXPLAIN (ANALYZE, FORMAT JSON) {statement}", *args))
    return rows_touched(plan[0]["Plan"])


async def statement_work(database_url: str, statement: str, args: Sequence[object]) -> int:
    """The database's work for `statement` (as a store sent it): SQLite's steps, or the rows
    PostgreSQL's plan touched. A statement that writes is rolled back on SQLite; on PostgreSQL it runs."""
    if database_url.startswith("sqlite"):
        conn = sqlite3.connect(database_url.partition(":///")[2])
        try:
            return sqlite_steps(conn, lambda: conn.execute(statement, tuple(args)).fetchall())
        finally:
            conn.rollback()
            conn.close()
    pg = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        return await pg_rows_read(pg, statement, *args)
    finally:
        await pg.close()


async def write_keys(database_url: str, keys: Sequence[tuple[str, datetime]]) -> None:
    """Idempotency keys as earlier turns left them, written straight to the database (thousands in a
    moment), so that a statement's work can be counted beside them; PostgreSQL's statistics follow."""
    if database_url.startswith("sqlite"):
        conn = sqlite3.connect(database_url.partition(":///")[2])
        try:
            conn.executemany(
                "INSERT INTO processed_turns VALUES (?, 'c', '{}', ?)",
                [(key, at.strftime("%Y-%m-%d %H:%M:%S.%f")) for key, at in keys],  # as SQLAlchemy writes it
            )
            conn.commit()
        finally:
            conn.close()
        return
    pg = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        await pg.executemany("INSERT INTO processed_turns VALUES ($1, 'c', '{}', $2)", keys)
        await pg.execute("ANALYZE processed_turns")
    finally:
        await pg.close()

"""How much work a database does for one statement, counted, not timed: a read that stays the same
beside thousands of other rows uses an index, one that grows reads the table."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from typing import Any

import asyncpg
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

__all__ = ["pg_rows_read", "rows_touched", "sqlite_steps", "statements_sent"]

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

"""Knotty's PostgreSQL functions answer only Knotty (migrations 0013-0014, `migrations.server_functions`).

PostgreSQL lets every role execute a new function, and Supabase grants its public API roles (`anon`,
`authenticated`) every function created in the `public` schema, and exposes them over its REST API.
The tables' row-level security would hide the rows from such a caller, but the functions take the
texts' lock: a stranger with the site's public key could take it in a loop and hold up every text.
This database is set up as Supabase's is before Knotty's migrations run.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta

import asyncpg
import pytest

from app.migrate import migrate_async
from tests.support.postgres import PostgresCluster

CALLS = {
    "knotty_claim_texts": "SELECT * FROM knotty_claim_texts($1, 5, $2, $2, $2, 5, $2)",
    "knotty_reserve_handoff": "SELECT knotty_reserve_handoff('c1', $1, 'help', $2, $2, 5, $2)",
    "knotty_hold_number_text": "SELECT knotty_hold_number_text($1, 1, $2)",
}

_SUPABASE_ROLES = """DO $$ BEGIN
    CREATE ROLE anon NOLOGIN;
    EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
DO $$ BEGIN
    CREATE ROLE authenticated NOLOGIN;
    EXCEPTION WHEN duplicate_object THEN NULL;
END $$;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON TABLES TO anon, authenticated;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON SEQUENCES TO anon, authenticated;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT ALL ON FUNCTIONS TO anon, authenticated;
GRANT USAGE ON SCHEMA public TO anon, authenticated;"""
"""What Supabase does to a new project's database: its API roles, granted every new table and function
(row-level security, migration 0001, then hides the tables' rows from them)."""


@pytest.fixture
async def supabase_like(pg_cluster: PostgresCluster | None) -> str:
    """A database prepared as Supabase prepares one, then migrated; the asyncpg DSN of it."""
    if pg_cluster is None:
        pytest.skip("PostgreSQL disabled by KNOTTY_TEST_SKIP_POSTGRES=1")
    name = f"knotty_supabase_{os.getpid()}"
    admin = await asyncpg.connect(pg_cluster.url().replace("+asyncpg", ""))
    try:
        await admin.execute(f'DROP DATABASE IF EXISTS "{name}"')
        await admin.execute(f'CREATE DATABASE "{name}"')
    finally:
        await admin.close()
    dsn = pg_cluster.url(name).replace("+asyncpg", "")
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(_SUPABASE_ROLES)
    finally:
        await conn.close()
    await migrate_async(pg_cluster.url(name))
    return dsn


async def test_the_public_api_roles_cannot_call_knottys_functions(supabase_like: str) -> None:
    conn = await asyncpg.connect(supabase_like)
    now = datetime.now(UTC)
    refused = []
    try:
        for role in ("anon", "authenticated"):
            for function, call in CALLS.items():
                if not await conn.fetchval(
                    "SELECT has_function_privilege($1, $2::regproc::oid, 'EXECUTE')", role, function
                ):
                    refused.append((role, function))
                await conn.execute(f"SET ROLE {role}")
                with pytest.raises(asyncpg.InsufficientPrivilegeError):
                    await conn.fetch(call, "+14155550100", now)
                await conn.execute("RESET ROLE")
        for call in CALLS.values():
            await conn.fetch(call, "+14155550100", now - timedelta(hours=1))  # Knotty itself still may
    finally:
        await conn.close()
    assert len(refused) == 2 * len(CALLS)


async def test_the_acceptance_function_no_turn_calls_is_gone(supabase_like: str) -> None:
    """`knotty_accept_text` (0012) accepted a text before its turn was written; texts are accepted by
    the turn's own write now, and the function, which still took the texts' lock, is dropped (0017)."""
    conn = await asyncpg.connect(supabase_like)
    try:
        assert await conn.fetchval("SELECT to_regproc('knotty_accept_text')") is None
        assert await conn.fetchval("SELECT to_regproc('knotty_claim_texts')") is not None
    finally:
        await conn.close()

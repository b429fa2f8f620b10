"""`knotty migrate` as a release step: it says what it did, takes MIGRATION_DATABASE_URL (Supabase's
direct connection), refuses a transaction pooler, and two instances migrating at once take turns.
"""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import asyncpg
import pytest

from app.migrate import MIGRATION_LOCK_KEY
from tests.integration.knotty_cli import Ran, empty_postgres_database, knotty_async, knotty_env
from tests.support.postgres import PostgresCluster


@pytest.fixture
async def empty_pg(pg_cluster: PostgresCluster | None) -> str:
    if pg_cluster is None:
        pytest.skip("PostgreSQL disabled")
    return await empty_postgres_database(pg_cluster)


async def knotty_tables(url: str) -> set[str]:
    conn = await asyncpg.connect(url)
    try:
        rows = await conn.fetch("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
    finally:
        await conn.close()
    return {r["tablename"] for r in rows}


async def test_migrate_says_whether_it_created_or_found_the_schema(tmp_path: Path, empty_pg: str) -> None:
    first = await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=empty_pg)
    assert first.returncode == 0, first.stderr
    assert "created Knotty's tables (schema " in first.stdout
    again = await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=empty_pg)
    assert "the schema was already up to date" in again.stdout


async def test_the_migration_url_is_used_instead_of_the_apps(tmp_path: Path, empty_pg: str) -> None:
    pooled_looking_app_url = "postgresql://app:pw@127.0.0.1:1/unreachable"
    ran = await knotty_async(
        "migrate", cwd=tmp_path, DATABASE_URL=pooled_looking_app_url, MIGRATION_DATABASE_URL=empty_pg
    )
    assert ran.returncode == 0, ran.stderr
    assert "waitlist_entries" in await knotty_tables(empty_pg)


@pytest.mark.parametrize("setting", ["DATABASE_URL", "MIGRATION_DATABASE_URL"])
async def test_a_transaction_pooler_is_refused_for_migrations(tmp_path: Path, setting: str) -> None:
    pooler = "postgresql://postgres.abc:pw@aws-0-eu-west-1.pooler.supabase.com:6543/postgres"
    ran = await knotty_async("migrate", cwd=tmp_path, settings={setting: pooler})
    assert ran.returncode == 2
    assert ran.error_lines == [
        f"knotty: {setting}: this is a transaction pooler (port 6543 or pgbouncer=true), which cannot hold the "
        "migration lock nor run DDL safely; set MIGRATION_DATABASE_URL to the direct connection (port 5432)"
    ]


async def test_two_instances_migrating_at_once_take_turns(tmp_path: Path, empty_pg: str) -> None:
    """Both wait while the lock is held elsewhere; released, one creates the tables and the other finds them."""
    holder = await asyncpg.connect(empty_pg)
    await holder.execute("SELECT pg_advisory_lock($1)", MIGRATION_LOCK_KEY)
    procs = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "app",
            "migrate",
            cwd=tmp_path,
            env=knotty_env(tmp_path, DATABASE_URL=empty_pg),
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE,
        )
        for _ in range(2)
    ]
    try:
        await asyncio.sleep(3)
        assert [p.returncode for p in procs] == [None, None], "a migration ran without the lock"
        assert await knotty_tables(empty_pg) == set()
    finally:
        await holder.execute("SELECT pg_advisory_unlock($1)", MIGRATION_LOCK_KEY)
        await holder.close()
    outs = await asyncio.wait_for(asyncio.gather(*(p.communicate() for p in procs)), 60)
    ran = [Ran(p.returncode or 0, o.decode(), e.decode()) for p, (o, e) in zip(procs, outs, strict=True)]
    assert [r.returncode for r in ran] == [0, 0], [r.stderr[-2000:] for r in ran]
    said = sorted(
        "created" if "created Knotty's tables" in r.stdout else r.stdout.strip().rsplit(": ", 1)[-1]
        for r in ran
    )
    assert said[0] == "created" and said[1].startswith("the schema was already up to date"), said


async def test_a_rollback_onto_a_schema_a_newer_release_migrated_says_so_and_migrates_nothing(
    tmp_path: Path, empty_pg: str
) -> None:
    """Before: after a newer release migrated the database (here to a revision this code has never seen)
    and the deploy was rolled back, the rollback's release step `knotty migrate` failed ("Can't locate
    revision"), stopping the rollback, and `knotty check` said "the schema is up to date". Now migrate
    touches nothing and says why (exit 0), and check says the schema is newer than this version's."""
    assert (await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=empty_pg)).returncode == 0
    conn = await asyncpg.connect(empty_pg)
    try:
        await conn.execute("UPDATE alembic_version SET version_num = '0999'")
        tables = await knotty_tables(empty_pg)
        rolled_back = await knotty_async("migrate", cwd=tmp_path, DATABASE_URL=empty_pg)
        checked = await knotty_async("check", cwd=tmp_path, DATABASE_URL=empty_pg)
        assert await conn.fetchval("SELECT version_num FROM alembic_version") == "0999"
    finally:
        await conn.close()
    assert rolled_back.returncode == 0, rolled_back.stdout + rolled_back.stderr
    assert "the schema is 0999, newer than this version's" in rolled_back.stdout, rolled_back.stdout
    assert await knotty_tables(empty_pg) == tables
    [database] = [line for line in checked.stdout.splitlines() if line.startswith("database:")]
    assert database.startswith("database: ok") and "newer than this version's" in database, database
    assert "up to date" not in database

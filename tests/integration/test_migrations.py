"""Migrations as an operator runs them: up, down, up again; RLS on PostgreSQL for Supabase."""

from __future__ import annotations

import asyncio

import asyncpg
import pytest
from sqlalchemy import inspect

from app.migrate import downgrade, migrate_async
from knotty.store import create_engine

TABLES = {
    "waitlist_entries",
    "conversations",
    "messages",
    "processed_turns",
    "sms_opt_outs",
    "confirmation_texts",
    "rate_limit_hits",
    "handoff_texts",
}


def tables_of(url: str) -> set[str]:
    """Every table the migrations make: SQLite also has `entry_ids`, its stand-in for a sequence."""
    return TABLES | {"entry_ids"} if url.startswith("sqlite") else TABLES


async def table_names(url: str) -> set[str]:
    engine = create_engine(url)
    try:
        async with engine.connect() as conn:
            return set(await conn.run_sync(lambda c: inspect(c).get_table_names())) - {"alembic_version"}
    finally:
        await engine.dispose()


async def test_downgrade_and_upgrade_again(database_url: str) -> None:
    assert await table_names(database_url) == tables_of(database_url)
    await asyncio.to_thread(downgrade, database_url, "base")
    assert await table_names(database_url) == set()
    await migrate_async(database_url)
    assert await table_names(database_url) == tables_of(database_url)


async def test_row_level_security_is_on_for_supabase(database_url: str) -> None:
    if not database_url.startswith("postgresql"):
        pytest.skip("row-level security is a PostgreSQL feature")
    conn = await asyncpg.connect(database_url.replace("+asyncpg", ""))
    try:
        rows = await conn.fetch(
            "SELECT relname, relrowsecurity FROM pg_class WHERE relname = ANY($1::text[])", list(TABLES)
        )
    finally:
        await conn.close()
    assert {r["relname"]: r["relrowsecurity"] for r in rows} == dict.fromkeys(TABLES, True)


async def test_the_migrations_build_exactly_the_models_schema(database_url: str) -> None:
    """A model change without its migration (or the reverse) would only show on a real deployment."""
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from knotty.store.models import metadata, modelled

    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            diff = await conn.run_sync(
                lambda c: compare_metadata(
                    MigrationContext.configure(c, opts={"compare_type": True, "include_name": modelled}),
                    metadata,
                )
            )
    finally:
        await engine.dispose()
    assert diff == []

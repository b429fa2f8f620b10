"""A PostgreSQL database whose waitlist entries are refused slowly: a save's write waits on the network,
then fails, so a streaming call goes on meanwhile. The streaming modes' claim tests use it to show that
nothing the caller hears says a signup the database refused."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from tests.channels.conftest import TwilioWorld
from tests.conftest import new_database_url
from tests.support.postgres import PostgresCluster

__all__ = ["pg_url", "refuse_entries_slowly"]


@pytest.fixture
async def pg_url(tmp_path: Path, pg_cluster: PostgresCluster | None, pg_template: str | None) -> str:
    """A fresh migrated PostgreSQL database (its writes wait on the network, unlike SQLite's on the loop)."""
    return await new_database_url("postgresql", tmp_path, pg_cluster, pg_template)


async def refuse_entries_slowly(world: TwilioWorld, seconds: float) -> None:
    """Every new waitlist entry is refused, `seconds` after its insert began."""
    statements = [
        "CREATE FUNCTION slow_refusal() RETURNS trigger LANGUAGE plpgsql AS "
        f"$$ BEGIN PERFORM pg_sleep({float(seconds)}); "
        "RAISE EXCEPTION 'injected fault: the entry is refused'; END $$",
        "CREATE TRIGGER slow_refusal BEFORE INSERT ON waitlist_entries FOR EACH ROW EXECUTE FUNCTION slow_refusal()",
    ]
    async with world.store.engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))

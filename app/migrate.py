"""Bring a database's schema up to date with Alembic, from code (CLI, `serve`, tests).

On PostgreSQL the upgrade runs under a session-level advisory lock, so two instances (or two release
steps) migrating at once take turns: the second waits, then finds the schema at head and does
nothing, instead of both creating the same tables and one failing half-way. The lock needs a real
session: on Supabase, migrate over the direct connection (`MIGRATION_DATABASE_URL`), not through the
transaction pooler.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

import migrations
from knotty.preflight import Problem
from knotty.store.database import create_engine

__all__ = [
    "MIGRATION_LOCK_KEY",
    "SchemaStatus",
    "alembic_config",
    "downgrade",
    "migrate",
    "migrate_async",
    "schema_problem",
    "schema_status",
    "status_problem",
]

MIGRATION_LOCK_KEY = 0x6B6E6F74747921
"""PostgreSQL advisory lock key held while migrating ("knotty!" in ASCII)."""


@dataclass(frozen=True)
class SchemaStatus:
    """Where a database's schema stands: its revision (None: no Knotty tables) and the code's head."""

    current: str | None
    head: str
    known: bool
    """Whether `current` is a revision of this code (an unknown one was made by a newer version)."""

    @property
    def up_to_date(self) -> bool:
        """Whether the schema is what this version of Knotty needs."""
        return self.current == self.head

    @property
    def newer(self) -> bool:
        """Whether a newer release of Knotty migrated the database past what this version knows."""
        return not self.known

    def newer_note(self) -> str:
        """What a newer schema means for this (older) version: said by `knotty migrate` and `knotty check`."""
        return (
            f"the schema is {self.current}, newer than this version's {self.head} (a newer release of Knotty "
            "migrated it): nothing to migrate; this version runs on it, as a rollback does, only if that "
            "release's migrations kept older versions working (see its notes)"
        )

    @property
    def behind(self) -> bool:
        """Whether the schema is older than this version needs (not newer, not current)."""
        return not self.up_to_date and (self.current is None or self.known)


def alembic_config(database_url: str) -> Config:
    """Alembic's config pointing at Knotty's migrations and the given database."""
    folder = Path(migrations.__file__).parent
    cfg = Config(str(folder / "alembic.ini"))
    cfg.set_main_option("script_location", str(folder))
    cfg.attributes["database_url"] = database_url
    return cfg


def _head(cfg: Config) -> str:
    head = ScriptDirectory.from_config(cfg).get_current_head()
    if head is None:
        raise RuntimeError(f"no migrations found in {cfg.get_main_option('script_location')}")
    return head


def _status(connection: Any, cfg: Config) -> SchemaStatus:
    current = MigrationContext.configure(connection).get_current_revision()
    scripts = ScriptDirectory.from_config(cfg)
    known = current is None or any(rev.revision == current for rev in scripts.walk_revisions())
    return SchemaStatus(current=current, head=_head(cfg), known=known)


def _upgrade(connection: Any, cfg: Config, revision: str) -> None:
    cfg.attributes["connection"] = connection
    command.upgrade(cfg, revision)


async def migrate_async(database_url: str, revision: str = "head") -> tuple[SchemaStatus, SchemaStatus]:
    """Upgrade the database to `revision`; the schema's status before and after."""
    cfg = alembic_config(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            locked = conn.dialect.name == "postgresql"
            if locked:
                await conn.execute(text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK_KEY})
                await conn.commit()  # the lock is the session's; each migration commits on its own
            try:
                before = await conn.run_sync(_status, cfg)
                await conn.commit()
                if not before.known:  # migrated by a newer release (a rollback's deploy): nothing to do here
                    return before, before
                await conn.run_sync(_upgrade, cfg, revision)
                await conn.commit()
                after = await conn.run_sync(_status, cfg)
                await conn.commit()
            finally:
                if locked:
                    await conn.rollback()
                    await conn.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK_KEY})
                    await conn.commit()
    finally:
        await engine.dispose()
    return before, after


def migrate(database_url: str, revision: str = "head") -> tuple[SchemaStatus, SchemaStatus]:
    """`migrate_async`, blocking (call from a thread when inside an event loop)."""
    return asyncio.run(migrate_async(database_url, revision))


async def schema_status(database_url: str) -> SchemaStatus:
    """The database's schema revision beside the code's head (reads only)."""
    cfg = alembic_config(database_url)
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            return await conn.run_sync(_status, cfg)
    finally:
        await engine.dispose()


def downgrade(database_url: str, revision: str = "base") -> None:
    """Step the schema back to `revision` (blocking; `base` drops every Knotty table)."""
    command.downgrade(alembic_config(database_url), revision)


async def schema_problem(url: str, setting: str = "DATABASE_URL") -> Problem | None:
    """A problem when the database's schema is older than this version of Knotty needs."""
    return status_problem(await schema_status(url), setting)


def status_problem(status: SchemaStatus, setting: str = "DATABASE_URL") -> Problem | None:
    """`schema_problem` of a status already read."""
    if status.behind:
        at = status.current or "no Knotty tables"
        return Problem(
            setting,
            f"the database schema is not up to date ({at}; this version needs {status.head}); "
            "run `knotty migrate` first (with MIGRATION_DATABASE_URL set to a direct connection on Supabase)",
        )
    return None

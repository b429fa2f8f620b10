"""Bring a database's schema up to date with Alembic, from code (CLI, `serve`, tests)."""

from __future__ import annotations

import asyncio
from pathlib import Path

from alembic import command
from alembic.config import Config

import migrations

__all__ = ["alembic_config", "downgrade", "migrate", "migrate_async"]


def alembic_config(database_url: str) -> Config:
    """Alembic's config pointing at Knotty's migrations and the given database."""
    folder = Path(migrations.__file__).parent
    cfg = Config(str(folder / "alembic.ini"))
    cfg.set_main_option("script_location", str(folder))
    cfg.attributes["database_url"] = database_url
    return cfg


def migrate(database_url: str, revision: str = "head") -> None:
    """Upgrade the database to `revision` (blocking; call from a thread inside an event loop)."""
    command.upgrade(alembic_config(database_url), revision)


async def migrate_async(database_url: str, revision: str = "head") -> None:
    """`migrate` without blocking the event loop."""
    await asyncio.to_thread(migrate, database_url, revision)


def downgrade(database_url: str, revision: str = "base") -> None:
    """Step the schema back to `revision` (blocking; `base` drops every Knotty table)."""
    command.downgrade(alembic_config(database_url), revision)

"""`knotty migrate`: bring the schema up to date, a release step, saying what it did in one line."""

from __future__ import annotations

import argparse
import asyncio

from app.check import pooler_problem
from app.commands.problems import refuse
from app.migrate import migrate
from knotty.config import Settings
from knotty.logs import configure_logging
from knotty.preflight import Problem, database_problem, describe_database, mask_url, writable_problem

__all__ = ["migrate_command"]


def migrate_command(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.migration_url
    setting = "MIGRATION_DATABASE_URL" if settings.migration_database_url else "DATABASE_URL"
    problem = pooler_problem(url, setting)
    if problem:
        return refuse([problem])
    if settings.database_url is None and settings.migration_database_url is None:
        problem = writable_problem("KNOTTY_DATA_DIR", settings.data_dir)
        if problem:
            return refuse([problem])
    problem = asyncio.run(database_problem(url, setting))
    if problem:
        return refuse([problem])
    where = describe_database(url)
    configure_logging(settings.log_level)  # Alembic's progress as JSON lines on stderr, like the app's
    try:
        before, after = migrate(url)
    except Exception as exc:  # noqa: BLE001 - one line for the operator; the migration's own transaction rolled back
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return refuse(
            [
                Problem(
                    setting,
                    f"the migration failed on {where}: {mask_url(first)[:300]}; fix that and run `knotty migrate` again",
                )
            ]
        )
    if before.newer:
        print(f"{where}: {before.newer_note()}")
    elif before.current == after.current:
        print(f"{where}: the schema was already up to date ({after.current})")
    elif before.current is None:
        print(f"{where}: created Knotty's tables (schema {after.current})")
    else:
        print(f"{where}: upgraded the schema from {before.current} to {after.current}")
    return 0

"""`knotty check`'s database question: does it answer, and is its schema what this version needs?

It lives in the composition root because the schema's head comes from the migrations package; the
model's check is the core's (`knotty/check.py`), Twilio's the adapter's (`channels/twilio_check.py`).
"""

from __future__ import annotations

from app.migrate import schema_problem, schema_status, status_problem
from knotty.check import Finding
from knotty.config import Settings
from knotty.preflight import Problem, database_problem, describe_database
from knotty.store import create_engine
from knotty.store.database import engine_spec
from knotty.store.entry_write import PG_CATCH_UP_ENTRY_IDS, entry_ids_behind

__all__ = ["check_database", "check_migration_database", "database_problems", "pooler_problem"]


async def check_database(settings: Settings) -> Finding:
    """The app's database answers, and its schema is what this version needs."""
    url = settings.resolved_database_url
    where = describe_database(url)
    problem = await database_problem(url)
    if problem is not None:
        return Finding("database", "failed", f"{where}: {problem}")
    if settings.database_url is None:
        return Finding("database", "ok", f"{where} is writable; `knotty serve` brings its schema up to date")
    status = await schema_status(url)
    problem = status_problem(status)
    if problem is not None:
        return Finding("database", "failed", f"{where}: {problem}")
    if status.newer:
        return Finding("database", "ok", f"{where} answers; {status.newer_note()}")
    engine = create_engine(url)
    try:
        behind = await entry_ids_behind(engine)
    finally:
        await engine.dispose()
    if behind is not None:
        following, highest = behind
        return Finding(
            "database",
            "failed",
            f"{where}: the id sequence of waitlist_entries is behind its rows (next id {following}, highest "
            f"{highest}: rows were written with ids of their own), so every new signup would fail; run "
            f"`{PG_CATCH_UP_ENTRY_IDS};`",
        )
    return Finding("database", "ok", f"{where} answers; the schema is up to date")


def pooler_problem(url: str, setting: str) -> Problem | None:
    """Why `knotty migrate` refuses this URL (a transaction pooler), or None."""
    if not engine_spec(url).use_null_pool:
        return None
    return Problem(
        setting,
        "this is a transaction pooler (port 6543 or pgbouncer=true), which cannot hold the migration lock nor "
        "run DDL safely; set MIGRATION_DATABASE_URL to the direct connection (port 5432)",
    )


async def check_migration_database(settings: Settings) -> Finding | None:
    """What `knotty migrate` will meet, when it is not simply the app's own database: the
    `MIGRATION_DATABASE_URL` (refused if a pooler, else reached), or a pooler `DATABASE_URL` with none."""
    if settings.migration_database_url is None:
        problem = pooler_problem(settings.resolved_database_url, "DATABASE_URL")
        return None if problem is None else Finding("migrations", "failed", f"`knotty migrate`: {problem}")
    url = settings.migration_database_url
    problem = pooler_problem(url, "MIGRATION_DATABASE_URL") or await database_problem(
        url, "MIGRATION_DATABASE_URL"
    )
    where = describe_database(url)
    if problem is not None:
        return Finding("migrations", "failed", f"{where}: {problem}")
    return Finding("migrations", "ok", f"{where} answers; `knotty migrate` uses it")


async def database_problems(settings: Settings, *, schema: bool) -> list[Problem]:
    """Whether the database answers and, with `schema`, is migrated to this version."""
    problem = await database_problem(settings.resolved_database_url)
    if problem is None and schema:
        problem = await schema_problem(settings.resolved_database_url)
    return [problem] if problem else []

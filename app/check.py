"""`knotty check`'s database question: does it answer, and is its schema what this version needs?

It lives in the composition root because the schema's head comes from the migrations package; the
model's check is the core's (`knotty/check.py`), Twilio's the adapter's (`channels/twilio_check.py`).
"""

from __future__ import annotations

from app.migrate import schema_problem
from knotty.check import Finding
from knotty.config import Settings
from knotty.preflight import database_problem, describe_database

__all__ = ["check_database"]


async def check_database(settings: Settings) -> Finding:
    """The app's database answers, and its schema is what this version needs."""
    url = settings.resolved_database_url
    where = describe_database(url)
    problem = await database_problem(url)
    if problem is not None:
        return Finding("database", "failed", f"{where}: {problem}")
    if settings.database_url is None:
        return Finding("database", "ok", f"{where} is writable; `knotty serve` brings its schema up to date")
    problem = await schema_problem(url)
    if problem is not None:
        return Finding("database", "failed", f"{where}: {problem}")
    return Finding("database", "ok", f"{where} answers; the schema is up to date")

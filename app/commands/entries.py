"""`knotty export` and `knotty erase`: the waitlist out as CSV, or one person's entry erased."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
from collections.abc import AsyncIterator
from typing import TextIO

from app.check import database_problems
from app.commands.problems import refuse
from knotty.config import Settings
from knotty.export import CsvWriter
from knotty.preflight import Problem
from knotty.store import Store, create_engine
from knotty.store.redis_counters import RedisCounters
from knotty.waitlist_admin import WaitlistAdmin

__all__ = ["EXPORT_PAGE", "erase_command", "export_command"]


@contextlib.asynccontextmanager
async def _store(settings: Settings) -> AsyncIterator[Store]:
    """The store on its own engine, for one command (export, erase), disposed after it."""
    engine = create_engine(settings.resolved_database_url)
    try:
        yield Store(engine)
    finally:
        await engine.dispose()


async def _export(path: str, settings: Settings) -> int:
    problems = await database_problems(settings, schema=True)
    if problems:
        return refuse(problems)
    try:
        out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115, ASYNC230
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return refuse(
            [
                Problem(
                    "--csv",
                    f"cannot write {path} ({reason}); choose a file in a writable folder, or - for stdout",
                )
            ]
        )
    try:
        async with _store(settings) as store:
            written = await _write_pages(store, out)
    finally:
        if out is not sys.stdout:
            out.close()
    if path != "-":
        print(f"wrote {written} entries to {path}", file=sys.stderr)
    return 0


EXPORT_PAGE = 2000
"""Entries read per query by `knotty export`: the waitlist is written page by page, so a large one
takes no more memory than a small one."""


async def _write_pages(store: Store, out: TextIO) -> int:
    """The waitlist, newest first, as CSV to `out`; how many entries were written."""
    writer = CsvWriter(out)
    before: int | None = None
    while page := await store.entries_before(before, EXPORT_PAGE):
        writer.rows(page)
        before = page[-1].id
    return writer.count


def export_command(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_export(args.csv, settings))


async def _erase(entry_id: int, settings: Settings) -> int:
    problems = await database_problems(settings, schema=True)
    if problems:
        return refuse(problems)
    async with _store(settings) as store:
        redis = RedisCounters(settings.redis_url) if settings.redis_url else None
        try:
            erased = await WaitlistAdmin(store, redis).erase_entry(entry_id)
        finally:
            if redis is not None:
                await redis.aclose()
    if erased is None:
        return refuse(
            [
                Problem(
                    "ENTRY_ID",
                    f"there is no entry {entry_id}; an entry's number is its `id` in `knotty export` or the admin API (`?q=` finds a phone or email)",
                )
            ]
        )
    print(
        f"erased entry {entry_id}: {erased.conversations} conversation(s) with {erased.messages} message(s), "
        f"{erased.texts} confirmation text(s), {erased.counters} rate-limit counter(s)"
    )
    for other in erased.kept_apart:
        print(
            f"entry {other} was kept apart beside it (same phone or email) and is kept; "
            f"if it is the same person, run `knotty erase {other}` too"
        )
    return 0


def erase_command(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_erase(args.entry_id, settings))

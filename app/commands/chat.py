"""`knotty chat`: talk to Knotty in the terminal, through the same agent as every channel."""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import sys
import uuid
from pathlib import Path

from app.check import database_problems
from app.commands.problems import refuse
from app.migrate import migrate_async
from app.runtime import build_runtime
from knotty.agent import Inbound
from knotty.config import Settings
from knotty.logs import configure_logging
from knotty.preflight import writable_problem

__all__ = ["chat"]


async def _chat_loop(settings: Settings) -> None:
    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        await migrate_async(settings.resolved_database_url)
    log_file = _chat_logs_aside(settings)
    history = _chat_history(settings)
    runtime = build_runtime(settings)
    session = f"cli-{uuid.uuid4().hex[:12]}"
    if sys.stdin.isatty():
        where = f" Log lines go to {log_file}." if log_file else ""
        print(f"(Answer after 'You:'. Leave with Ctrl-D, or Ctrl-C.{where})")
    try:
        result = await runtime.agent.open(Inbound("cli", session))
        print(f"Knotty: {result.reply}")
        while not result.done:
            try:
                line = await asyncio.to_thread(input, "You: ")
            except EOFError:
                await runtime.agent.close("cli", session)
                break
            result = await runtime.agent.turn(Inbound("cli", session, line))
            print(f"Knotty: {result.reply}")
    finally:
        _save_history(history)
        await runtime.aclose()


def _chat_logs_aside(settings: Settings) -> Path | None:
    """Keep log lines out of the conversation: into `<data dir>/chat.log`, or nowhere when it can't be written."""
    path = settings.data_dir / "chat.log"
    try:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        configure_logging(settings.log_level, log_file=path)
    except OSError:
        configure_logging(settings.log_level, quiet=True)
        return None
    return path


def _chat_history(settings: Settings) -> Path | None:
    """Line editing and history for `input()` (readline), kept in `<data dir>/chat_history`."""
    try:
        import readline  # noqa: PLC0415 - absent on Windows without pyreadline: plain input then
    except ImportError:  # Windows without pyreadline: plain input
        return None
    path = settings.data_dir / "chat_history"
    readline.set_history_length(500)
    with contextlib.suppress(OSError):
        readline.read_history_file(path)
    return path


def _save_history(path: Path | None) -> None:
    if path is None:
        return
    import readline  # noqa: PLC0415 - only reached when the import above worked

    with contextlib.suppress(OSError):
        readline.write_history_file(path)


def chat(args: argparse.Namespace, settings: Settings) -> int:
    if settings.database_url is None:
        problem = writable_problem("KNOTTY_DATA_DIR", settings.data_dir)
        if problem:
            return refuse([problem])
    problems = asyncio.run(database_problems(settings, schema=settings.database_url is not None))
    if problems:
        return refuse(problems)
    try:
        asyncio.run(_chat_loop(settings))
    except KeyboardInterrupt:
        print()  # Ctrl-C leaves quietly: the conversation stays and times out like any other
    return 0

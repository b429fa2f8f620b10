"""The `knotty` command: serve, migrate, check, chat in the terminal, export or erase, set up Twilio.

A setting that cannot work stops the command before it does anything, with one line per problem
(`knotty: SETTING: what is wrong; what to do`) and exit status 2, never a traceback.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import sys
import tempfile
import uuid
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TextIO

import uvicorn

from app import serving
from app.check import check_database, check_migration_database, pooler_problem
from app.migrate import migrate, migrate_async, schema_problem
from app.runtime import build_runtime
from channels.setup import twilio_setup
from channels.twilio_check import check_twilio
from knotty.agent import Inbound
from knotty.check import check_confirmation_texts, check_model, check_public_address
from knotty.config import Settings
from knotty.export import CsvWriter
from knotty.logs import configure_logging
from knotty.preflight import (
    BadConfiguration,
    Problem,
    database_problem,
    describe_database,
    is_public_host,
    load_settings,
    mask_url,
    serve_problems,
    writable_problem,
)
from knotty.store import Store, create_engine
from knotty.store.redis_counters import RedisCounters
from knotty.waitlist_admin import WaitlistAdmin

__all__ = ["main"]

WS_MAX_MESSAGE_BYTES = 64 * 1024
"""Largest WebSocket message the server takes (uvicorn's default is 16 MiB). The only WebSockets are
Twilio's voice streams, whose messages stay under a few KB (a 20 ms audio frame is about 400 bytes);
a bigger one is refused with close code 1009 from its header, before it is buffered."""

WORKER_HEALTHCHECK_S = 30
"""Seconds a worker may take to answer the supervisor's ping before it is killed and replaced (uvicorn's
default is 5). A spawned worker imports the whole app before it can answer, which takes seconds of
CPU: on a busy machine (a deploy beside other services, or a flood of requests) 5 s was too short, and
every worker was killed mid-start and replaced, over and over, so the server never came up at all.
The price: a worker that truly hangs is replaced after this long, not 5 s."""

BAD_CONFIGURATION = 2
"""Exit status when a setting (or what it points at) stops a command."""


def _refuse(problems: list[Problem]) -> int:
    for problem in problems:
        print(f"knotty: {problem}", file=sys.stderr)
    return BAD_CONFIGURATION


async def _database_problems(settings: Settings, *, schema: bool) -> list[Problem]:
    problem = await database_problem(settings.resolved_database_url)
    if problem is None and schema:
        problem = await schema_problem(settings.resolved_database_url)
    return [problem] if problem else []


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    problems = serve_problems(settings)
    if not problems:
        # The embedded SQLite database is migrated by the app itself; any other must be migrated first.
        problems = asyncio.run(_database_problems(settings, schema=settings.database_url is not None))
    if not problems and (taken := serving.address_problem(args.host, args.port)) is not None:
        problems = [Problem(*taken)]
    if problems:
        return _refuse(problems)
    configure_logging(settings.log_level)  # Alembic's and uvicorn's lines as JSON too
    if settings.database_url is None:
        migrate(settings.resolved_database_url)  # once, here, not by every worker at the same moment
    _print_banner(args, settings)
    metrics_dir = _share_metrics_between_workers(args.workers)
    try:
        _run_uvicorn(args, settings)
    finally:
        if metrics_dir is not None:
            shutil.rmtree(metrics_dir, ignore_errors=True)
    return 0


def _share_metrics_between_workers(workers: int) -> str | None:
    """With several workers, each keeps its metrics in files of one folder, so a scrape of any worker
    reports them all (prometheus_client's multiprocess mode); a fresh folder per start."""
    if workers < 2 or "PROMETHEUS_MULTIPROC_DIR" in os.environ:
        return None
    folder = tempfile.mkdtemp(prefix="knotty-metrics-")
    os.environ["PROMETHEUS_MULTIPROC_DIR"] = folder  # inherited by the worker processes
    return folder


def _run_uvicorn(args: argparse.Namespace, settings: Settings) -> None:
    config = uvicorn.Config(
        "app.factory:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        # knotty.logs routes uvicorn's loggers to its JSON handler (in each worker, from create_app);
        # the app writes its own access line with the request id, so uvicorn's is off.
        log_config=None,
        access_log=False,
        # The app reads proxy headers itself, from KNOTTY_TRUSTED_PROXIES only (web/proxy.py);
        # uvicorn's own handling would take the client-written left-most X-Forwarded-For hop.
        proxy_headers=False,
        server_header=False,
        ws_max_size=WS_MAX_MESSAGE_BYTES,
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )
    serving.run(config, settings.drain_s)  # open voice streams are drained before it stops


def _print_banner(args: argparse.Namespace, settings: Settings) -> None:
    """Where it listens and what it uses, before uvicorn takes over the terminal."""
    host = f"[{args.host}]" if ":" in args.host else args.host
    url = f"http://{host}:{args.port}"
    admin = f"{url}/admin" if settings.admin_token else "off (set ADMIN_TOKEN to turn it on)"
    brain = (
        f"openai ({settings.openai_model} at {settings.openai_base_url or 'OpenAI'})"
        if settings.brain == "openai"
        else "scripted (offline)"
    )
    lines = [
        f"Knotty is serving on {url}" + (" (all interfaces)" if args.host in ("0.0.0.0", "::") else ""),  # noqa: S104 - reported, not bound
        f"  public URL: {settings.public_base_url}",
        f"  admin:      {admin}",
        f"  brain:      {brain}",
        f"  database:   {describe_database(settings.resolved_database_url)}",
        f"  voice mode: {settings.voice_mode}; workers: {args.workers}",
    ]
    print("\n".join(lines), flush=True)


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    url = settings.migration_url
    setting = "MIGRATION_DATABASE_URL" if settings.migration_database_url else "DATABASE_URL"
    problem = pooler_problem(url, setting)
    if problem:
        return _refuse([problem])
    if settings.database_url is None and settings.migration_database_url is None:
        problem = writable_problem("KNOTTY_DATA_DIR", settings.data_dir)
        if problem:
            return _refuse([problem])
    problem = asyncio.run(database_problem(url, setting))
    if problem:
        return _refuse([problem])
    where = describe_database(url)
    configure_logging(settings.log_level)  # Alembic's progress as JSON lines on stderr, like the app's
    try:
        before, after = migrate(url)
    except Exception as exc:  # noqa: BLE001 - one line for the operator; the migration's own transaction rolled back
        first = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
        return _refuse(
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


async def _check(settings: Settings) -> int:
    problems = serve_problems(settings)
    print("configuration: " + ("ok" if not problems else f"{len(problems)} problem(s)"))
    for problem in problems:
        print(f"  {problem}")
    found = await asyncio.gather(
        check_database(settings),
        check_model(settings),
        check_twilio(settings),
        check_migration_database(settings),
    )
    local = (check_confirmation_texts(settings), check_public_address(settings))
    findings = [finding for finding in (*found, *local) if finding is not None]
    for finding in findings:
        print(finding)
    failed = bool(problems) or any(f.outcome == "failed" for f in findings)
    return BAD_CONFIGURATION if failed else 0


def _check_command(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_check(settings))


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


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    if settings.database_url is None:
        problem = writable_problem("KNOTTY_DATA_DIR", settings.data_dir)
        if problem:
            return _refuse([problem])
    problems = asyncio.run(_database_problems(settings, schema=settings.database_url is not None))
    if problems:
        return _refuse(problems)
    try:
        asyncio.run(_chat_loop(settings))
    except KeyboardInterrupt:
        print()  # Ctrl-C leaves quietly: the conversation stays and times out like any other
    return 0


@contextlib.asynccontextmanager
async def _store(settings: Settings) -> AsyncIterator[Store]:
    """The store on its own engine, for one command (export, erase), disposed after it."""
    engine = create_engine(settings.resolved_database_url)
    try:
        yield Store(engine)
    finally:
        await engine.dispose()


async def _export(path: str, settings: Settings) -> int:
    problems = await _database_problems(settings, schema=True)
    if problems:
        return _refuse(problems)
    try:
        out = sys.stdout if path == "-" else open(path, "w", encoding="utf-8", newline="")  # noqa: SIM115, ASYNC230
    except OSError as exc:
        reason = exc.strerror or type(exc).__name__
        return _refuse(
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


def _export_command(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_export(args.csv, settings))


async def _erase(entry_id: int, settings: Settings) -> int:
    problems = await _database_problems(settings, schema=True)
    if problems:
        return _refuse(problems)
    async with _store(settings) as store:
        redis = RedisCounters(settings.redis_url) if settings.redis_url else None
        try:
            erased = await WaitlistAdmin(store, redis).erase_entry(entry_id)
        finally:
            if redis is not None:
                await redis.aclose()
    if erased is None:
        return _refuse(
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


def _erase_command(args: argparse.Namespace, settings: Settings) -> int:
    return asyncio.run(_erase(args.entry_id, settings))


def _twilio_setup(args: argparse.Namespace, settings: Settings) -> int:
    base = settings.public_base_url
    if not args.force and not (base.startswith("https://") and is_public_host(base)):
        return _refuse(
            [
                Problem(
                    "PUBLIC_BASE_URL",
                    f"{base} is not a public https address Twilio can reach, and the live number would point at it; "
                    "set PUBLIC_BASE_URL to the app's public https URL (or pass --force)",
                )
            ]
        )
    return asyncio.run(twilio_setup(settings))


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="knotty", description="MasseurMatch's waitlist sign-up agent.")
    sub = parser.add_subparsers(dest="command", required=True)
    serve = sub.add_parser("serve", help="run the web app (web chat, Twilio webhooks, admin)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument(
        "--workers",
        type=int,
        default=1,
        help="server processes (conversation state is in the database, so any process serves any turn)",
    )
    sub.add_parser(
        "migrate",
        help="bring the database schema up to date (MIGRATION_DATABASE_URL, else DATABASE_URL); a release step",
    )
    sub.add_parser("check", help="validate the configuration and reach the database, the model and Twilio")
    sub.add_parser("chat", help="talk to Knotty in the terminal")
    export = sub.add_parser("export", help="write the waitlist as CSV")
    export.add_argument("--csv", required=True, metavar="FILE", help="output file, or - for stdout")
    erase = sub.add_parser(
        "erase", help="erase one waitlist entry with its conversations and transcripts (a person asked)"
    )
    erase.add_argument(
        "entry_id",
        type=int,
        metavar="ENTRY_ID",
        help="the entry's id, as `knotty export` and the admin API show it",
    )
    setup = sub.add_parser("twilio-setup", help="point the Twilio number's webhooks at PUBLIC_BASE_URL")
    setup.add_argument(
        "--force", action="store_true", help="even when PUBLIC_BASE_URL is not a public https URL"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `knotty` console script."""
    args = _parser().parse_args(argv)
    try:
        settings = load_settings()
    except BadConfiguration as exc:
        return _refuse(exc.problems)
    handlers = {
        "serve": _serve,
        "migrate": _migrate,
        "check": _check_command,
        "chat": _chat,
        "export": _export_command,
        "erase": _erase_command,
        "twilio-setup": _twilio_setup,
    }
    return handlers[args.command](args, settings)


if __name__ == "__main__":
    raise SystemExit(main())

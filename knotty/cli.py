"""The `knotty` command: serve, migrate, chat in the terminal, export the waitlist, set up Twilio."""

from __future__ import annotations

import argparse
import asyncio
import sys
import uuid
from pathlib import Path

from knotty.config import MIN_ADMIN_TOKEN_CHARS, Settings, get_settings
from knotty.export import csv_text, write_csv

__all__ = ["main"]

WS_MAX_MESSAGE_BYTES = 64 * 1024
"""Largest WebSocket message the server takes (uvicorn's default is 16 MiB). The only WebSockets are
Twilio's voice streams, whose messages stay under a few KB (a 20 ms audio frame is about 400 bytes);
a bigger one is refused with close code 1009 from its header, before it is buffered."""


def _serve(args: argparse.Namespace, settings: Settings) -> int:
    import uvicorn

    if settings.admin_token and len(settings.admin_token.strip()) < MIN_ADMIN_TOKEN_CHARS:
        print(f"knotty: ADMIN_TOKEN must be at least {MIN_ADMIN_TOKEN_CHARS} characters (or unset)", file=sys.stderr)
        return 2
    uvicorn.run(
        "web.app:create_app",
        factory=True,
        host=args.host,
        port=args.port,
        workers=args.workers,
        log_level="warning",
        access_log=False,
        # The app reads proxy headers itself, from KNOTTY_TRUSTED_PROXIES only (web/proxy.py);
        # uvicorn's own handling would take the client-written left-most X-Forwarded-For hop.
        proxy_headers=False,
        server_header=False,
        ws_max_size=WS_MAX_MESSAGE_BYTES,
    )
    return 0


def _migrate(args: argparse.Namespace, settings: Settings) -> int:
    from knotty.migrate import migrate

    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrate(settings.resolved_database_url)
    print("database is up to date")
    return 0


async def _chat_loop(settings: Settings) -> None:
    from knotty.agent import Inbound
    from knotty.migrate import migrate_async
    from knotty.runtime import build_runtime

    if settings.database_url is None:
        settings.data_dir.mkdir(parents=True, exist_ok=True)
        await migrate_async(settings.resolved_database_url)
    runtime = build_runtime(settings)
    session = f"cli-{uuid.uuid4().hex[:12]}"
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
        await runtime.aclose()


def _chat(args: argparse.Namespace, settings: Settings) -> int:
    asyncio.run(_chat_loop(settings))
    return 0


async def _export(path: str, settings: Settings) -> int:
    from knotty.store import Store, create_engine

    engine = create_engine(settings.resolved_database_url)
    try:
        entries = await Store(engine).list_entries(limit=1_000_000)
    finally:
        await engine.dispose()
    if path == "-":
        write_csv(entries, sys.stdout)
    else:
        await asyncio.to_thread(Path(path).write_text, csv_text(entries), encoding="utf-8", newline="")
    if path != "-":
        print(f"wrote {len(entries)} entries to {path}", file=sys.stderr)
    return 0


def _twilio_setup(args: argparse.Namespace, settings: Settings) -> int:
    from channels.setup import twilio_setup

    return asyncio.run(twilio_setup(settings))


def main(argv: list[str] | None = None) -> int:
    """Entry point of the `knotty` console script."""
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
    sub.add_parser("migrate", help="bring the database schema up to date")
    sub.add_parser("chat", help="talk to Knotty in the terminal")
    export = sub.add_parser("export", help="write the waitlist as CSV")
    export.add_argument("--csv", required=True, metavar="FILE", help="output file, or - for stdout")
    sub.add_parser("twilio-setup", help="point the Twilio number's webhooks at PUBLIC_BASE_URL")
    args = parser.parse_args(argv)
    settings = get_settings()
    if args.command == "export":
        return asyncio.run(_export(args.csv, settings))
    handlers = {"serve": _serve, "migrate": _migrate, "chat": _chat, "twilio-setup": _twilio_setup}
    return handlers[args.command](args, settings)


if __name__ == "__main__":
    raise SystemExit(main())

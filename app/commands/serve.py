"""`knotty serve`: refuse what cannot work, migrate the embedded database, then run uvicorn."""

from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import tempfile

import uvicorn

from app import serving
from app.check import database_problems
from app.commands.problems import refuse
from app.migrate import migrate
from knotty.config import Settings
from knotty.logs import configure_logging
from knotty.preflight import Problem, describe_database, serve_problems

__all__ = ["WORKER_HEALTHCHECK_S", "WS_MAX_MESSAGE_BYTES", "serve"]

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


def serve(args: argparse.Namespace, settings: Settings) -> int:
    problems = serve_problems(settings)
    if not problems:
        # The embedded SQLite database is migrated by the app itself; any other must be migrated first.
        problems = asyncio.run(database_problems(settings, schema=settings.database_url is not None))
    if not problems and (taken := serving.address_problem(args.host, args.port)) is not None:
        problems = [Problem(*taken)]
    if problems:
        return refuse(problems)
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

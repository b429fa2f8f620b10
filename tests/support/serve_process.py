"""`knotty serve` in a process of its own, for tests that need the real command (signals, kill -9, uvicorn limits)."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from pathlib import Path

import httpx

from tests.support.live_server import free_port

__all__ = ["free_port", "knotty_serve_process"]

_DROPPED = ("DATABASE_URL", "OPENAI_API_KEY", "ADMIN_TOKEN", "TWILIO_ACCOUNT_SID")
"""Settings a developer's shell may hold that a test server must not inherit."""


@asynccontextmanager
async def knotty_serve_process(
    port: int,
    env: Mapping[str, str],
    *,
    start_timeout_s: float = 30.0,
    stop_timeout_s: float = 15.0,
    log_path: Path | None = None,
) -> AsyncIterator[asyncio.subprocess.Process]:
    """Start `knotty serve` on `port` with `env` over a clean environment; yield once it answers health checks.

    It is stopped with SIGINT (a graceful shutdown) at the end, killed if that takes too long, and left
    alone if the test already killed it. Its log (stderr, every line the operator would read) goes to
    `log_path` (appended), or nowhere.
    """
    full_env = {k: v for k, v in os.environ.items() if k not in _DROPPED}
    full_env.update({"KNOTTY_BRAIN": "scripted", "KNOTTY_LOG_LEVEL": "WARNING", **env})
    log = log_path.open("ab") if log_path is not None else None
    app = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "serve", "--host", "127.0.0.1", "--port", str(port), env=full_env,
        stderr=log if log is not None else asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    try:
        async with httpx.AsyncClient() as http:
            deadline = time.monotonic() + start_timeout_s
            while True:
                assert app.returncode is None, "knotty serve exited"
                try:
                    if (await http.get(f"http://127.0.0.1:{port}/healthz")).status_code == 200:
                        break
                except httpx.TransportError:
                    pass
                assert time.monotonic() < deadline, "knotty serve did not start"
                await asyncio.sleep(0.1)
        yield app
    finally:
        if app.returncode is None:
            app.send_signal(signal.SIGINT)
            try:
                await asyncio.wait_for(app.wait(), stop_timeout_s)
            except TimeoutError:
                app.kill()
                await app.wait()
        if log is not None:
            log.close()

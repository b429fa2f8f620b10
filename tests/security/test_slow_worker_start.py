"""`knotty serve --workers 2` on a busy machine: workers that take seconds to start are not killed.

uvicorn's supervisor pings every worker and kills one that has not answered in 5 seconds; a spawned
worker can answer only once it has imported the whole app, which on a loaded machine (other services
beside it, or a flood of requests) took longer, about 15 s on two shared cores. Each worker was killed
mid-start and replaced, over and over: the server never came up. Played here with the real command
and workers made 6 s slow to start (a `sitecustomize` that sleeps in each spawned worker only).
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import time
from pathlib import Path

import httpx
import pytest

from tests.integration.test_metrics import worker_pids
from tests.support.serve_process import free_port

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
STARTUP_S = 6
SLOW_WORKERS = f"""
import sys, time
if "--multiprocessing-fork" in sys.argv:  # a uvicorn worker, not the supervisor or its resource tracker
    time.sleep({STARTUP_S})
"""


async def test_workers_slower_to_start_than_five_seconds_come_up_and_serve(tmp_path: Path) -> None:
    slow = tmp_path / "slow"
    slow.mkdir()
    (slow / "sitecustomize.py").write_text(SLOW_WORKERS, encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k not in ("ADMIN_TOKEN", "OPENAI_API_KEY", "DATABASE_URL")}
    env.update(
        PYTHONPATH=os.pathsep.join([str(slow), str(ROOT)]),
        KNOTTY_DATA_DIR=str(tmp_path / "data"),
        KNOTTY_BRAIN="scripted",
        KNOTTY_LOG_LEVEL="WARNING",
    )
    port = free_port()
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "app", "serve", "--workers", "2", "--port", str(port), cwd=tmp_path, env=env,
        start_new_session=True, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.DEVNULL,
    )  # fmt: skip
    started = time.monotonic()
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}") as http:
            first_workers = None
            while time.monotonic() - started < 90:
                if first_workers is None and len(worker_pids(proc.pid)) == 2:
                    first_workers = set(worker_pids(proc.pid))
                with contextlib.suppress(httpx.TransportError):
                    if (await http.get("/livez")).status_code == 200:
                        break
                await asyncio.sleep(0.2)
            else:
                raise AssertionError("knotty serve never answered: its workers were killed while starting")
            assert (await http.get("/")).status_code == 200
        assert first_workers is not None and set(worker_pids(proc.pid)) == first_workers, (
            "the workers that were starting are the ones serving (none was killed and replaced)"
        )
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        await asyncio.wait_for(proc.wait(), 30)

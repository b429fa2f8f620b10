"""While the app serves, the collector runs with the app's thresholds; after it stops, with the ones it had."""

from __future__ import annotations

import gc
from pathlib import Path

import httpx

from app.factory import GC_THRESHOLDS, create_app
from app.runtime import build_runtime
from tests.conftest import make_settings
from tests.support.live_server import serve


async def test_the_collector_runs_rarely_while_serving_and_as_before_afterwards(
    database_url: str, tmp_path: Path
) -> None:
    before = gc.get_threshold()
    assert before != GC_THRESHOLDS
    runtime = build_runtime(make_settings(database_url, tmp_path))
    async with serve(create_app(runtime=runtime)) as base, httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/healthz")).status_code == 200
        assert gc.get_threshold() == GC_THRESHOLDS
        assert GC_THRESHOLDS[0] >= 10 * 700, (
            "the youngest generation collected far less often than by default"
        )
    assert gc.get_threshold() == before

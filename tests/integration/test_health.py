"""Health probes over real HTTP: `/livez` is the process, `/readyz` (and its old name `/healthz`) the database.

A liveness probe that asked the database would restart every instance during a database outage.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from app.factory import create_app
from app.runtime import build_runtime
from tests.conftest import make_settings
from tests.support.live_server import serve

PROBES = ("/livez", "/readyz", "/healthz")


async def test_all_probes_pass_while_the_database_answers(database_url: str, tmp_path: Path) -> None:
    rt = build_runtime(make_settings(database_url, tmp_path))
    async with serve(create_app(runtime=rt)) as base, httpx.AsyncClient(base_url=base) as http:
        for path in PROBES:
            r = await http.get(path)
            assert (r.status_code, r.json()) == (200, {"status": "ok"}), path
            assert r.headers["cache-control"] == "no-store"


async def test_a_dead_database_fails_readiness_not_liveness(tmp_path: Path) -> None:
    rt = build_runtime(make_settings("postgresql://nobody@127.0.0.1:1/none", tmp_path))
    async with serve(create_app(runtime=rt)) as base, httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/livez")).status_code == 200
        for path in ("/readyz", "/healthz"):
            r = await http.get(path)
            assert (r.status_code, r.json()) == (503, {"status": "database unavailable"}), path

"""The real Litestar app over real HTTP: health, the admin API, and bad input never becoming a 5xx."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from app.factory import create_app
from app.runtime import Runtime, build_runtime
from tests.conftest import make_settings
from tests.support.live_server import serve


@pytest.fixture
async def admin_runtime(database_url: str, tmp_path: Path) -> Runtime:
    return build_runtime(make_settings(database_url, tmp_path, ADMIN_TOKEN="s3cret-token-long-enough-for-24"))


async def test_health_and_admin_api(admin_runtime: Runtime) -> None:
    await admin_runtime.store.save_entry(
        full_name="Ana Lima", phone="+14155550100", email="ana@example.com", role="therapist", channel="voice"
    )
    async with serve(create_app(runtime=admin_runtime)) as base, httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/healthz")).json() == {"status": "ok"}
        assert (await http.get("/admin/api/waitlist")).status_code == 401
        wrong = await http.get("/admin/api/waitlist", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 401
        ok = await http.get(
            "/admin/api/waitlist", headers={"Authorization": "Bearer s3cret-token-long-enough-for-24"}
        )
        assert ok.status_code == 200
        [entry] = ok.json()
        assert {k: entry[k] for k in ("full_name", "phone", "email", "role", "channel")} == {
            "full_name": "Ana Lima",
            "phone": "+14155550100",
            "email": "ana@example.com",
            "role": "therapist",
            "channel": "voice",
        }
        assert "created_at" in entry
        filtered = await http.get(
            "/admin/api/waitlist",
            params={"role": "client"},
            headers={"Authorization": "Bearer s3cret-token-long-enough-for-24"},
        )
        assert filtered.json() == []


async def test_admin_api_is_closed_without_a_configured_token(database_url: str, tmp_path: Path) -> None:
    rt = build_runtime(make_settings(database_url, tmp_path))
    async with serve(create_app(runtime=rt)) as base, httpx.AsyncClient(base_url=base) as http:
        assert (
            await http.get("/admin/api/waitlist", headers={"Authorization": "Bearer x"})
        ).status_code == 401


async def test_health_reports_a_dead_database(tmp_path: Path) -> None:
    rt = build_runtime(make_settings("postgresql://nobody@127.0.0.1:1/none", tmp_path))
    async with serve(create_app(runtime=rt)) as base, httpx.AsyncClient(base_url=base) as http:
        assert (await http.get("/healthz")).status_code == 503


async def test_admin_search_with_a_nul_byte_is_not_an_error(admin_runtime: Runtime) -> None:
    async with serve(create_app(runtime=admin_runtime)) as base, httpx.AsyncClient(base_url=base) as http:
        r = await http.get(
            "/admin/api/waitlist",
            params={"q": "a\x00b"},
            headers={"Authorization": "Bearer s3cret-token-long-enough-for-24"},
        )
        assert r.status_code == 200 and r.json() == []

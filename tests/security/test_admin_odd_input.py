"""The admin routes answer odd input (NUL, huge numbers, long ids) with a page or a 4xx, never a 500,
on SQLite and PostgreSQL alike (PostgreSQL refuses NUL in text; SQLite takes it)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

from tests.security.test_web_attacks import BEARER, TOKEN, _sign_in
from tests.web.conftest import web_app

ODD_PAGES = [
    ("/admin", {"q": "ana\x00lima"}),
    ("/admin", {"role": "\x00", "channel": "web\x00"}),
    ("/admin", {"page": "9" * 40, "sort": "full_name\x00", "dir": "desc\x00"}),
    ("/admin", {"page": "-3", "sort": "password", "dir": "sideways"}),
    ("/admin/waitlist.csv", {"q": "\x00", "role": "client\x00"}),
    ("/admin/conversations/ab%00cd", {}),
    ("/admin/conversations/" + "f" * 5000, {}),
]


@pytest.mark.parametrize(("path", "params"), ODD_PAGES)
async def test_admin_pages_never_fail_on_odd_input(
    database_url: str, tmp_path: Path, path: str, params: dict[str, str]
) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        await runtime.store.save_entry(
            full_name="Ana Lima", phone="+14155550100", email="ana@example.com", role="client", channel="web"
        )
        async with httpx.AsyncClient(base_url=base) as http:
            await _sign_in(http)
            response = await http.get(path, params=params)
    assert response.status_code in (200, 400, 404), (path, params, response.status_code, response.text[:200])
    if path == "/admin" and response.status_code == 200:
        assert "Ana Lima" in response.text or "q" in params or "role" in params


async def test_the_admin_api_never_fails_on_nul(database_url: str, tmp_path: Path) -> None:
    async with (
        web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, _),
        httpx.AsyncClient(base_url=base, headers=BEARER) as http,
    ):
        for params in ({"q": "a\x00"}, {"role": "\x00"}, {"channel": "\x00sms"}):
            response = await http.get("/admin/api/waitlist", params=params)
            assert response.status_code in (200, 400), (params, response.status_code, response.text[:200])

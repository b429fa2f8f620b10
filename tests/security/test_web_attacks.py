"""Issue 10, item 6 (web and admin parts): the admin surface and the waitlist exports under attack.

Replayed here, each through the real server: guessing the bearer token without limit (API and CSV);
a short `ADMIN_TOKEN`; spreadsheet formulas in the CSV (admin download and `knotty export`); the public
OpenAPI schema and its CDN-loaded UIs; a copied admin cookie that outlived sign-out; `GET /admin`
handing out chat sessions past the new-conversation limit; LIKE wildcards and a huge `offset` in the
admin search; and `Server: uvicorn` on every response.
"""

from __future__ import annotations

import asyncio
import csv
import io
import re
from pathlib import Path

import httpx
import pytest
import uvicorn

from app import cli
from app.factory import AdminTokenTooShort, create_app
from knotty.config import get_settings
from knotty.store import Store
from tests.conftest import make_settings
from tests.web.conftest import web_app

TOKEN = "admin-token-for-security-tests-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
FORMULAS = [
    '=HYPERLINK("http://evil.example","x")',
    "+SUM(1)",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1)",
    "\tx",
    "\r=1",
    '＝HYPERLINK("http://evil.example","x")',
    "\u200b=1+1",
    "\ufeff@SUM(1)",
    "\u2060 －2+3",
    "\u00a0＋SUM(1)",
]


async def _sign_in(http: httpx.AsyncClient) -> httpx.Response:
    login = await http.get("/admin")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf, login.text[:300]
    return await http.post("/admin/login", data={"token": TOKEN, "csrf": csrf.group(1)})


@pytest.mark.parametrize("path", ["/admin/api/waitlist", "/admin/waitlist.csv"])
async def test_wrong_bearer_tokens_are_counted_like_sign_ins(
    path: str, database_url: str, tmp_path: Path
) -> None:
    async with (
        web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        assert (await http.get(path, headers=BEARER)).status_code == 200
        statuses = [
            (await http.get(path, headers={"Authorization": f"Bearer guess-{i}"})).status_code
            for i in range(11)
        ]
        assert statuses == [401] * 10 + [429]
        assert (await http.get(path, headers=BEARER)).status_code == 429, "even the right token waits"
        csrf = re.search(r'name="csrf" value="([^"]+)"', (await http.get("/admin")).text)
        assert csrf
        login = await http.post("/admin/login", data={"token": TOKEN, "csrf": csrf.group(1)})
        assert login.status_code == 429, "one window for sign-ins and bearer guesses"


@pytest.mark.parametrize("token", ["short", "s3cret-token", "x" * 23, "  " + "y" * 22 + "  "])
def test_a_short_admin_token_stops_start_up(
    token: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    settings = make_settings(f"sqlite+aiosqlite:///{tmp_path}/k.db", tmp_path, ADMIN_TOKEN=token)
    with pytest.raises(AdminTokenTooShort, match="at least 24 characters"):
        create_app(settings)
    started: list[object] = []
    monkeypatch.setattr("app.serving.run", lambda *a, **k: started.append(a))
    monkeypatch.setenv("ADMIN_TOKEN", token)
    monkeypatch.setenv("KNOTTY_DATA_DIR", str(tmp_path))
    get_settings.cache_clear()
    try:
        assert cli.main(["serve"]) == 2
    finally:
        get_settings.cache_clear()
    assert started == []


def test_knotty_serve_sends_no_server_header_and_trusts_no_proxy_header_itself(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    started: list[uvicorn.Config] = []
    monkeypatch.setattr("app.serving.run", lambda config, drain_s: started.append(config))
    monkeypatch.setenv("KNOTTY_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("ADMIN_TOKEN", raising=False)
    get_settings.cache_clear()
    try:
        assert cli.main(["serve"]) == 0
    finally:
        get_settings.cache_clear()
    [config] = started
    assert config.server_header is False
    assert config.proxy_headers is False  # nor its forwarded_allow_ips: the app reads them (web/proxy.py)


async def test_no_response_names_the_server(database_url: str, tmp_path: Path) -> None:
    async with (
        web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        for path in ("/", "/healthz", "/admin", "/nope", "/widget.js"):
            assert "server" not in (await http.get(path)).headers, path


async def _seed_formulas(store: Store) -> None:
    for i, name in enumerate(FORMULAS):
        await store.save_entry(
            full_name=name, phone=f"+1415555{i:04d}", email=f"a{i}@example.com", role="client", channel="web"
        )


def _cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))[1:]


def _assert_inert(rows: list[list[str]]) -> None:
    names = sorted(r[0] for r in rows)
    assert names == sorted("'" + f for f in FORMULAS)
    assert all(r[1].startswith("+1415555") for r in rows), "phone numbers stay as they are"


async def test_csv_cells_never_start_a_formula(
    database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        await _seed_formulas(runtime.store)
        async with httpx.AsyncClient(base_url=base) as http:
            download = await http.get("/admin/waitlist.csv", headers=BEARER)
        assert download.status_code == 200
        _assert_inert(_cells(download.text))
    out = tmp_path / "export.csv"
    monkeypatch.setenv("DATABASE_URL", database_url)
    get_settings.cache_clear()
    try:
        assert await asyncio.to_thread(cli.main, ["export", "--csv", str(out)]) == 0
    finally:
        get_settings.cache_clear()
    with out.open(encoding="utf-8", newline="") as fh:
        _assert_inert(_cells(fh.read()))


async def test_the_openapi_schema_and_its_uis_are_not_served(database_url: str, tmp_path: Path) -> None:
    async with (
        web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        for path in (
            "/schema",
            "/schema/openapi.json",
            "/schema/openapi.yaml",
            "/schema/swagger",
            "/schema/redoc",
        ):
            response = await http.get(path, headers=BEARER)
            assert response.status_code == 404, path
            assert "cdn" not in response.text.lower()


async def test_a_copied_admin_cookie_dies_with_sign_out(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        await _seed_formulas(runtime.store)
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await _sign_in(http)).status_code == 303
            stolen = http.cookies.get("knotty_admin", path="/admin")
            assert stolen
            page = await http.get("/admin")
            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert csrf and "waitlist" in page.text.lower()
            assert (await http.post("/admin/logout", data={"csrf": csrf.group(1)})).status_code == 303
        async with httpx.AsyncClient(base_url=base, cookies={"knotty_admin": stolen}) as thief:
            page = await thief.get("/admin")
            assert 'type="password"' in page.text and "@example.com" not in page.text
            assert (await thief.get("/admin/waitlist.csv")).status_code == 401
            transcript = await thief.get("/admin/conversations/x")
            assert transcript.status_code == 303
        async with httpx.AsyncClient(base_url=base) as again:
            assert (await _sign_in(again)).status_code == 303
            assert "@example.com" in (await again.get("/admin")).text, "a new sign-in works"


async def test_the_admin_page_opens_no_chat_sessions(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        async with httpx.AsyncClient(base_url=base) as http:
            for _ in range(40):
                http.cookies.clear()
                page = await http.get("/admin")
                assert page.status_code == 200
                assert "knotty_session" not in page.headers.get("set-cookie", "")
            assert not [c for c in http.cookies.jar if c.name == "knotty_session"]
            http.cookies.clear()
            await _sign_in(http)
            assert (await http.get("/admin")).status_code == 200
        assert await runtime.store.list_conversations() == []


async def test_admin_search_is_literal_and_paging_never_fails(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        for name, email in (("Ana Lima", "ana_lima@example.com"), ("Ben Okafor", "benokafor@example.com")):
            await runtime.store.save_entry(
                full_name=name, phone="+14155550100", email=email, role="client", channel="web"
            )
        async with httpx.AsyncClient(base_url=base, headers=BEARER) as http:

            async def names(**params: str | int) -> list[str]:
                response = await http.get("/admin/api/waitlist", params=params)
                assert response.status_code == 200, response.text[:200]
                return sorted(e["full_name"] for e in response.json())

            assert await names(q="%") == []
            assert await names(q="_") == ["Ana Lima"], "only the address with a real underscore"
            assert await names(q="a%a") == [] and await names(q="\\") == []
            assert await names(q="ana_") == ["Ana Lima"]
            assert await names(q="na_li") == ["Ana Lima"] and await names(q="n_l") == []
            for params in (
                {"offset": 10**30},
                {"offset": -5},
                {"offset": "abc"},
                {"limit": 10**30},
                {"limit": -1},
                {"offset": 2**63},
                {"offset": 2**31},
            ):
                response = await http.get("/admin/api/waitlist", params=params)
                assert response.status_code in (200, 400), (params, response.status_code, response.text[:200])
            async with httpx.AsyncClient(base_url=base) as page_http:
                await _sign_in(page_http)
                page = await page_http.get("/admin", params={"q": "%"})
                table = page.text.split('id="waitlist"', 1)[1].split("</table>", 1)[0]
                assert "Ana Lima" not in table and "Ben Okafor" not in table

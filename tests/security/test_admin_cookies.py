"""The admin's session under attack: Knotty's other signed cookies, a cross-site sign-out, a changed token.

A visitor's chat cookie and the admin form's CSRF anchor are signed with the same secret key as the
admin cookie; neither opens the admin, whatever cookie name it is sent under. A sign-out posted from
another site (or without the form's token) ends nobody's session. Changing `ADMIN_TOKEN` ends every
session signed in with the old one, in every process that shares the key. Played over real HTTP.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx

from knotty.store import Store
from tests.web.conftest import web_app

TOKEN = "admin-token-for-cookie-attacks-0123456789"
SECRET = "secret-key-shared-by-every-process-0123456789"


async def _seed(store: Store) -> None:
    await store.save_entry(
        full_name="Ana Lima",
        phone="+14155550100",
        email="ana.lima@example.com",
        role="therapist",
        channel="web",
    )


async def _sign_in(http: httpx.AsyncClient, token: str = TOKEN) -> str:
    """Sign in; the page's sign-out CSRF token."""
    login = await http.get("/admin")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf, login.text[:300]
    assert (await http.post("/admin/login", data={"token": token, "csrf": csrf.group(1)})).status_code == 303
    page = await http.get("/admin")
    assert "ana.lima@example.com" in page.text
    signed_in = re.search(r'name="csrf" value="([^"]+)"', page.text)
    assert signed_in
    return signed_in.group(1)


async def _reads_nothing(base: str, cookies: dict[str, str]) -> None:
    async with httpx.AsyncClient(base_url=base, cookies=cookies) as stranger:
        page = await stranger.get("/admin")
        assert 'type="password"' in page.text and "ana.lima" not in page.text
        assert (await stranger.get("/admin/waitlist.csv")).status_code == 401
        assert (await stranger.get("/admin/api/waitlist")).status_code == 401


async def test_no_other_signed_cookie_of_knotty_opens_the_admin(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN, KNOTTY_SECRET_KEY=SECRET) as (
        base,
        runtime,
    ):
        await _seed(runtime.store)
        async with httpx.AsyncClient(base_url=base) as http:
            await http.get("/")
            await http.get("/admin")
            visitor = http.cookies.get("knotty_session")
            anchor = http.cookies.get("knotty_admin_form", path="/admin")
        assert visitor and anchor
        for value in (visitor, anchor):
            await _reads_nothing(base, {"knotty_admin": value})


async def test_a_cross_site_or_tokenless_sign_out_ends_nobodys_session(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        await _seed(runtime.store)
        async with httpx.AsyncClient(base_url=base) as http:
            csrf = await _sign_in(http)
            await http.post("/admin/logout", data={"csrf": csrf}, headers={"Origin": "https://evil.example"})
            await http.post("/admin/logout", data={"csrf": csrf}, headers={"Sec-Fetch-Site": "cross-site"})
            await http.post("/admin/logout", data={})
            assert "ana.lima@example.com" in (await http.get("/admin")).text, "still signed in"
            assert (await http.get("/admin/waitlist.csv")).status_code == 200


async def test_changing_the_admin_token_ends_every_session_signed_in_with_the_old(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN, KNOTTY_SECRET_KEY=SECRET) as (
        base,
        runtime,
    ):
        await _seed(runtime.store)
        async with httpx.AsyncClient(base_url=base) as http:
            await _sign_in(http)
            old = http.cookies.get("knotty_admin", path="/admin")
        assert old
    new_token = "a-new-admin-token-after-a-leak-9876543210"
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=new_token, KNOTTY_SECRET_KEY=SECRET) as (base, _):
        await _reads_nothing(base, {"knotty_admin": old})
        async with httpx.AsyncClient(base_url=base) as http:
            await _sign_in(http, new_token)

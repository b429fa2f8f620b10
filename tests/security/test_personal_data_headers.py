"""Every admin response holding people's details is kept by no cache and sniffed by no browser.

The JSON API (`GET /admin/api/waitlist` with the bearer token) is the whole waitlist, everyone's name,
phone and email, and went out with neither `Cache-Control: no-store` nor `X-Content-Type-Options:
nosniff`: a shared proxy or the browser's cache could keep it and hand it on. The plain-text and CSV
answers said their charset twice (`text/csv; charset=utf-8; charset=utf-8`). Here people from Faker
in many locales sign up on the real web chat and are saved; then each admin answer that shows them
(the page, an entry's erase page, a transcript, the CSV signed in and by bearer, the API) is fetched
over HTTP and its headers read.
"""

from __future__ import annotations

import re
from pathlib import Path

import httpx
import pytest

from tests.unit.brains.callers import caller
from tests.web.conftest import WebVisitor, web_app

TOKEN = "admin-token-for-security-tests-0123456789"
BEARER = {"Authorization": f"Bearer {TOKEN}"}
LOCALES = ("de_DE", "tr_TR", "pt_BR", "fr_FR", "pl_PL", "es_MX", "it_IT", "nl_NL", "sv_SE")


async def _sign_in(http: httpx.AsyncClient) -> None:
    csrf = re.search(r'name="csrf" value="([^"]+)"', (await http.get("/admin")).text)
    assert csrf
    signed = await http.post("/admin/login", data={"token": TOKEN, "csrf": csrf.group(1)})
    assert signed.status_code in (200, 303), signed.text[:300]


def _header_faults(path: str, response: httpx.Response) -> list[str]:
    faults = []
    if response.headers.get("cache-control") != "no-store":
        faults.append(f"{path}: cache-control {response.headers.get('cache-control')!r}")
    if response.headers.get("x-content-type-options") != "nosniff":
        faults.append(f"{path}: no nosniff")
    if response.headers.get("content-type", "").count("charset") > 1:
        faults.append(f"{path}: content-type {response.headers['content-type']!r}")
    return faults


@pytest.mark.parametrize("seed", [5, 17])
async def test_admin_answers_showing_people_are_never_cached_or_sniffed(
    database_url: str, tmp_path: Path, seed: int
) -> None:
    people = [caller(seed + i, LOCALES) for i in range(3)]
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        async with httpx.AsyncClient(base_url=base) as chat:
            visitor = WebVisitor(chat)
            await visitor.open("/")
            first = people[0]
            for text in (first["full_name"], first["phone"], first["email"], first["role"], "yes"):
                await visitor.say(text)
        for person in people[1:]:
            await runtime.store.save_entry(
                full_name=person["full_name"],
                phone=person["phone"],
                email=person["email"],
                role=person["role"],
                channel="web",
            )
        entries = await runtime.store.list_entries()
        assert sorted(e.email for e in entries) == sorted(p["email"] for p in people)
        [conv] = await runtime.store.list_conversations()

        faults: list[str] = []
        async with httpx.AsyncClient(base_url=base) as http:
            await _sign_in(http)
            for path in (
                "/admin",
                f"/admin?q={people[1]['email'].split('@')[0]}",
                f"/admin/entries/{entries[0].id}/erase",
                f"/admin/conversations/{conv.id}",
                "/admin/waitlist.csv",
            ):
                response = await http.get(path)
                assert response.status_code == 200, path
                faults += _header_faults(path, response)
        async with httpx.AsyncClient(base_url=base, headers=BEARER) as api:
            for path in ("/admin/api/waitlist", "/admin/waitlist.csv"):
                response = await api.get(path)
                assert response.status_code == 200, path
                assert all(p["email"] in response.text for p in people), path
                faults += _header_faults(f"{path} (bearer)", response)
        assert faults == []
        async with httpx.AsyncClient(base_url=base) as stranger:
            response = await stranger.get("/admin/waitlist.csv")
            assert response.status_code == 401
            assert response.headers["content-type"] == "text/plain; charset=utf-8"

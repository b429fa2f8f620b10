"""The admin page over real HTTP: disabled without a token, login, the table and its filters, CSV, transcripts."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import httpx
from markupsafe import escape

from knotty.export import EXPORT_COLUMNS, csv_text
from knotty.store import Store
from tests.web.conftest import SIGNUP, WebVisitor, web_app

TOKEN = "admin-token-7f3a9c-0b1d2e3f4a5b"


async def _sign_in(http: httpx.AsyncClient, token: str = TOKEN) -> httpx.Response:
    login = await http.get("/admin")
    csrf = re.search(r'name="csrf" value="([^"]+)"', login.text)
    assert csrf, login.text[:300]
    return await http.post("/admin/login", data={"token": token, "csrf": csrf.group(1)})


async def _seed(store: Store) -> None:
    await store.save_entry(
        full_name="Ana Lima", phone="+14155550100", email="ana@example.com", role="therapist", channel="voice"
    )
    await store.save_entry(
        full_name="Ben Okafor", phone="+14155550101", email="ben@example.com", role="client", channel="sms"
    )


def _names(page: str) -> list[str]:
    table = page.split('id="waitlist"', 1)[1].split("</table>", 1)[0]
    return re.findall(r"<tr>\s*<td data-label=\"Name\">([^<]+)</td>", table)


async def test_without_admin_token_the_admin_page_says_it_is_disabled(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        page = await http.get("/admin")
        assert page.status_code == 404
        assert "ADMIN_TOKEN" in page.text
        assert (await http.post("/admin/login", data={"token": ""})).status_code == 404
        assert (await http.get("/admin/waitlist.csv")).status_code == 404


async def test_sign_in_filter_download_and_sign_out(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        await _seed(runtime.store)
        async with httpx.AsyncClient(base_url=base) as http:
            login = await http.get("/admin")
            assert login.status_code == 200 and 'type="password"' in login.text
            assert "Ana Lima" not in login.text
            assert (await http.get("/admin/waitlist.csv")).status_code == 401
            assert (await http.post("/admin/login", data={"token": TOKEN})).status_code == 403, (
                "no CSRF token"
            )
            wrong = await _sign_in(http, "not-the-token")
            assert wrong.status_code == 401 and "not right" in wrong.text
            signed_in = await _sign_in(http)
            assert signed_in.status_code == 303
            cookie = next(
                h for h in signed_in.headers.get_list("set-cookie") if h.startswith("knotty_admin=")
            )
            assert all(flag in cookie.lower() for flag in ("httponly", "samesite=strict", "path=/admin"))

            page = await http.get("/admin")
            assert page.status_code == 200
            assert _names(page.text) == ["Ben Okafor", "Ana Lima"]
            assert "<svg" in page.text and "Signups per day" in page.text
            assert _names((await http.get("/admin", params={"role": "client"})).text) == ["Ben Okafor"]
            assert _names((await http.get("/admin", params={"channel": "voice"})).text) == ["Ana Lima"]
            assert _names((await http.get("/admin", params={"q": "ana@"})).text) == ["Ana Lima"]
            assert _names((await http.get("/admin", params={"q": "nobody"})).text) == []

            download = await http.get("/admin/waitlist.csv")
            assert download.status_code == 200
            assert download.headers["content-type"].startswith("text/csv")
            assert "attachment" in download.headers["content-disposition"]
            assert download.text == csv_text(await runtime.store.list_entries()), (
                "the same CSV as `knotty export`"
            )
            rows = list(csv.reader(io.StringIO(download.text)))
            assert tuple(rows[0]) == EXPORT_COLUMNS and len(rows) == 3
            clients = list(csv.reader(io.StringIO((await http.get("/admin/waitlist.csv?role=client")).text)))
            assert [r[0] for r in clients[1:]] == ["Ben Okafor"]

            csrf = re.search(r'name="csrf" value="([^"]+)"', page.text)
            assert csrf
            out = await http.post("/admin/logout", data={"csrf": csrf.group(1)})
            assert out.status_code == 303
            assert "Ana Lima" not in (await http.get("/admin")).text

        async with httpx.AsyncClient(base_url=base) as api:
            bearer = await api.get("/admin/waitlist.csv", headers={"Authorization": f"Bearer {TOKEN}"})
            assert bearer.status_code == 200 and "Ana Lima" in bearer.text


async def test_each_conversation_has_a_transcript_page(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        async with httpx.AsyncClient(base_url=base) as chat:
            visitor = WebVisitor(chat)
            await visitor.open("/")
            for text in [*SIGNUP, "<b>no</b> thanks"]:
                await visitor.say(text)
        async with httpx.AsyncClient(base_url=base) as http:
            [conv] = await runtime.store.list_conversations()
            anonymous = await http.get(f"/admin/conversations/{conv.id}")
            assert (anonymous.status_code, anonymous.headers["location"]) == (303, "/admin")
            await _sign_in(http)
            page = await http.get("/admin")
            assert f"/admin/conversations/{conv.id}" in page.text
            transcript = await http.get(f"/admin/conversations/{conv.id}")
            assert transcript.status_code == 200
            assert all(str(escape(text)) in transcript.text for text in SIGNUP)
            assert "&lt;b&gt;no&lt;/b&gt; thanks" in transcript.text
            assert "save_waitlist_entry" in transcript.text, "tool calls are shown"
            assert (await http.get("/admin/conversations/nope")).status_code == 404


async def test_admin_login_attempts_are_rate_limited(database_url: str, tmp_path: Path) -> None:
    async with (
        web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        statuses = [(await _sign_in(http, f"guess-{i}")).status_code for i in range(11)]
        assert statuses == [401] * 10 + [429]
        assert (await _sign_in(http)).status_code == 429, "even the right token waits"


async def test_an_entry_kept_apart_is_flagged_on_the_page_and_in_the_csv(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        await _seed(runtime.store)
        await runtime.store.save_entry(
            full_name="Mallory Stone",
            phone="+14155550199",
            email="ana@example.com",
            role="client",
            channel="web",
        )
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await _sign_in(http)).status_code == 303
            page = (await http.get("/admin")).text
            download = (await http.get("/admin/waitlist.csv")).text
    row = page.split("Mallory Stone", 1)[1].split("</tr>", 1)[0]
    assert "kept apart" in row and "shares its email with entry #1" in row
    assert "kept apart" not in page.split("Ana Lima", 1)[1].split("</tr>", 1)[0]
    rows = {r["full_name"]: r for r in csv.DictReader(io.StringIO(download))}
    assert rows["Ana Lima"]["review_reason"] == "" and "email" in rows["Mallory Stone"]["review_reason"]

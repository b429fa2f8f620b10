"""Issue 10, item 5: session fixation through the chat's hidden session field.

The attack: the attacker opens the chat to get a session and its CSRF token, then has the victim's
browser post a form from another site carrying both. The chat answered with the attacker's session
in the page, so everything the victim typed next (name, phone, email) landed in a conversation the
attacker could read by reloading their own page. Now posts from other origins are refused before
anything is stored, and the cookie-less page token is bound to its view and expires, after which the
page gets a fresh session of its own.
"""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pytest

from app.runtime import Runtime
from tests.web.conftest import WebVisitor, web_app
from web.sessions import PAGE_MAX_AGE_S, Sessions, Visitor

SECRET = "a-fixed-site-key-for-these-tests-0123456789abcdef"
EVIL = "https://evil.example"


async def _attacker_session(base: str, view: str = "page") -> dict[str, str]:
    async with httpx.AsyncClient(base_url=base) as http:
        attacker = WebVisitor(http, view=view)
        await attacker.open("/" if view == "page" else "/chat/embed")
        return dict(attacker.fields)


async def _what_people_typed(runtime: Runtime) -> list[str]:
    """Every visitor line stored in any conversation."""
    lines = []
    for conv in await runtime.store.list_conversations():
        lines += [line.content for line in await runtime.store.history(conv.id) if line.role == "user"]
    return lines


@pytest.mark.parametrize(
    "headers",
    [
        {"Origin": EVIL, "Sec-Fetch-Site": "cross-site"},
        {"Origin": EVIL},
        {"Sec-Fetch-Site": "cross-site"},
        {"Origin": "null", "Sec-Fetch-Site": "cross-site"},  # a sandboxed iframe on the attacker's page
        {"Origin": "https://chat.example.evil.example", "Sec-Fetch-Site": "same-site"},
    ],
)
async def test_a_cross_site_form_cannot_plant_the_attackers_session(
    headers: dict[str, str], database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as victim:
        planted = await _attacker_session(base)
        for htmx in (False, True):
            extra = {**headers, "HX-Request": "true"} if htmx else headers
            form = {**planted, "view": "page", "text": "Jane Doe"}
            response = await victim.post("/chat/message", data=form, headers=extra)
            assert response.status_code == 403
            assert "another website" in response.text
            assert planted["sid"] not in response.text and planted["csrf"] not in response.text
            assert "knotty_session" not in response.headers.get("set-cookie", "")
        restart = await victim.post("/chat/restart", data={**planted, "view": "page"}, headers=headers)
        assert restart.status_code == 403
        assert await _what_people_typed(runtime) == [], "nothing the victim typed reached the attacker"
        assert await runtime.store.list_conversations() == [], (
            "nothing stored: the attacker only viewed the page"
        )


async def test_this_site_and_the_listed_embedders_may_post(database_url: str, tmp_path: Path) -> None:
    env = {"KNOTTY_ALLOWED_ORIGINS": "https://partner.example,https://*.spa.example"}
    async with web_app(database_url, tmp_path, **env) as (base, _), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        for origin in (base, "https://partner.example", "https://shop.spa.example", None):
            headers = {"Origin": origin, "Sec-Fetch-Site": "same-origin"} if origin else {}
            data = {**visitor.fields, "view": "page", "text": "hello"}
            response = await http.post("/chat/message", data=data, headers={**headers, "HX-Request": "true"})
            assert response.status_code == 200, (origin, response.text[:200])
        refused = await http.post(
            "/chat/message",
            data={**visitor.fields, "view": "page", "text": "hello"},
            headers={"Origin": "https://spa.example.evil.example"},
        )
        assert refused.status_code == 403


async def test_allowing_any_embedder_does_not_allow_foreign_posts(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path, KNOTTY_ALLOWED_ORIGINS="*") as (base, runtime):
        planted = await _attacker_session(base, "embed")
        async with httpx.AsyncClient(base_url=base) as victim:
            form = {**planted, "view": "embed", "text": "Jane Doe"}
            assert (
                await victim.post("/chat/message", data=form, headers={"Origin": EVIL})
            ).status_code == 403
        assert await _what_people_typed(runtime) == []


async def test_an_expired_page_token_gets_page_expired_and_a_fresh_session(
    database_url: str, tmp_path: Path
) -> None:
    async with (
        web_app(database_url, tmp_path, KNOTTY_SECRET_KEY=SECRET) as (base, runtime),
        httpx.AsyncClient(base_url=base) as http,
    ):
        victim = WebVisitor(http)
        await victim.open("/")
        http.cookies.clear()  # a browser that blocks the cookie: only the page token carries the session
        old_session = victim.fields["sid"].split(".")[0]
        issued_long_ago = Sessions(SECRET, clock=lambda: time.time() - PAGE_MAX_AGE_S - 60)
        stale = issued_long_ago.page_token(Visitor(victim.fields["sid"].split(".")[0], ""), "page")
        assert stale.split(".")[0] == victim.fields["sid"].split(".")[0], "same session id, older stamp"
        expired = await victim.say("Jane Doe", htmx=False, sid=stale)
        assert expired.status_code == 403
        assert "expired" in expired.text.lower()
        assert "knotty_session=" in expired.headers.get("set-cookie", ""), "a fresh session comes with it"
        assert victim.fields["sid"] != stale
        http.cookies.clear()
        fresh = await victim.say("Jane Doe")
        assert fresh.status_code == 200
        conversations = await runtime.store.list_conversations()
        assert len(conversations) == 1, "the fresh page started its own conversation"
        assert conversations[0].external_id != old_session, "the expired session got nothing"
        assert await _what_people_typed(runtime) == ["Jane Doe"]


async def test_an_expired_htmx_post_gets_fresh_form_tokens(database_url: str, tmp_path: Path) -> None:
    async with (
        web_app(database_url, tmp_path, KNOTTY_SECRET_KEY=SECRET) as (base, _),
        httpx.AsyncClient(base_url=base) as http,
    ):
        victim = WebVisitor(http)
        await victim.open("/")
        http.cookies.clear()
        session_id = victim.fields["sid"].split(".")[0]
        stale = Sessions(SECRET, clock=lambda: time.time() - PAGE_MAX_AGE_S - 60).page_token(
            Visitor(session_id, ""), "page"
        )
        expired = await victim.say("Jane Doe", sid=stale)
        assert expired.status_code == 403 and "expired" in expired.text.lower()
        assert 'hx-swap-oob="true"' in expired.text and victim.fields["sid"] != stale
        http.cookies.clear()
        assert (await victim.say("Jane Doe")).status_code == 200


async def test_a_page_token_works_only_for_the_view_that_issued_it(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path) as (base, _), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http, view="embed")
        await visitor.open("/chat/embed")
        http.cookies.clear()
        moved = await http.post(
            "/chat/message",
            data={**visitor.fields, "view": "page", "text": "Jane Doe"},
            headers={"HX-Request": "true"},
        )
        assert moved.status_code == 403
        http.cookies.clear()
        assert (await visitor.say("Jane Doe")).status_code == 200


def test_the_page_token_is_not_the_cookie_value() -> None:
    sessions = Sessions(SECRET)
    visitor = sessions.new_visitor()
    assert sessions.page_token(visitor, "page") != visitor.token

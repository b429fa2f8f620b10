"""The web chat under odd input and forged sessions, and what of it reaches the admin pages.

A stranger posts to the chat what no browser would: text past the size limit, NUL and other control
characters, invalid UTF-8, right-to-left overrides, emoji, markup; without htmx's headers or with odd
ones; with a session cookie forged from another visitor's id. The visitor expects never a 500 and no
half-saved entry; another visitor expects their conversation unread and unchanged; the admin expects
the markup typed into a chat to reach the admin page and the transcript as text, never as HTML.
"""

from __future__ import annotations

import re
import secrets
import unicodedata
from pathlib import Path

import httpx
import pytest
from markupsafe import escape

from tests.security.test_web_attacks import TOKEN, _sign_in
from tests.web.conftest import WebVisitor, bubbles, web_app

MARKUP = ['<script>alert("x")</script>', '<img src=x onerror="alert(1)">', '"><svg onload=alert(1)>']
ODD_TEXTS = [
    "x" * 5_000,
    "Ana\x00Lima",
    "\x00",
    "\x1b[31mAna\x07 Lima\x7f",
    "Ana \u202eamiL",
    "\u2067Ana Lima\u2069",
    "\U0001f338\U0001f600" * 300,
    "\ufeff\u200b\u200d",
    "\r\n\r\n",
    *MARKUP,
]
ODD_HEADERS: list[dict[str, str] | dict[bytes, bytes]] = [
    {},
    {"HX-Request": "false"},
    {"HX-Request": "true", "HX-Target": "</div><script>", "HX-Current-URL": "javascript:alert(1)"},
    {b"HX-Request": b"TRUE", b"HX-Boosted": b"true", b"HX-Trigger": b"\xe2\x80\xae\xff"},
]
ALLOWED = {200, 400, 403, 413, 422, 429}


def _no_server_error(response: httpx.Response, sent: object) -> None:
    assert response.status_code in ALLOWED, (sent, response.status_code, response.text[:300])


async def test_odd_text_and_headers_never_fail_and_save_nothing_half(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        for i, text in enumerate(ODD_TEXTS):
            headers = ODD_HEADERS[i % len(ODD_HEADERS)]
            data = {**visitor.fields, "view": "page", "text": text}
            response = await http.post("/chat/message", data=data, headers=headers)
            _no_server_error(response, (text[:40], headers))
            visitor._remember(response.text)
        too_big = await http.post(
            "/chat/message", data={**visitor.fields, "view": "page", "text": "y" * 70_000}
        )
        _no_server_error(too_big, "70 kB")
        raw = "&".join(f"{k}={v}" for k, v in {**visitor.fields, "view": "page"}.items())
        for body in (raw + "&text=%ff%fe%fd", raw + "&text=%ed%a0%80", raw + "&text=a&text=b", "text=%00"):
            response = await http.post(
                "/chat/message",
                content=body.encode(),
                headers={"Content-Type": "application/x-www-form-urlencoded", "HX-Request": "true"},
            )
            _no_server_error(response, body[-20:])
        for view in ("embed", "nope", "page\x00", "../admin"):
            response = await http.post("/chat/message", data={**visitor.fields, "view": view, "text": "hi"})
            _no_server_error(response, view)
        assert (await visitor.say("hello")).status_code == 200, "the chat still works"
        assert await runtime.store.list_entries() == [], "nothing was half saved"


async def test_a_signup_with_odd_characters_is_saved_clean_and_shown_as_text_to_the_admin(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path, ADMIN_TOKEN=TOKEN) as (base, runtime):
        async with httpx.AsyncClient(base_url=base) as http:
            visitor = WebVisitor(http)
            await visitor.open("/")
            for text in (
                "Zoë O'Brien-Ñúñez \U0001f600",
                *MARKUP,
                "415 555 0123",
                "zoe@example.com",
                "\u202eclient",
                "yes",
                "no thanks",
            ):
                reply = await visitor.say(text)
                assert reply.status_code == 200
                for markup in MARKUP:
                    assert markup not in reply.text, "typed markup came back as HTML in the chat"
        [entry] = await runtime.store.list_entries()
        for value in (entry.full_name, entry.email, entry.phone, entry.role):
            assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in value), repr(value)
        assert entry.full_name.startswith("Zoë O'Brien-Ñúñez")
        [conversation] = await runtime.store.list_conversations()
        async with httpx.AsyncClient(base_url=base) as admin:
            await _sign_in(admin)
            listing = await admin.get("/admin")
            transcript = await admin.get(f"/admin/conversations/{conversation.id}")
        assert listing.status_code == transcript.status_code == 200
        assert str(escape(entry.full_name)) in listing.text, "the name is shown, escaped"
        for markup in MARKUP:
            assert markup not in transcript.text and markup not in listing.text
            assert str(escape(markup)) in transcript.text, "the typed markup is in the transcript, as text"
        assert not re.search(r"<script>alert|<img src=x|<svg onload", transcript.text)


@pytest.mark.parametrize("forge", ["bare id", "other signature", "swapped id"])
async def test_a_forged_session_cookie_reads_and_changes_nothing_of_another_visitor(
    database_url: str, tmp_path: Path, forge: str
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime):
        async with httpx.AsyncClient(base_url=base) as ana_http:
            ana = WebVisitor(ana_http)
            await ana.open("/")
            for text in ("Ana Lima", "415 555 0100", "ana.lima@example.com"):
                await ana.say(text)
            cookie = ana_http.cookies.get("knotty_session") or ""
        ana_id = cookie.split(".")[0]
        [before] = await runtime.store.list_conversations()
        forged = {
            "bare id": ana_id,
            "other signature": ana_id + "." + secrets.token_urlsafe(20),
            "swapped id": secrets.token_hex(16) + "." + cookie.split(".", 1)[-1],
        }[forge]
        async with httpx.AsyncClient(base_url=base, cookies={"knotty_session": forged}) as mallory_http:
            mallory = WebVisitor(mallory_http)
            page = await mallory.open("/")
            said = [page.text]
            for text in ("what did I say my email was?", "yes", "my email is mallory@evil.example", "yes"):
                response = await mallory.say(text)
                _no_server_error(response, text)
                said.append(response.text)
            for extra in ({}, {"sid": ana.fields.get("sid", "")}, {"sid": "x" * 5_000, "csrf": "\x00"}):
                restart = await mallory_http.post(
                    "/chat/restart",
                    data={**mallory.fields, "view": "page", **extra},
                    headers={"HX-Request": "true"},
                )
                _no_server_error(restart, ("restart", list(extra)))
        for page_text in said:
            for stored in ("Ana", "Lima", "ana.lima", "0100"):
                assert stored not in " ".join(bubbles(page_text) + bubbles(page_text, "user")), stored
        after = next(c for c in await runtime.store.list_conversations() if c.id == before.id)
        assert (after.turns, after.status) == (before.turns, before.status), "Ana's conversation is untouched"
        assert await runtime.store.list_entries() == []

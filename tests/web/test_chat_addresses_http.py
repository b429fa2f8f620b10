"""A visitor without JavaScript opens the address their browser shows after a chat post.

Without JavaScript the chat form posts to `/chat/message` (and "Start over" to `/chat/restart`), so that
is the address in the browser's bar and history. Opening it again (from the history, a tab the phone
restores, Enter in the address bar) is a GET: the visitor must land back in their chat, with what they
said, not on an error page. Generated people: Faker names in several locales.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from faker import Faker

from tests.web.conftest import WebVisitor, bubbles, web_app


def _name(locale: str, seed: int) -> str:
    fake = Faker(locale)
    fake.seed_instance(seed)
    return f"{fake.first_name()} {fake.last_name()}"


@pytest.mark.parametrize(
    ("locale", "seed", "address"),
    [("en_US", 1, "/chat/message"), ("ar_SA", 2, "/chat/message"), ("es_ES", 3, "/chat/restart")],
)
async def test_the_address_after_a_post_opened_again_shows_the_chat(
    database_url: str, tmp_path: Path, locale: str, seed: int, address: str
) -> None:
    name = _name(locale, seed)
    async with web_app(database_url, tmp_path) as (base, _runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        page = await visitor.say(name, htmx=False)
        assert bubbles(page.text, "user") == [name]
        reopened = await http.get(address, headers={"Sec-Fetch-Dest": "document"}, follow_redirects=True)
        assert reopened.status_code == 200
        assert "<!doctype html>" in reopened.text
        assert bubbles(reopened.text, "user") == [name], "their chat, as they left it"
        assert bubbles(reopened.text) == bubbles(page.text)
        assert str(reopened.url) == base + "/"


async def test_the_address_opened_inside_the_widget_stays_in_the_widget(
    database_url: str, tmp_path: Path
) -> None:
    name = _name("de_DE", 4)
    async with web_app(database_url, tmp_path) as (base, _runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http, view="embed")
        await visitor.open("/chat/embed")
        await visitor.say(name, htmx=False)
        reopened = await http.get(
            "/chat/message", headers={"Sec-Fetch-Dest": "iframe"}, follow_redirects=True
        )
        assert reopened.status_code == 200
        assert str(reopened.url) == base + "/chat/embed"
        assert bubbles(reopened.text, "user") == [name]

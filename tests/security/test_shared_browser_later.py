"""The next person at a shared or public computer, opening the site after the last one has left.

The web chat's cookie lasts 30 days, and a finished (or abandoned) chat was shown whole to whoever opened the
page in that browser while it lasted: the read-back with the last person's phone and email, "You're on the
list". Now a chat whose last turn is older than `web.conversation.SHOWN_FOR` is not shown when a page is
opened: the page starts a new session, with a new cookie, and nothing the browser sends reaches the old chat.
Within that hour (a reload, a second tab) the chat is still shown as it stands. Played over real HTTP, with
the chat's last turn moved back in the database as an hour passing would leave it.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from sqlalchemy import update

from app.runtime import Runtime
from knotty.store.models import Conversation, table_of, utcnow
from tests.web.conftest import SIGNUP, WebVisitor, bubbles, web_app
from web.conversation import SHOWN_FOR
from web.sessions import VISITOR_COOKIE


async def _last_spoke(runtime: Runtime, ago: timedelta) -> None:
    async with runtime.store.engine.begin() as conn:
        await conn.execute(update(table_of(Conversation)).values(updated_at=utcnow() - ago))


def _page_text(page: str) -> str:
    return " ".join(bubbles(page) + bubbles(page, "user")).lower()


@pytest.mark.parametrize("finished", [True, False], ids=["signed-up", "left-mid-signup"])
async def test_a_page_opened_after_the_chat_went_quiet_shows_none_of_it(
    database_url: str, tmp_path: Path, finished: bool
) -> None:
    email = next(t for t in SIGNUP if "@" in t).lower()
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        first = WebVisitor(http)
        await first.open("/")
        for text in [*SIGNUP, "no thanks"] if finished else SIGNUP[:3]:
            await first.say(text)
        reload = await http.get("/")
        assert email in _page_text(reload.text), "within the hour the chat is shown as it stands"
        old_cookie = http.cookies.get(VISITOR_COOKIE)

        await _last_spoke(runtime, SHOWN_FOR + timedelta(minutes=1))
        for path in ("/", "/chat/embed"):
            page = await http.get(path)
            text = _page_text(page.text)
            assert page.status_code == 200 and email not in text and "on the list" not in text, (path, text)
            assert "full name" in text, "a new chat's greeting"
        assert http.cookies.get(VISITOR_COOKIE) not in (None, old_cookie), (
            "a new session: the old chat is out of reach"
        )

        nxt = WebVisitor(http)
        await nxt.open("/")
        for text in ("hi", "yes"):
            reply = await nxt.say(text)
            assert reply.status_code == 200 and email not in _page_text(reply.text), text
        entries = await runtime.store.list_entries()
    assert len(entries) == (1 if finished else 0), "the last person's signup is as they left it"

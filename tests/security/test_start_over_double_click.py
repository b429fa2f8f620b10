""" "Start over" pressed twice at once (a double-click) by one person.

Each press counted against the per-address limit on new chats (30 a minute), so a person who
double-clicked was refused a new chat after fifteen; and with the two posts on two workers, one of them
could lose the race to open the new conversation and show "unavailable". Now a restart counts once per
ended chat (the second press finds that chat's restart counted), a restart of a chat still going counts
nothing and opens nothing, and both presses show the new chat. Played over real HTTP against two real
app servers on one database.
"""

from __future__ import annotations

import asyncio
from contextlib import AsyncExitStack
from pathlib import Path

import sqlalchemy as sa

from knotty.store import create_engine
from tests.security.test_texts_per_address import _client, _two_servers
from tests.web.conftest import WebVisitor, bubbles


async def _end_a_chat(visitor: WebVisitor) -> None:
    """The visitor says they are leaving before giving anything: the chat ends, "Start over" shown."""
    reply = await visitor.say("bye, I have to go")
    assert reply.status_code == 200 and 'action="/chat/restart"' in reply.text, bubbles(reply.text)


async def _new_chats_counted(database_url: str, address: str) -> int:
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            query = sa.text("SELECT COALESCE(SUM(hits), 0) FROM rate_limit_hits WHERE key = :key")
            return int((await conn.execute(query, {"key": f"chat-new:{address}"})).scalar_one())
    finally:
        await engine.dispose()


async def test_a_double_clicked_start_over_counts_one_new_chat(database_url: str, tmp_path: Path) -> None:
    """Fifteen chats ended and each "Start over" double-clicked, the two posts split over both servers:
    before, each press counted twice and the fifteenth was refused as too many new chats (30 a minute)."""
    async with AsyncExitStack() as stack:
        bases = await _two_servers(stack, database_url, tmp_path)
        http = await stack.enter_async_context(_client(bases[0], "192.0.2.44"))
        visitor = WebVisitor(http)
        await visitor.open("/")
        for _ in range(15):
            await _end_a_chat(visitor)
            form = {**visitor.fields, "view": "page"}
            presses = await asyncio.gather(
                *(
                    http.post(f"{base}/chat/restart", data=form, headers={"HX-Request": "true"})
                    for base in bases
                )
            )
            assert [p.status_code for p in presses] == [200, 200], [bubbles(p.text) for p in presses]
            visitor._remember(presses[0].text)
            assert 'action="/chat/restart"' not in presses[0].text, "a new chat is open"
    assert await _new_chats_counted(database_url, "192.0.2.44") == 1 + 15, "the page, then one per ended chat"


async def test_start_over_on_a_chat_still_going_counts_nothing_and_opens_nothing(
    database_url: str, tmp_path: Path
) -> None:
    """A script posting "Start over" again and again without ending a chat gets no new chat and no count;
    ending one and pressing it is counted every time."""
    async with AsyncExitStack() as stack:
        bases = await _two_servers(stack, database_url, tmp_path)
        http = await stack.enter_async_context(_client(bases[0], "192.0.2.45"))
        visitor = WebVisitor(http)
        await visitor.open("/")
        await visitor.say("hi")
        for i in range(5):
            pressed = await http.post(f"{bases[i % 2]}/chat/restart", data={**visitor.fields, "view": "page"})
            assert pressed.status_code == 200
        for _ in range(3):
            await _end_a_chat(visitor)
            await visitor.restart()
    assert await _new_chats_counted(database_url, "192.0.2.45") == 1 + 3

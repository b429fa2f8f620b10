"""Two tabs of one chat answering at the same moment into two `knotty serve` processes.

Each process holds its own per-conversation lock, so only the database can tell the second answer
that the conversation went on under it. A "yes" typed in a tab showing the read-back is a yes to the
read-back: whichever process answers second must not take it as a yes to the confirmation text its
tab never showed.
"""

from __future__ import annotations

import asyncio
import html
import re
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text as sql

from knotty.store import Store, create_engine
from tests.security.test_stale_tab_answers import _signup
from tests.security.test_two_processes import _twilio_env
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.serve_process import free_port, knotty_serve_process
from tests.web.conftest import bubbles

pytestmark = pytest.mark.slow


@dataclass
class TwoServers:
    bases: list[str]
    rest: FakeTwilioRest
    store: Store


@pytest.fixture
async def two_servers(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwoServers]:
    """Two `knotty serve` processes on one database, texting through the fake Twilio, served over plain
    http (a loopback `PUBLIC_BASE_URL`: the chat's cookies go without `Secure`, as a browser sends them)."""
    rest, rest_url = fake_rest
    env = {**_twilio_env(database_url, tmp_path, rest_url), "PUBLIC_BASE_URL": "http://127.0.0.1:8000"}
    engine = create_engine(database_url)
    async with AsyncExitStack() as stack:
        stack.push_async_callback(engine.dispose)
        bases: list[str] = []
        for _ in range(2):
            port = free_port()
            await stack.enter_async_context(knotty_serve_process(port, env))
            bases.append(f"http://127.0.0.1:{port}")
        yield TwoServers(bases, rest, Store(engine))


_HIDDEN = re.compile(r'<input type="hidden" name="(\w+)"(?: id="[\w-]+")? value="([^"]*)"')


@dataclass
class Tab:
    """One browser tab of the chat on one process (the cookie jar is the browser's, shared)."""

    http: httpx.AsyncClient
    base: str
    fields: dict[str, str] = field(default_factory=dict)

    def remember(self, page: str) -> None:
        for name, value in _HIDDEN.findall(page):
            self.fields[name] = html.unescape(value)

    async def open(self) -> httpx.Response:
        response = await self.http.get(f"{self.base}/")
        self.remember(response.text)
        return response

    async def say(self, text: str) -> httpx.Response:
        data = {**self.fields, "view": "page", "text": text}
        response = await self.http.post(
            f"{self.base}/chat/message", data=data, headers={"HX-Request": "true"}
        )
        self.remember(response.text)
        return response


@pytest.mark.parametrize("delay_ms", [0])
async def test_two_tabs_saying_yes_at_the_read_back_into_two_processes_send_no_text(
    two_servers: TwoServers, delay_ms: int
) -> None:
    answers = _signup("en_US", 1717 + delay_ms)
    async with httpx.AsyncClient() as http:
        first, second = Tab(http, two_servers.bases[0]), Tab(http, two_servers.bases[1])
        await first.open()
        for text in answers:
            await first.say(text)
        assert answers[2] in " ".join(bubbles((await second.open()).text)), (
            "the second tab shows the read-back"
        )

        async def later(tab: Tab, text: str) -> httpx.Response:
            await asyncio.sleep(delay_ms / 1000)
            return await tab.say(text)

        replies = await asyncio.gather(first.say("yes"), later(second, "yes"))
        assert sorted(r.status_code for r in replies) == [200, 409], [r.status_code for r in replies]
        [entry] = await two_servers.store.list_entries()
        assert entry.email == answers[2]
        assert entry.confirmation_sms_requested_at is None, "a text nobody said yes to"
        stale = next(r for r in replies if r.status_code == 409)
        assert "text" in bubbles(stale.text)[-1].lower(), "the tab answered second is shown the offer"
        again = await (second if replies[1] is stale else first).say("yes please")
        assert any(w in " ".join(bubbles(again.text)).lower() for w in ("on its way", "text you"))
        [entry] = await two_servers.store.list_entries()
        assert entry.confirmation_sms_requested_at is not None, "the yes to the offer it showed is one"


async def _at_the_offer(http: httpx.AsyncClient, bases: list[str], answers: list[str]) -> tuple[Tab, Tab]:
    """A chat signed up in one process's tab, and the same chat opened in the other's: both show the
    confirmation text's offer."""
    first, second = Tab(http, bases[0]), Tab(http, bases[1])
    await first.open()
    for text in [*answers, "yes"]:
        reply = await first.say(text)
    assert "text" in bubbles(reply.text)[-1].lower(), "the first tab is offered the confirmation text"
    assert "text" in bubbles((await second.open()).text)[-1].lower(), "the second tab shows the offer"
    return first, second


async def _yes_held_while_no_is_written(
    yes_tab: Tab, no_tab: Tab, store: Store
) -> tuple[httpx.Response, ...]:
    """PostgreSQL: the "yes" sent while the texts' table is locked, so its turn waits at the text's
    checks; the "no" (which reads no text) sent and answered meanwhile; then the lock let go."""
    async with store.engine.connect() as conn:
        await conn.begin()
        await conn.execute(sql("LOCK TABLE confirmation_texts IN ACCESS EXCLUSIVE MODE"))
        yes = asyncio.create_task(yes_tab.say("yes please"))
        await asyncio.sleep(0.5)  # the yes's turn has read the conversation, and waits
        no = await no_tab.say("no thanks")
        await conn.rollback()
    return await yes, no


async def test_a_yes_to_the_text_that_loses_to_a_no_in_another_process_sends_no_text(
    two_servers: TwoServers,
) -> None:
    """Two tabs at the text's offer, "yes please" in one process and "no thanks" in the other while the
    "yes" is still under way. Whichever the stored conversation holds is what happens: a "yes" whose
    turn lost to the "no" (its tab shown a 409 and the "no") must not have a text sent, nor the entry
    say one was asked for. On PostgreSQL the yes is made to lose; on SQLite, who goes first and by how
    much varies until it does (a few tries)."""
    postgres = two_servers.store.engine.dialect.name == "postgresql"
    declined: list[str] = []
    for attempt in range(1 if postgres else 10):
        answers = _signup("en_US", 1770 + attempt)
        answers[1] = f"(201) 555-01{40 + attempt}"
        number = f"+12015550{140 + attempt}"
        yes_ms, no_ms = (0, attempt // 2) if attempt % 2 else (attempt // 2, 0)
        async with httpx.AsyncClient() as http:
            yes_tab, no_tab = await _at_the_offer(http, two_servers.bases, answers)

            async def later(tab: Tab, said: str, delay_ms: int) -> httpx.Response:
                await asyncio.sleep(delay_ms / 1000)
                return await tab.say(said)

            if postgres:
                yes, no = await _yes_held_while_no_is_written(yes_tab, no_tab, two_servers.store)
            else:
                yes, no = await asyncio.gather(
                    later(yes_tab, "yes please", yes_ms), later(no_tab, "no thanks", no_ms)
                )
        [entry] = [e for e in await two_servers.store.list_entries() if e.email == answers[2]]
        [conv] = await two_servers.store.list_conversations(entry_id=entry.id)
        if conv.state["sms"] == "accepted":
            assert not postgres, "the no was written first"
            assert yes.status_code == 200, "the yes the conversation holds was shown"
            for _ in range(100):  # the outbox's sweeper (every second) sends it
                if two_servers.rest.messages_to(number):
                    break
                await asyncio.sleep(0.05)
            assert len(two_servers.rest.messages_to(number)) == 1
            continue
        assert conv.state["sms"] == "declined", conv.state
        assert no.status_code == 200, "the no the conversation holds was shown"
        told_yes = " ".join(bubbles(yes.text)[-2:]).lower()  # its answer, or the no's it is shown
        assert "on its way" not in told_yes and "i'll text" not in told_yes, told_yes
        assert entry.confirmation_sms_requested_at is None, "the entry says a text was asked for"
        declined.append(number)
    await asyncio.sleep(2.5)  # the outbox's sweeper (every second) would have sent one
    for number in declined:
        texts = [m.body for m in two_servers.rest.messages_to(number)]
        assert texts == [], f"a text sent for a yes the stored conversation does not hold: {texts}"

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

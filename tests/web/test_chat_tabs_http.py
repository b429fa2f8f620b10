"""Two tabs of one chat (one session cookie, so one conversation), over real HTTP as htmx posts them.

Each tab keeps what the server sends it: the lines of each answer after its own, or in their place
when the answer says so (`hx-reswap: innerHTML`). A message from a tab behind the chat is not answered
(409, `tests/security/test_stale_tab_answers.py`): the tab is shown what it missed and sends it again. After every exchange, in either tab, what the tab
shows must be the whole conversation as stored, in order: a line said in the other tab is not missing,
and the tab's own line does not show up out of place.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import httpx
import phonenumbers
import pytest
from faker import Faker

from tests.web.conftest import WebVisitor, web_app
from web.ratelimit import CATCH_UPS

_LINE = re.compile(
    r'<div class="msg msg-(user|bot)(?: msg-[\w-]+)*"[^>]*><span class="sr-only"[^>]*>[^<]*</span>(.*?)</div>',
    re.DOTALL,
)


def _lines(page: str) -> list[tuple[str, str]]:
    """(who, text) of each chat bubble in a page or fragment, in order, markup removed."""
    return [
        (who, " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()))
        for who, text in _LINE.findall(page)
    ]


class Tab:
    """A browser tab of the chat: its own form fields and the lines it shows, the cookie shared."""

    def __init__(self, http: httpx.AsyncClient) -> None:
        self.visitor = WebVisitor(http)
        self.shown: list[tuple[str, str]] = []

    async def open(self) -> None:
        self.shown = _lines((await self.visitor.open("/")).text)

    async def say(self, text: str) -> None:
        """Send `text`; a tab behind the chat (the other tab spoke) is shown what it missed, its message
        unanswered (409), and sends it again as the person would from the box it is back in."""
        response = await self.visitor.say(text)
        if response.status_code == 409:
            self._take(response)
            response = await self.visitor.say(text)
        assert response.status_code == 200, response.text
        self._take(response)

    def _take(self, response: httpx.Response) -> None:
        new = _lines(response.text)
        self.shown = new if response.headers.get("hx-reswap") == "innerHTML" else self.shown + new


def _person(locale: str) -> tuple[str, str, str]:
    fake = Faker(locale)
    fake.seed_instance(7)
    region = {"en_US": "US", "en_GB": "GB", "it_IT": "IT", "ja_JP": "JP"}[locale]
    number = phonenumbers.example_number_for_type(region, phonenumbers.PhoneNumberType.MOBILE)
    assert number is not None
    phone = phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)
    return f"{fake.first_name()} {fake.last_name()}", phone, fake.free_email()


@pytest.mark.parametrize("locale", ["en_US", "en_GB", "it_IT", "ja_JP"])
async def test_two_tabs_of_one_chat_each_show_the_whole_conversation_after_each_exchange(
    database_url: str, tmp_path: Path, locale: str
) -> None:
    name, phone, email = _person(locale)
    async with web_app(database_url, tmp_path) as (base, _runtime), httpx.AsyncClient(base_url=base) as http:
        first, second = Tab(http), Tab(http)
        await first.open()  # a new visitor: the cookie is set here
        await second.open()  # the same chat in a second tab, before anything was said
        script = [(first, name), (first, phone), (second, email), (first, "I'm a client"), (second, "yes")]
        for tab, text in script:
            await tab.say(text)
            stored = _lines((await WebVisitor(http).open("/")).text)
            assert ("user", text) in stored
            assert tab.shown == stored, f"after {text!r} the tab shows the conversation as stored"


async def _catch_up(tab: Tab, **overrides: str) -> httpx.Response:
    data = {**tab.visitor.fields, "view": tab.visitor.view, **overrides}
    response = await tab.visitor.http.post("/chat/lines", data=data, headers={"HX-Request": "true"})
    tab.visitor._remember(response.text)
    new = _lines(response.text)
    tab.shown = new if response.headers.get("hx-reswap") == "innerHTML" else tab.shown + new
    return response


@pytest.mark.parametrize("locale", ["en_US", "ja_JP"])
async def test_a_tab_that_asks_again_gets_what_the_other_tab_said_and_nothing_else(
    database_url: str, tmp_path: Path, locale: str
) -> None:
    name, phone, _email = _person(locale)
    async with web_app(database_url, tmp_path) as (base, _runtime), httpx.AsyncClient(base_url=base) as http:
        first, second = Tab(http), Tab(http)
        await first.open()
        await second.open()
        assert (await _catch_up(second)).status_code == 204, "nothing said yet: nothing opened, nothing sent"
        for text in (name, phone):
            await first.say(text)
        assert (await _catch_up(second, csrf="from-another-page")).status_code == 204
        response = await _catch_up(second)
        assert response.status_code == 200
        stored = _lines((await WebVisitor(http).open("/")).text)
        assert second.shown == stored
        assert (await _catch_up(second)).status_code == 204, "caught up: nothing more"
        await first.say("bye, not interested")
        if first.visitor.last is not None and 'action="/chat/restart"' not in first.visitor.last.text:
            await first.say("no, goodbye")
        ended = await _catch_up(second)
        assert second.shown == _lines((await WebVisitor(http).open("/")).text)
        assert 'action="/chat/restart"' in ended.text, "the tab shows the chat ended, with Start over"
        assert 'id="knotty-input"' not in ended.text


async def test_a_tab_asking_in_a_loop_is_held_back(database_url: str, tmp_path: Path) -> None:
    """Each catch-up reads the conversation: past `CATCH_UPS` a minute a session's catch-ups get the empty
    204 even when the other tab said something new, and the tab gets it with its next message instead."""
    name, phone, email = _person("en_GB")
    async with web_app(database_url, tmp_path) as (base, _runtime), httpx.AsyncClient(base_url=base) as http:
        first, second = Tab(http), Tab(http)
        await first.open()
        await second.open()
        await first.say(name)
        answered = [(await _catch_up(second)).status_code for _ in range(CATCH_UPS.limit)]
        assert answered[0] == 200 and set(answered[1:]) == {204}
        await first.say(phone)
        assert (await _catch_up(second)).status_code == 204, "over the limit: nothing read, nothing sent"
        await second.say(email)
        assert second.shown == _lines((await WebVisitor(http).open("/")).text)

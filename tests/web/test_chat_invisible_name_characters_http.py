"""Characters that show nothing, typed into a name in the web chat, never reach the database.

Round 16's attacker typed a blank game nickname's Hangul filler ("ㅤㅤ Lea Wu") and an emoji's variation
selector into the name: both were read back looking right and saved with the invisible characters in
them, and a name of fillers alone ("ㅤ ㅤ") was taken as a name. People of several locales from Faker.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from faker import Faker

from tests.web.conftest import WebVisitor, bubbles, web_app


def _name(locale: str) -> str:
    fake = Faker(locale)
    fake.seed_instance(1616)
    while True:
        first, last = fake.first_name(), fake.last_name()
        if first.isalpha() and last.isalpha():
            return f"{first} {last}"


_NAMES = [_name(locale) for locale in ("ko_KR", "en_US", "de_DE", "ja_JP")]


def _hidden(way: str, name: str) -> str:
    """`name` with characters that show nothing typed into it, one way."""
    if way == "hangul-filler":
        return f"\u3164\u3164 {name}"  # a blank game nickname before the name
    if way == "halfwidth-filler":
        return name.replace(" ", " \uffa0")
    if way == "variation-selector":
        return name.replace(" ", "\ufe0f ")  # an emoji's selector left behind
    return name + "\u034f"  # the combining grapheme joiner


_WAYS = ["hangul-filler", "halfwidth-filler", "variation-selector", "grapheme-joiner"]


@pytest.mark.parametrize("way", _WAYS)
@pytest.mark.parametrize("name", _NAMES)
async def test_the_saved_name_holds_only_what_shows(
    database_url: str, tmp_path: Path, name: str, way: str
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        for text in [_hidden(way, name), "415 555 0134", "person@example.com", "client", "yes"]:
            page = await visitor.say(text)
            assert page.status_code == 200
        [entry] = await runtime.store.list_entries()
        assert entry.full_name == name, bubbles(page.text)


async def test_a_name_of_fillers_alone_is_asked_again(database_url: str, tmp_path: Path) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        page = await visitor.say("\u3164 \u3164")
        assert "name" in bubbles(page.text)[-1].lower()
        for text in ["415 555 0134", "person@example.com", "client", "yes"]:
            page = await visitor.say(text)
        assert await runtime.store.list_entries() == []

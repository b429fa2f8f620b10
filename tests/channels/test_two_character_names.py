"""Names written family name first, by text and in the web chat, through the real routes.

A Korean or Japanese given name of two characters texted alone ("민준", "花子") had been saved as the whole
name; and a caller who gave half of such a name was asked for their "last name", which for a name written
family name first is the given name. Now the family name is asked for by that name, and the two are saved
family name first (김민준, 山田花子). People from Faker's ko_KR and ja_JP (the brain's rules are in
`tests/unit/brains/test_scripted_two_character_names.py`).
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from faker import Faker

from tests.channels.conftest import TwilioWorld
from tests.web.conftest import WebVisitor, bubbles, web_app


def _person(locale: str, seed: int) -> tuple[str, str]:
    """(given name of two characters, family name)."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    while len(given := fake.first_name()) != 2:
        pass
    return given, fake.last_name()


@pytest.mark.parametrize(("locale", "seed"), [("ko_KR", 81), ("ja_JP", 82)])
async def test_a_texted_given_name_of_two_characters_gets_its_family_name_asked(
    twilio: TwilioWorld, locale: str, seed: int
) -> None:
    given, family = _person(locale, seed)
    phone = twilio.sim.texter("+14155550177")
    await phone.send("Hi, I'd like to join the waitlist")
    [asked] = await phone.send(given)
    assert "family name" in asked and "last name" not in asked, asked
    for said in (family, "this number", "minjun.signup@gmail.com", "client"):
        [reply] = await phone.send(said)
    assert f"{family}{given}" in reply, reply
    await phone.send("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.full_name == family + given


@pytest.mark.parametrize(("locale", "seed"), [("ko_KR", 83), ("ja_JP", 84)])
async def test_a_given_name_of_two_characters_in_the_web_chat_gets_its_family_name_asked(
    database_url: str, tmp_path: Path, locale: str, seed: int
) -> None:
    given, family = _person(locale, seed)
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        page = await visitor.say(given)
        assert "family name" in bubbles(page.text)[-1] and "last name" not in bubbles(page.text)[-1]
        for said in (family, "+1 415 555 0177", "hanako.signup@gmail.com", "client"):
            page = await visitor.say(said)
        assert f"{family}{given}" in bubbles(page.text)[-1], bubbles(page.text)
        await visitor.say("yes")
        [entry] = await runtime.store.list_entries()
        assert entry.full_name == family + given

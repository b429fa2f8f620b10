"""Round 18's names in the web chat, through the real app and database: a name changed at the read-back, and
"I'm Autistic" written with a phone's capital before the name.

At the read-back, "it's Anna now" (for "Ana") had dropped the name and asked for a last name, "married now,
Lynn" was not understood (a "yes" then saved the old name), "it's Lynn since the wedding" was read back "Lynn
Since"; "I'm Autistic" was greeted "Nice to meet you, Autistic" and the name typed next saved after it.
"""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from faker import Faker

from tests.web.conftest import WebVisitor, bubbles, web_app


def _person(locale: str, seed: int) -> tuple[str, str]:
    fake = Faker(locale)
    fake.seed_instance(seed)
    while True:
        first, last = fake.first_name_female(), fake.last_name()
        if first.isalpha() and last.isalpha() and first.isascii() and last.isascii():
            return first, last


_GIVEN, _OLD = _person("pt_BR", 18)
_NEW = _person("en_AU", 18)[1]


def _doubled(name: str) -> str:
    """The name with a consonant doubled ("Ana" is "Anna"): like the first name, that first name put right."""
    k = next(
        (k for k in range(1, len(name)) if name[k].lower() not in "aeiouy" and name[k - 1] != name[k]), 1
    )
    return name[: k + 1] + name[k] + name[k + 1 :]


_RETYPED = _doubled(_GIVEN)


@pytest.mark.parametrize(
    ("before", "at_read_back", "saved"),
    [
        ([], [f"it's {_RETYPED} now"], f"{_RETYPED} {_OLD}"),
        ([], [f"married now, {_NEW}"], f"{_GIVEN} {_NEW}"),
        ([], [f"it's {_NEW} since the wedding"], f"{_GIVEN} {_NEW}"),
        (["I'm Autistic"], [], f"{_GIVEN} {_OLD}"),
    ],
    ids=["first-name-now", "married-now", "since-the-wedding", "autistic-capital"],
)
async def test_the_database_holds_the_name_the_person_meant(
    database_url: str, tmp_path: Path, before: list[str], at_read_back: list[str], saved: str
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        lines = [*before, f"{_GIVEN} {_OLD}", "415 555 0134", "person@example.com", "client", *at_read_back]
        for text in lines:
            page = await visitor.say(text)
            assert page.status_code == 200
        assert f"name {saved};" in bubbles(page.text)[-1], bubbles(page.text)
        page = await visitor.say("yes")
        [entry] = await runtime.store.list_entries()
        assert entry.full_name == saved, bubbles(page.text)
        assert saved.split(maxsplit=1)[0] in bubbles(page.text)[-1]

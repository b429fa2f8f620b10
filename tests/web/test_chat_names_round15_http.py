"""Round 15's names and corrections in the web chat, through the real app and database.

A French "c'est" and a Spanish "Don" before the name, a nickname after "aka", a surname corrected at the read-back
with "should be" or "not", a word saying the name is misspelt, and an address typed with a phone's curly
apostrophe: what the database holds. Each had been read back (and, said yes to, saved) wrong.
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
        first, last = fake.first_name(), fake.last_name()
        if first.isalpha() and last.isalpha():
            return first, last


_FR, _ES, _EN, _BE = _person("fr_CA", 16), _person("es_AR", 15), _person("en_NZ", 15), _person("nl_BE", 15)
_NEW = _person("fr_CH", 16)[1]


@pytest.mark.parametrize(
    ("name", "at_read_back", "saved"),
    [
        (f"Bonjour, c'est Mme {_FR[0]} {_FR[1]}", [], f"{_FR[0]} {_FR[1]}"),
        (f"Don Alejandro {_ES[1]}", [], f"Alejandro {_ES[1]}"),
        (f"{_EN[0]} {_EN[1]} aka Bobby", [], f"{_EN[0]} {_EN[1]}"),
        (f"{_BE[0]} {_BE[1]}", [f"wrong surname, should be {_NEW}"], f"{_BE[0]} {_NEW}"),
        (f"{_BE[0]} {_BE[1]}", [f"it’s {_NEW}, not {_BE[1]}"], f"{_BE[0]} {_NEW}"),
        (f"{_BE[0]} {_BE[1]}", ["surname misspelled", f"{_BE[0]} {_NEW}"], f"{_BE[0]} {_NEW}"),
    ],
    ids=["c-est", "don", "aka", "should-be", "not", "misspelled"],
)
async def test_the_database_holds_the_name_the_person_meant(
    database_url: str, tmp_path: Path, name: str, at_read_back: list[str], saved: str
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        for text in [name, "415 555 0134", "person@example.com", "client", *at_read_back, "yes"]:
            page = await visitor.say(text)
            assert page.status_code == 200
        [entry] = await runtime.store.list_entries()
        assert entry.full_name == saved, bubbles(page.text)


async def test_an_address_with_a_curly_apostrophe_is_saved_as_meant(
    database_url: str, tmp_path: Path
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        for text in ["Sean O’Brien", "415 555 0134", "sean.o’brien@gmail.com", "client", "yes"]:
            page = await visitor.say(text)
            assert page.status_code == 200
        [entry] = await runtime.store.list_entries()
        assert entry.email == "sean.o'brien@gmail.com", bubbles(page.text)
        assert entry.full_name == "Sean O'Brien"

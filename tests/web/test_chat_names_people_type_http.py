"""Names as people type them in the web chat, through the real app and database (round 12).

A Georgian name (a script without capitals in everyday writing), a name with its licence after it ("…, CMT"),
a compound given name alone ("José Ángel", then the surname), and a person who asks to sign up their wife:
what the chat says, and what the database holds. Faker people in several locales.
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
    while True:
        first, last = fake.first_name(), fake.last_name()
        if first.isalpha() and last.isalpha():
            return f"{first} {last}"


@pytest.mark.parametrize(
    ("said", "saved"),
    [
        ([_name("ka_GE", 1)], _name("ka_GE", 1)),
        ([f"{_name('en_US', 2)}, CMT"], _name("en_US", 2)),
        (["José Ángel", _name("es_MX", 3).split()[-1]], f"José Ángel {_name('es_MX', 3).split()[-1]}"),
        (["I want to sign up my wife", "her name is Ana Smith", _name("pt_BR", 4)], _name("pt_BR", 4)),
    ],
    ids=["georgian", "licence", "compound-given-name", "his-wife"],
)
async def test_the_database_holds_the_name_as_the_person_gave_it(
    database_url: str, tmp_path: Path, said: list[str], saved: str
) -> None:
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        for text in [*said, "415 555 0134", "person@example.com", "client", "yes"]:
            page = await visitor.say(text)
            assert page.status_code == 200
        [entry] = await runtime.store.list_entries()
        assert entry.full_name == saved, bubbles(page.text)
        assert "Ana Smith" not in entry.full_name

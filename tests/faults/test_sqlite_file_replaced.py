"""The SQLite file replaced or removed under a running server (a backup restored without stopping
Knotty): nobody is told they are signed up unless the file at the database's path holds it.

Before: every open connection stayed on the old, unlinked file. The next signup finished normally,
Knotty said it was saved, and the file on disk had no entry (found by the twelfth operator round).
"""

from __future__ import annotations

import os
import random
import re
import sqlite3
from pathlib import Path

import httpx
from faker import Faker

from app.migrate import migrate_async
from tests.web.conftest import WebVisitor, bubbles, web_app

_TOLD = re.compile(r"\b(?:all set|you're (?:now |already )?on (?:the|our)\b|saved|added you)", re.IGNORECASE)
"""Knotty telling a person they are signed up, in any of its wordings."""
_LOCALES = ["en_US", "es_MX", "de_DE", "fr_FR", "pt_BR", "it_IT", "nl_NL", "pl_PL"]


def _people(seed: int, count: int) -> list[tuple[str, str, str]]:
    """(name, phone as typed, email) of `count` people Faker makes up."""
    fake = Faker(_LOCALES)
    fake.seed_instance(seed)
    numbers = random.Random(seed).sample(range(100, 10_000), count)  # one person, one phone
    return [
        (
            fake.first_name() + " " + fake.last_name(),
            f"415 555 {number:04d}",
            f"{fake.user_name()}{n}@example.com",
        )
        for n, number in enumerate(numbers)
    ]


async def _sign_up(base: str, name: str, phone: str, email: str) -> tuple[int, str]:
    """One visitor's whole signup in the web chat; the last answer's status and what Knotty said."""
    async with httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        for text in (name, phone, email, "I'm a client", "yes"):
            answer = await visitor.say(text)
            if answer.status_code != 200:
                return answer.status_code, answer.text
        return answer.status_code, " ".join(bubbles(answer.text)[-2:])


def _emails_in(path: Path) -> set[str]:
    """The entries the file at `path` holds, read as an operator would, with sqlite3."""
    conn = sqlite3.connect(path)
    try:
        return {email for (email,) in conn.execute("SELECT email FROM waitlist_entries")}
    finally:
        conn.close()


async def test_a_file_restored_under_the_server_is_unavailable_until_a_restart_then_used(
    tmp_path: Path,
) -> None:
    path = tmp_path / "knotty.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate_async(url)
    restored = tmp_path / "backup.db"
    await migrate_async(f"sqlite+aiosqlite:///{restored}")
    before, during, *after = _people(4411, 4)
    async with web_app(url, tmp_path) as (base, _runtime):
        status, said = await _sign_up(base, *before)
        assert status == 200 and _TOLD.search(said), said
        assert _emails_in(path) == {before[2]}

        os.replace(restored, path)  # the operator puts last night's backup back, the server running

        status, said = await _sign_up(base, *during)
        assert status == 503, f"{during[0]} was told {said!r}; the file holds {_emails_in(path)}"
        assert not _TOLD.search(said)
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await http.get("/readyz")).status_code == 503, "the platform sees it is not ready"

    async with web_app(url, tmp_path) as (base, _runtime):  # the restart the log asks for
        for name, phone, email in after:
            status, said = await _sign_up(base, name, phone, email)
            assert status == 200 and _TOLD.search(said), f"{name}: {said}"
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await http.get("/readyz")).status_code == 200
    # The restored file, with the signups after the restart; nothing of the replaced file's log in it.
    assert _emails_in(path) == {email for _, _, email in after}


async def test_a_file_removed_under_the_server_is_unavailable_not_a_new_empty_database(
    tmp_path: Path,
) -> None:
    path = tmp_path / "knotty.db"
    url = f"sqlite+aiosqlite:///{path}"
    await migrate_async(url)
    first, second = _people(5522, 2)
    async with web_app(url, tmp_path) as (base, _runtime):
        status, said = await _sign_up(base, *first)
        assert status == 200 and _TOLD.search(said), said

        for leftover in tmp_path.glob("knotty.db*"):
            leftover.unlink()  # a cleanup script, or a volume gone

        status, said = await _sign_up(base, *second)
        assert status == 503, f"told {said!r} with no database file"
        assert not _TOLD.search(said)
        async with httpx.AsyncClient(base_url=base) as http:
            assert (await http.get("/readyz")).status_code == 503
    assert not path.exists(), "no empty database was made in its place"

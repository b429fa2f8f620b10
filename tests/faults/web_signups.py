"""Web chat signups of made-up people and what a SQLite file holds: the faults suite's database tests
ask what Knotty told each person and what the file on disk says."""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import httpx
from faker import Faker

from tests.web.conftest import WebVisitor, bubbles

__all__ = ["TOLD", "emails_in", "people", "sign_up"]

TOLD = re.compile(r"\b(?:all set|you're (?:now |already )?on (?:the|our)\b|saved|added you)", re.IGNORECASE)
"""Knotty telling a person they are signed up, in any of its wordings."""
_LOCALES = ["en_US", "es_MX", "de_DE", "fr_FR", "pt_BR", "it_IT", "nl_NL", "pl_PL"]


def people(seed: int, count: int) -> list[tuple[str, str, str]]:
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


async def sign_up(base: str, name: str, phone: str, email: str) -> tuple[int, str]:
    """One visitor's whole signup in the web chat; the last answer's status and what Knotty said."""
    async with httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        for text in (name, phone, email, "I'm a client", "yes"):
            answer = await visitor.say(text)
            if answer.status_code != 200:
                return answer.status_code, answer.text
        return answer.status_code, " ".join(bubbles(answer.text)[-2:])


def emails_in(path: Path) -> set[str]:
    """The entries the file at `path` holds, read as an operator would, with sqlite3."""
    conn = sqlite3.connect(path)
    try:
        return {email for (email,) in conn.execute("SELECT email FROM waitlist_entries")}
    finally:
        conn.close()

"""A person asks to be taken off the list, and the operator erases them: nothing of theirs is left.

Knotty tells such a person "the MasseurMatch team can remove your details". There was no way to: the
admin page and API only read, and a `DELETE` of the entry left its conversations (state and transcript:
the name, phone and email) with their `entry_id` set to NULL. `knotty erase ID` removes the entry and
everything that holds it (a later conversation from the same phone included), and nothing of anyone
else's.
"""

from __future__ import annotations

import json
from pathlib import Path

from faker import Faker
from sqlalchemy import select
from sqlmodel import SQLModel

from knotty.store import create_engine
from tests.channels.conftest import TwilioWorld
from tests.channels.text_signups import sign_up_by_text
from tests.integration.knotty_cli import knotty_async

LOCALES = ["en_US", "es_MX", "fr_FR", "de_DE", "pt_BR", "it_IT", "en_GB", "nl_NL"]


def _someone(fake: Faker) -> dict[str, str]:
    first, last = fake.first_name(), fake.last_name()
    return {"full_name": f"{first} {last}", "email": f"{fake.unique.user_name()}@{fake.free_email_domain()}"}


async def _every_row(database_url: str) -> dict[str, list[str]]:
    """Every row of every table, JSON columns decoded, as lower-cased text."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            tables: dict[str, list[str]] = {}
            for table in SQLModel.metadata.sorted_tables:
                rows = (await conn.execute(select(table))).all()
                tables[table.name] = [
                    json.dumps(dict(row._mapping), default=str, ensure_ascii=False).lower() for row in rows
                ]
            return tables
    finally:
        await engine.dispose()


def _holding(tables: dict[str, list[str]], *needles: str) -> dict[str, int]:
    return {
        name: hits
        for name, rows in tables.items()
        if (hits := sum(any(n.lower() in row for n in needles) for row in rows))
    }


async def test_erasing_an_entry_leaves_nothing_of_the_person_and_everything_of_others(
    twilio: TwilioWorld, database_url: str, tmp_path: Path
) -> None:
    fake = Faker(LOCALES)
    fake.seed_instance(8_2026)
    leaving, staying = _someone(fake), _someone(fake)
    leaving_phone, staying_phone = twilio.sim.texter("+12025550141"), twilio.sim.texter("+12025550142")
    await sign_up_by_text(leaving_phone, leaving)
    await sign_up_by_text(staying_phone, staying)
    await twilio.settle()
    # Later the leaving person texts again: a second conversation, which saves nothing.
    await leaving_phone.send("hi again, am I on the list?")
    await leaving_phone.send("no")
    entries = {e.email: e for e in await twilio.store.list_entries()}
    assert set(entries) == {leaving["email"], staying["email"]}, entries
    gone = entries[leaving["email"]]
    before = await _every_row(database_url)
    assert _holding(before, leaving["email"]).get("messages"), "the transcript holds the email"
    assert len(_holding(before, leaving_phone.number)) >= 4, "entry, conversations, messages, texts, keys"

    ran = await knotty_async("erase", str(gone.id), cwd=tmp_path, DATABASE_URL=database_url)

    assert ran.returncode == 0, ran.stderr
    assert ran.stdout.startswith(f"erased entry {gone.id}: 2 conversation(s)"), ran.stdout
    after = await _every_row(database_url)
    assert _holding(after, leaving["email"], leaving["full_name"], leaving_phone.number) == {}
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.email, entry.phone) == (
        staying["full_name"], staying["email"], staying_phone.number,
    )  # fmt: skip
    for needle in (staying["email"], staying["full_name"], staying_phone.number):
        assert _holding(after, needle) == _holding(before, needle), needle

    again = await knotty_async("erase", str(gone.id), cwd=tmp_path, DATABASE_URL=database_url)
    assert again.returncode == 2
    assert again.stderr.startswith(f"knotty: ENTRY_ID: there is no entry {gone.id}"), again.stderr


async def test_erasing_then_texting_again_starts_afresh(
    twilio: TwilioWorld, database_url: str, tmp_path: Path
) -> None:
    """The person's next text is a new conversation: no "welcome back", nothing of them remembered."""
    fake = Faker(LOCALES)
    fake.seed_instance(8_2027)
    person = _someone(fake)
    phone = twilio.sim.texter("+12025550143")
    await sign_up_by_text(phone, person)
    await twilio.settle()
    [entry] = await twilio.store.list_entries()
    ran = await knotty_async("erase", str(entry.id), cwd=tmp_path, DATABASE_URL=database_url)
    assert ran.returncode == 0, ran.stderr
    [reply] = await phone.send("hello")
    assert person["full_name"].split()[0].lower() not in reply.lower()
    assert "already" not in reply.lower() and "welcome back" not in reply.lower(), reply
    assert await twilio.store.list_entries() == []

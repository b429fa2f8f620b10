"""A signup's entry and the turn that saved it are written together or not at all (issue 14).

Before: the tool committed the waitlist entry in a transaction of its own, then the turn committed the
conversation. A failure between the two left an entry on the list whose conversation never said so
(and whose retried text saved it again, or left the person told nothing). Here the database refuses
the write of exactly the turn that saves the entry (a trigger on the conversation's `entry_id`), after
the entry's own statement ran: neither may be left. The text is kept (`channels.sms`), and its later
answer, once the database takes the write, writes both once.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from knotty.store.models import Conversation
from tests.channels.conftest import TwilioWorld, twilio  # noqa: F401 - fixtures
from tests.channels.people import Person
from tests.support.twilio_sim import Texter

ANA = Person("Ana Lima", "ana.lima@example.com", "ana dot lima at example dot com", "therapist")

_SQLITE_FAULT = (
    "CREATE TRIGGER refuse_saving_turn BEFORE UPDATE OF entry_id ON conversations "
    "WHEN NEW.entry_id IS NOT NULL AND OLD.entry_id IS NULL "
    "BEGIN SELECT RAISE(ABORT, 'injected fault: the saving turn is refused'); END"
)
_PG_FAULT = [
    "CREATE FUNCTION refuse_saving_turn() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'injected fault: the saving turn is refused'; END $$",
    "CREATE TRIGGER refuse_saving_turn BEFORE UPDATE ON conversations FOR EACH ROW "
    "WHEN (NEW.entry_id IS NOT NULL AND OLD.entry_id IS NULL) EXECUTE FUNCTION refuse_saving_turn()",
]


async def _execute(world: TwilioWorld, statements: list[str]) -> None:
    async with world.store.engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))


@pytest.fixture
async def refusing(twilio: TwilioWorld) -> TwilioWorld:  # noqa: F811
    """The world whose database refuses the write of a turn that saves an entry, until `heal`."""
    postgres = twilio.store.engine.dialect.name == "postgresql"
    await _execute(twilio, _PG_FAULT if postgres else [_SQLITE_FAULT])
    return twilio


async def heal(world: TwilioWorld) -> None:
    postgres = world.store.engine.dialect.name == "postgresql"
    drop = ["DROP TRIGGER refuse_saving_turn ON conversations", "DROP FUNCTION refuse_saving_turn()"]
    await _execute(world, drop if postgres else ["DROP TRIGGER refuse_saving_turn"])


async def text_until_read_back(phone: Texter) -> None:
    """Text the signup until Knotty reads the details back (the next "yes" saves them)."""
    [reply] = await phone.send("Hi! I'd like to join the waitlist")
    for _ in range(10):
        if "Ana Lima" in reply and "ana.lima@example.com" in reply:
            return
        [reply] = await phone.send(ANA.answer(reply, spoken=False))
    raise AssertionError(f"the details were never read back: {phone.replies}")


async def saved_conversation(world: TwilioWorld, number: str) -> Conversation:
    conv = await world.store.latest_conversation("sms", number)
    assert conv is not None
    return conv


async def test_a_refused_saving_turn_leaves_neither_entry_nor_turn_and_its_later_answer_writes_both(
    refusing: TwilioWorld,
) -> None:
    world = refusing
    world.store.later.lease_s = 0.5  # a kept text whose turn failed comes due again at once, not in 30 s
    phone = world.sim.texter("+14155550177")
    await text_until_read_back(phone)
    refused = "yes"
    assert await phone.send(refused) == []  # kept for later: no apology, nothing to type again

    assert await world.store.list_entries() == [], "an entry was left whose turn never happened"
    conv = await saved_conversation(world, phone.number)
    assert conv.entry_id is None and conv.state.get("entry_id") is None
    said = [m.content for m in await world.store.history(conv.id) if m.role == "user"]
    assert refused not in said, "the refused turn's words were stored without its entry"

    await heal(world)
    for _ in range(200):  # the kept "yes" is answered by the REST API once the database takes it
        if world.rest.messages_to(phone.number):
            break
        await asyncio.sleep(0.05)
    [later] = world.rest.messages_to(phone.number)
    assert "trouble" not in later.body.lower()
    [entry] = await world.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email) == ("Ana Lima", phone.number, "ana.lima@example.com")
    conv = await saved_conversation(world, phone.number)
    assert conv.entry_id == entry.id and conv.state["entry_id"] == entry.id
    said = [m.content for m in await world.store.history(conv.id) if m.role == "user"]
    assert said.count(refused) == 1

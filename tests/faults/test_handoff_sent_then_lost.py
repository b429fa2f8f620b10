"""A text to finish a call by typing that Twilio accepted, whose record and turn writes then both fail.

The handoff row is written `sending` before the text leaves; once Twilio answers with the message's
SID the row is marked `sent`, and the turn that hands the call over is written. When the database
fails both of those writes (a failover right after the send), the call is held and the same turn runs
again. Before: that retry found the conversation's row `sending`, took it for a failed send and told
the caller "I couldn't send that text, so let's keep going here" while the text was on their phone.
Here the database refuses exactly those two writes (triggers), until the held turn comes back.
"""

from __future__ import annotations

import pytest
from faker import Faker
from sqlalchemy import text

from tests.channels.conftest import TwilioWorld, twilio  # noqa: F401 - fixtures
from tests.security.test_text_handoff import _two_misses
from tests.support.twilio_sim import PostedReply, Webhook

SENT = '%"text_handoff":"sent"%'
_SQLITE_FAULT = [
    "CREATE TRIGGER refuse_sent_record BEFORE UPDATE OF status ON handoff_texts WHEN NEW.status = 'sent' "
    "BEGIN SELECT RAISE(ABORT, 'injected fault: the record is refused'); END",
    "CREATE TRIGGER refuse_handed_turn BEFORE UPDATE OF state ON conversations "
    f"WHEN NEW.state LIKE '{SENT}' AND OLD.state NOT LIKE '{SENT}' "
    "BEGIN SELECT RAISE(ABORT, 'injected fault: the turn is refused'); END",
]
_SQLITE_HEAL = ["DROP TRIGGER refuse_sent_record", "DROP TRIGGER refuse_handed_turn"]
_PG_FAULT = [
    "CREATE FUNCTION refuse_write() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'injected fault: the write is refused'; END $$",
    "CREATE TRIGGER refuse_sent_record BEFORE UPDATE ON handoff_texts FOR EACH ROW "
    "WHEN (NEW.status = 'sent') EXECUTE FUNCTION refuse_write()",
    "CREATE TRIGGER refuse_handed_turn BEFORE UPDATE ON conversations FOR EACH ROW "
    f"WHEN (NEW.state::text LIKE '{SENT}' AND OLD.state::text NOT LIKE '{SENT}') "
    "EXECUTE FUNCTION refuse_write()",
]
_PG_HEAL = [
    "DROP TRIGGER refuse_sent_record ON handoff_texts",
    "DROP TRIGGER refuse_handed_turn ON conversations",
    "DROP FUNCTION refuse_write()",
]
COULD_NOT = "couldn't send that text"


async def _execute(world: TwilioWorld, statements: list[str]) -> None:
    async with world.store.engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))


def _callers(seed: int, count: int) -> list[tuple[str, dict[str, str]]]:
    """Callers from Faker locales, each with the answers that fail the email twice."""
    callers = []
    for i, locale in enumerate(["en_US", "es_MX", "de_DE", "vi_VN"][:count]):
        fake = Faker(locale)
        fake.seed_instance(seed + i)
        name = f"{fake.first_name()} {fake.last_name()}"
        answers = {"full_name": f"{name}, and I'm a client", "phone": "this number",
                   "email": "hmm let me think", "role": "I'm a client"}  # fmt: skip
        callers.append((f"+1415555{2600 + i:04d}", answers))
    return callers


@pytest.mark.parametrize("i", range(2))
async def test_a_handoff_text_twilio_accepted_is_never_called_unsent_when_its_writes_fail(
    twilio: TwilioWorld,  # noqa: F811
    i: int,
) -> None:
    world = twilio
    number, answers = _callers(4711, 2)[i]
    postgres = world.store.engine.dialect.name == "postgresql"
    call = await world.sim.call(number)
    assert await _two_misses(call, answers)

    healed = False
    sent_before = world.sim.send

    async def heal_before_the_held_turn(hook: Webhook) -> PostedReply:  # the database is back for the retry
        nonlocal healed
        if not healed and "holds=" in hook.url:
            healed = True
            await _execute(world, _PG_HEAL if postgres else _SQLITE_HEAL)
        return await sent_before(hook)

    world.sim.send = heal_before_the_held_turn  # type: ignore[method-assign]
    await _execute(world, _PG_FAULT if postgres else _SQLITE_FAULT)
    try:
        await call.say("yes")
    finally:
        if not healed:
            await _execute(world, _PG_HEAL if postgres else _SQLITE_HEAL)
    texts = world.rest.messages_to(number)
    assert len(texts) == 1, texts  # the text left once
    heard = " ".join(call.heard).lower()
    assert COULD_NOT not in heard, f"told the text was not sent while it came: {call.heard[-3:]}"
    assert call.ended, call.heard[-3:]  # handed over: the call ends, the signup goes on by text
    moved = await world.store.latest_conversation("sms", number)
    assert moved is not None and moved.state["text_handoff"] == "sent", moved
    reply = await world.sim.texter(number).send("hmm@example.com")
    assert reply and all(COULD_NOT not in r for r in reply)

"""A "yes" to the confirmation text whose turn is lost after the text was accepted.

Accepting the text of an entry saved in an earlier turn writes the acceptance and its outbox row at
once (`Store.request_confirmation`): the reply needs the answer before the turn is written. When that
turn's own write then fails (the database drops the connection, a failover), the text is on its way,
but the conversation never heard the "yes". Its retry (the text kept and answered later, the call held
and the same turn posted again, the visitor pressing send again) read the number as "texted recently"
and told the person "I wasn't able to send the text" while the confirmation text arrived on their
phone: Knotty said what the database did not.

Here the database refuses exactly the turn that records the accepted text (a trigger on the
conversation's state), after the acceptance was written; then it heals and the kept text is answered.
"""

from __future__ import annotations

import asyncio

import pytest
from sqlalchemy import text

from knotty.store.models import Conversation
from tests.channels.conftest import TwilioWorld, twilio  # noqa: F401 - fixtures
from tests.channels.people import Person, last_question
from tests.support.twilio_sim import Texter

ACCEPTED = '%"sms":"accepted"%'
_SQLITE_FAULT = (
    "CREATE TRIGGER refuse_accepting_turn BEFORE UPDATE OF state ON conversations "
    f"WHEN NEW.state LIKE '{ACCEPTED}' AND OLD.state NOT LIKE '{ACCEPTED}' "
    "BEGIN SELECT RAISE(ABORT, 'injected fault: the accepting turn is refused'); END"
)
_PG_FAULT = [
    "CREATE FUNCTION refuse_accepting_turn() RETURNS trigger LANGUAGE plpgsql AS "
    "$$ BEGIN RAISE EXCEPTION 'injected fault: the accepting turn is refused'; END $$",
    "CREATE TRIGGER refuse_accepting_turn BEFORE UPDATE ON conversations FOR EACH ROW "
    f"WHEN (NEW.state::text LIKE '{ACCEPTED}' AND OLD.state::text NOT LIKE '{ACCEPTED}') "
    "EXECUTE FUNCTION refuse_accepting_turn()",
]
_PG_HEAL = ["DROP TRIGGER refuse_accepting_turn ON conversations", "DROP FUNCTION refuse_accepting_turn()"]

PEOPLE = [
    Person("Ana Lima", "ana.lima@example.com", "ana dot lima at example dot com", "therapist"),
    Person("Kwame Mensah", "kwame.m@example.org", "kwame dot m at example dot org", "client"),
]
REFUSED = "wasn't able to send the text"


async def _execute(world: TwilioWorld, statements: list[str]) -> None:
    async with world.store.engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))


async def _until_offered(phone: Texter, person: Person) -> None:
    """Text the signup, say yes to the read-back, and stop at the text's offer."""
    [reply] = await phone.send("Hi! I'd like to join the waitlist")
    for _ in range(12):
        question = last_question(reply)
        if "text" in question or "confirmation" in question:
            return
        [reply] = await phone.send(person.answer(reply, spoken=False))
    raise AssertionError(f"no text was offered: {phone.replies}")


async def _conversation(world: TwilioWorld, number: str) -> Conversation:
    conv = await world.store.latest_conversation("sms", number)
    assert conv is not None
    return conv


@pytest.mark.parametrize("person", PEOPLE, ids=lambda p: p.name.split()[0])
async def test_a_yes_whose_turn_was_lost_after_the_text_was_accepted_is_not_told_no_text_comes(
    twilio: TwilioWorld,  # noqa: F811
    person: Person,
) -> None:
    world = twilio
    world.store.later.lease_s = 0.5  # a kept text whose turn failed comes due again at once
    postgres = world.store.engine.dialect.name == "postgresql"
    phone = world.sim.texter("+14155550171")
    await _until_offered(phone, person)

    await _execute(world, _PG_FAULT if postgres else [_SQLITE_FAULT])
    # The turn's write fails after the acceptance: on PostgreSQL the text is kept and answered later
    # (nothing now); on SQLite the abort reads as a concurrent write and the turn runs again at once.
    at_once = await phone.send("yes please")
    await _execute(world, _PG_HEAL if postgres else ["DROP TRIGGER refuse_accepting_turn"])

    first = person.name.split()[0]
    for _ in range(200):  # the text is sent, and a kept "yes please" answered by the REST API
        bodies = [m.body for m in world.rest.messages_to(phone.number)]
        if len(bodies) + len(at_once) >= 2:
            break
        await asyncio.sleep(0.05)
    await world.settle()
    bodies = [m.body for m in world.rest.messages_to(phone.number)]
    confirmations = [b for b in bodies if b.startswith(f"Hi {first}! You're on the MasseurMatch")]
    answers = at_once + [b for b in bodies if b not in confirmations]
    assert len(confirmations) == 1, bodies  # the text accepted before the turn was lost goes, once
    assert len(answers) == 1, (at_once, bodies)
    assert REFUSED not in answers[0], f"told no text comes while one was sent: {answers[0]!r}"
    conv = await _conversation(world, phone.number)
    assert conv.state["sms"] == "accepted", conv.state
    said = [m.content for m in await world.store.history(conv.id) if m.role == "user"]
    assert said.count("yes please") == 1


@pytest.mark.parametrize("person", PEOPLE[:1], ids=lambda p: p.name.split()[0])
async def test_a_retried_yes_whose_text_twilio_refused_meanwhile_is_not_told_it_is_on_its_way(
    twilio: TwilioWorld,  # noqa: F811
    person: Person,
) -> None:
    """The same lost "yes", but Twilio refuses the accepted text for good (not a number it can text)
    before the kept "yes" is answered: "on its way" would say what the database does not."""
    world = twilio
    if world.store.engine.dialect.name != "postgresql":
        pytest.skip("on SQLite the lost turn runs again at once, before the text is tried")
    world.store.later.lease_s = 1.0
    phone = world.sim.texter("+14155550172")
    await _until_offered(phone, person)
    world.rest.fail_messages(1, status=400, code=21614, message="'To' number is not a valid mobile number")
    await _execute(world, _PG_FAULT)
    assert await phone.send("yes please") == []  # kept, answered later
    for _ in range(200):  # the accepted text is tried, and refused for good
        [entry] = await world.store.list_entries()
        if entry.confirmation_sms_status not in (None, "requested"):
            break
        await asyncio.sleep(0.05)
    await _execute(world, _PG_HEAL)
    for _ in range(200):
        if world.rest.messages_to(phone.number):
            break
        await asyncio.sleep(0.05)
    [entry] = await world.store.list_entries()
    assert entry.confirmation_sms_status == "failed", entry
    [answer] = [m.body for m in world.rest.messages_to(phone.number)]
    assert "on its way" not in answer.lower() and "i'll text you" not in answer.lower(), answer

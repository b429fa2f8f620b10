"""A STOP or START is honoured together with the record that it was, or neither is written.

Before: the MessageSid of an opt-out keyword was claimed in one write (so that a replayed START can't
undo a later STOP) and the number's choice recorded in another. When the second failed, the sender was
told "having trouble... text again" and Twilio's retry of the same message was ignored as already
honoured: the number that said STOP stayed opted in. Here the database refuses every write of the
opt-outs table (a trigger) while a keyword arrives through real signed HTTP; once it heals, the same
webhook sent again must take effect. A STOP recorded while closing its conversation fails is not
answered "text again" either.
"""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from sqlalchemy import text

from channels import wording
from tests.channels.conftest import TwilioWorld, twilio  # noqa: F401 - fixtures
from tests.corpus.people import make_people
from tests.support.twilio_sim import Texter

_FAULTS = {
    "opt-outs": (
        [
            "CREATE TRIGGER refuse_opt_out_insert BEFORE INSERT ON sms_opt_outs "
            "BEGIN SELECT RAISE(ABORT, 'injected fault: the opt-out write is refused'); END",
            "CREATE TRIGGER refuse_opt_out_update BEFORE UPDATE ON sms_opt_outs "
            "BEGIN SELECT RAISE(ABORT, 'injected fault: the opt-out write is refused'); END",
        ],
        [
            "CREATE FUNCTION refuse_opt_out() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'injected fault: the opt-out write is refused'; END $$",
            "CREATE TRIGGER refuse_opt_out BEFORE INSERT OR UPDATE ON sms_opt_outs "
            "FOR EACH ROW EXECUTE FUNCTION refuse_opt_out()",
        ],
        ["DROP TRIGGER refuse_opt_out_insert", "DROP TRIGGER refuse_opt_out_update"],
        ["DROP TRIGGER refuse_opt_out ON sms_opt_outs", "DROP FUNCTION refuse_opt_out()"],
    ),
    "closing": (
        [
            "CREATE TRIGGER refuse_closing BEFORE UPDATE OF status ON conversations "
            "WHEN NEW.status <> OLD.status "
            "BEGIN SELECT RAISE(ABORT, 'injected fault: closing the conversation is refused'); END",
        ],
        [
            "CREATE FUNCTION refuse_closing() RETURNS trigger LANGUAGE plpgsql AS "
            "$$ BEGIN RAISE EXCEPTION 'injected fault: closing the conversation is refused'; END $$",
            "CREATE TRIGGER refuse_closing BEFORE UPDATE ON conversations FOR EACH ROW "
            "WHEN (NEW.status <> OLD.status) EXECUTE FUNCTION refuse_closing()",
        ],
        ["DROP TRIGGER refuse_closing"],
        ["DROP TRIGGER refuse_closing ON conversations", "DROP FUNCTION refuse_closing()"],
    ),
}


async def _execute(world: TwilioWorld, statements: list[str]) -> None:
    async with world.store.engine.begin() as conn:
        for statement in statements:
            await conn.execute(text(statement))


async def refuse(world: TwilioWorld, what: str) -> None:
    sqlite, postgres, _, _ = _FAULTS[what]
    await _execute(world, postgres if world.store.engine.dialect.name == "postgresql" else sqlite)


async def heal(world: TwilioWorld, what: str) -> None:
    _, _, sqlite, postgres = _FAULTS[what]
    await _execute(world, postgres if world.store.engine.dialect.name == "postgresql" else sqlite)


@dataclass(frozen=True)
class Said:
    """A keyword as a person types it, and what Twilio adds when it acted on it itself."""

    body: str
    opt_out_type: str = ""

    async def send(self, phone: Texter) -> list[str]:
        extra = {"OptOutType": self.opt_out_type} if self.opt_out_type else {}
        return await phone.send(self.body, **extra)


STOPS = [Said("STOP"), Said("unsubscribe"), Said("Stop."), Said("cancel"), Said("ARRET", "STOP")]
STARTS = [Said("START"), Said("unstop"), Said("yes"), Said("Start!"), Said("PARTIR", "START")]
_PEOPLE = make_people(len(STOPS) + len(STARTS), seed=2417)


@pytest.mark.parametrize("said", STOPS, ids=lambda s: s.body)
async def test_a_stop_the_database_could_not_record_takes_effect_when_twilio_sends_it_again(
    twilio: TwilioWorld,  # noqa: F811
    said: Said,
) -> None:
    phone = twilio.sim.texter(_PEOPLE[STOPS.index(said)].phone)
    assert await phone.send("Hi, I'd like to join the waitlist")
    await refuse(twilio, "opt-outs")
    first = await said.send(phone)
    assert first in ([], [wording.SMS_UNAVAILABLE]), f"told something else: {first}"
    assert not await twilio.store.is_opted_out(phone.number)

    await heal(twilio, "opt-outs")
    assert await phone.retry_last() == [], "the STOP was answered"
    assert await twilio.store.is_opted_out(phone.number), "the number said STOP and is still texted"
    assert await phone.send("hello?") == [], "an opted-out number got a reply"


@pytest.mark.parametrize("said", STARTS, ids=lambda s: s.body)
async def test_a_start_the_database_could_not_record_takes_effect_when_twilio_sends_it_again(
    twilio: TwilioWorld,  # noqa: F811
    said: Said,
) -> None:
    phone = twilio.sim.texter(_PEOPLE[len(STOPS) + STARTS.index(said)].phone)
    assert await phone.send("STOP") == []
    await refuse(twilio, "opt-outs")
    first = await said.send(phone)
    assert first in ([], [wording.SMS_UNAVAILABLE]), f"told something else: {first}"
    assert await twilio.store.is_opted_out(phone.number)

    await heal(twilio, "opt-outs")
    again = await phone.retry_last()
    assert not await twilio.store.is_opted_out(phone.number), "the number said START and stays opted out"
    assert again == ([] if said.opt_out_type else [wording.SMS_OPTED_IN])
    assert await phone.send("Hi, I'd like to join the waitlist"), "an opted-in number got no reply"


async def test_a_stop_whose_conversation_could_not_be_closed_is_not_told_to_text_again(
    twilio: TwilioWorld,  # noqa: F811
) -> None:
    phone = twilio.sim.texter(_PEOPLE[0].phone)
    assert await phone.send("Hi, I'd like to join the waitlist")
    await refuse(twilio, "closing")
    assert await phone.send("STOP") == [], "the STOP was recorded, and the sender told it was not"
    assert await twilio.store.is_opted_out(phone.number)
    await heal(twilio, "closing")
    assert await phone.send("hello?") == [], "an opted-out number got a reply"


@pytest.mark.parametrize("said", [Said("HELP"), Said("info"), Said("HELP", "HELP")], ids=lambda s: s.body)
async def test_help_is_answered_while_opt_outs_cannot_be_written(
    twilio: TwilioWorld,  # noqa: F811
    said: Said,
) -> None:
    """HELP writes nothing: the opt-outs' fault changes nothing of its answer."""
    phone = twilio.sim.texter()
    await refuse(twilio, "opt-outs")
    assert await said.send(phone) == ([] if said.opt_out_type else [wording.SMS_HELP])
    assert not await twilio.store.is_opted_out(phone.number)

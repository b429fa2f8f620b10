"""A Gather turn of a call that arrives after the call's end was handled resumes its conversation.

A caller's "yes" to the read-back can reach the turn route after the call's conversation was closed (the
status callback or the sweeper got there first, e.g. while an overloaded process held the turn with "one
moment" and a redirect). The turn found the CallSid's conversation closed and opened a new one: the
caller heard the greeting again and their yes, and the signup, were lost. A CallSid names one call, so
a late turn of it now resumes its closed conversation: the yes saves the entry whole, once (a retried
webhook gets the same reply, no second save), and the conversation says completed. A text's sender
(a phone number, not one call) still starts afresh after its conversation closed. On SQLite and
PostgreSQL, through the real, signed Twilio routes; people from Faker.
"""

from __future__ import annotations

from typing import Any

import pytest
from sqlmodel import select

from knotty.store.models import Conversation
from tests.channels.call_steps import at_the_read_back, call_ended_status
from tests.channels.conftest import TwilioWorld
from tests.support.twilio_sim import Call
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "es_MX", "fr_FR", "de_DE", "it_IT", "pt_BR", "pl_PL", "nl_NL")


async def _outcome(twilio: TwilioWorld, call: Call) -> tuple[list[tuple[str, str, str, str]], list[Any]]:
    entries = [(e.full_name, e.phone, e.email, e.role) for e in await twilio.store.list_entries()]
    async with twilio.store._session() as s:
        convs = (await s.exec(select(Conversation).where(Conversation.external_id == call.sid))).all()
    return entries, [(c.status, c.entry_id is not None) for c in convs]


@pytest.mark.parametrize("seed", range(3))
async def test_a_yes_arriving_after_the_calls_end_was_handled_saves_once(
    twilio: TwilioWorld, seed: int
) -> None:
    person = caller(seed, LOCALES)
    call = await at_the_read_back(twilio, person)
    assert await call_ended_status(twilio, call) == 200

    [reply] = await call.say("yes, that's right")
    assert "thanks for calling" not in reply.lower(), call.transcript  # not a new greeting
    assert "list" in reply.lower(), call.transcript  # "you're on the ... list"
    fields = (person["full_name"], person["phone"], person["email"], person["role"])
    assert await _outcome(twilio, call) == ([fields], [("completed", True)])

    again = await call.retry_last()  # Twilio sends the late turn again: the same answer, no second save
    assert again.status_code == 200
    assert await _outcome(twilio, call) == ([fields], [("completed", True)])


@pytest.mark.parametrize("seed", range(2))
async def test_a_late_correction_keeps_the_closed_conversation_and_saves_nothing_unconfirmed(
    twilio: TwilioWorld, seed: int
) -> None:
    person = caller(seed + 20, LOCALES)
    call = await at_the_read_back(twilio, person)
    assert await call_ended_status(twilio, call) == 200

    [reply] = await call.say("no, the email is wrong")
    assert "email" in reply.lower(), call.transcript  # the correction is taken up, not a new greeting
    entries, convs = await _outcome(twilio, call)
    assert entries == [] and convs == [("abandoned", False)], call.transcript

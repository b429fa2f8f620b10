"""Phone calls through the simulated Twilio: menu, whole signups, silences, hang-ups, retries, outages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

from sqlmodel import select

from knotty.store.models import Conversation
from tests.channels.conftest import PUBLIC, TwilioWorld, twilio_world
from tests.channels.people import Person
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import Call

ANA = Person("Ana Lima", "ana.lima@gmail.com", "ana dot lima at gmail dot com", "therapist")


async def converse(call: Call, person: Person, max_turns: int = 15) -> None:
    """Answer Knotty until the call ends."""
    for _ in range(max_turns):
        if call.ended:
            return
        await call.say(person.answer(call.last_heard, spoken=True))
    raise AssertionError(f"the call did not end: {call.transcript}")


async def conversations(world: TwilioWorld, call_sid: str) -> list[Conversation]:
    async with world.store._session() as s:
        rows = await s.exec(select(Conversation).where(Conversation.external_id == call_sid))
        return list(rows.all())


async def user_lines(world: TwilioWorld, conversation_id: str) -> list[str]:
    return [m.content for m in await world.store.history(conversation_id) if m.role == "user"]


async def test_a_whole_call_signs_up_the_caller_and_texts_a_confirmation(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call("+14155550123")
    assert call.waiting and "press 1" in call.last_heard.lower()
    await call.press("1")
    assert call.waiting and "name" in call.last_heard.lower()
    await converse(call, ANA)

    assert call.errors == [] and call.ended_by == "hangup"
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email, entry.role, entry.channel) == (
        "Ana Lima", "+14155550123", "ana.lima@gmail.com", "therapist", "voice",
    )  # fmt: skip
    [conv] = await conversations(twilio, call.sid)
    assert conv.status == "completed" and conv.entry_id == entry.id
    await twilio.settle()
    [text] = twilio.rest.messages
    assert text.to == "+14155550123" and text.from_ == "+15005550006"
    assert "waitlist" in text.body and "STOP" in text.body
    entry = await twilio.store.get_entry(entry.id)
    assert entry is not None and entry.confirmation_sms_status == "sent" and entry.confirmation_sms_sid == text.sid
    assert [r.status_code for r in call.status_callbacks] == [200]


async def test_every_listening_turn_suits_a_phone_call(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call()
    await call.say("waitlist")
    gather = call.gather
    assert gather is not None
    assert gather.get("input") == "speech"
    assert gather.get("speechModel") == "phone_call" and gather.get("language") == "en-US"
    assert int(gather.get("speechTimeout", "0")) > 0  # never `auto` when a speech model is set
    hints = {h.strip() for h in gather.get("hints", "").split(",")}
    assert {"at", "dot", "gmail", "therapist"} <= hints
    assert gather.get("action", "").startswith(f"{PUBLIC}/twilio/voice/turn?n=")
    assert [say.get("voice") for say in gather.iter("Say")] == ["Polly.Joanna"]


async def test_the_say_voice_is_configurable(database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]) -> None:
    async with twilio_world(database_url, tmp_path, fake_rest, TWILIO_VOICE="Polly.Matthew") as world:
        call = await world.sim.call()
        await call.press("1")
        assert call.gather is not None and {s.get("voice") for s in call.gather.iter("Say")} == {"Polly.Matthew"}


async def test_silence_gets_a_reprompt_then_a_polite_goodbye(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call()
    await call.press("1")
    [reprompt] = await call.stay_silent()  # the empty <Gather> falls through to its <Redirect>
    assert call.waiting and "?" in reprompt
    await call.stay_silent()
    assert call.ended_by == "hangup" and call.errors == []
    [conv] = await conversations(twilio, call.sid)
    assert conv.status == "abandoned"
    assert await twilio.store.list_entries() == []


async def test_speaking_after_one_silence_resets_the_count(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call()
    await call.press("1")
    await call.stay_silent()
    await call.say("Ana Lima")
    await call.stay_silent()
    assert call.waiting, "one silence after an answer is not two in a row"


async def test_the_menu_reprompts_then_says_goodbye(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call()
    await call.press("2")
    assert call.waiting and "press 1" in call.last_heard.lower()
    await call.stay_silent()
    assert call.ended_by == "hangup" and call.errors == []
    assert await conversations(twilio, call.sid) == []


async def test_a_caller_who_hangs_up_halfway_leaves_no_entry(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call("+14155550188")
    await call.press("1")
    await call.say("Ana Lima")
    await call.say("this number")
    await call.hang_up()
    [conv] = await conversations(twilio, call.sid)
    assert conv.status == "abandoned"
    assert await twilio.store.list_entries() == []
    assert [r.status_code for r in call.status_callbacks] == [200]


async def test_a_retried_turn_gets_the_same_answer_and_advances_once(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call()
    await call.press("1")
    await call.say("Ana Lima")
    first = call.last
    assert first is not None
    again = await call.retry_last()  # same token and signature
    # Twilio may also retry with a fresh idempotency token: the CallSid and turn still identify it.
    fresh = await twilio.sim.send(twilio.sim.webhook(first.url, first.params))
    assert again.status_code == fresh.status_code == 200
    assert ET.fromstring(again.text).find(".//Say").text == call.last_heard  # type: ignore[union-attr]
    assert ET.fromstring(fresh.text).find(".//Say").text == call.last_heard  # type: ignore[union-attr]
    [conv] = await conversations(twilio, call.sid)
    assert await user_lines(twilio, conv.id) == ["Ana Lima"]


async def test_a_retried_last_turn_sends_one_confirmation_text(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call("+14155550177")
    await call.press("1")
    await converse(call, ANA)
    assert call.ended_by == "hangup"
    for _ in range(2):
        assert (await call.retry_last()).status_code == 200
    await twilio.settle()
    assert len(twilio.rest.messages) == 1


async def test_a_database_outage_gets_an_apology_never_an_error(tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]) -> None:
    dead = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
    async with twilio_world(dead, tmp_path, fake_rest) as world:
        call = await world.sim.call()
        heard = await call.press("1")  # apology, pause, redirect; then a second failure ends the call
        assert call.errors == [] and call.ended_by == "hangup"
        assert any("trouble" in h for h in heard) and "call back" in call.last_heard.lower()


async def test_a_database_outage_mid_call_asks_again_then_ends(tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]) -> None:
    dead = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
    async with twilio_world(dead, tmp_path, fake_rest) as world:
        params = {"CallSid": "CA" + "9" * 32, "From": "+14155550100", "To": "+15005550006", "SpeechResult": "Ana Lima"}
        first = await world.sim.post("/twilio/voice/turn?n=3", params)
        assert first.status_code == 200
        gather = ET.fromstring(first.text).find("Gather")
        assert gather is not None and "again" in "".join(gather.itertext())
        assert gather.get("action") == f"{PUBLIC}/twilio/voice/turn?n=3&fails=1"  # the same turn, once more
        second = await world.sim.post("/twilio/voice/turn?n=3&fails=1", params)
        assert second.status_code == 200 and "<Hangup" in second.text

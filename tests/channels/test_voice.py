"""Phone calls through the simulated Twilio: menu, whole signups, silences, hang-ups, retries, outages."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from sqlmodel import select

from channels import wording
from channels.voice import MAX_HOLDS
from channels.voice_call import TURN_PATH, call_url
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
    assert call.waiting and "press 1" in call.heard[-2].lower() and "oprima nueve" in call.last_heard
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
    assert entry.id is not None
    saved = await twilio.store.get_entry(entry.id)
    assert (
        saved is not None
        and saved.confirmation_sms_status == "sent"
        and saved.confirmation_sms_sid == text.sid
    )
    assert [r.status_code for r in call.status_callbacks] == [200]


async def test_every_listening_turn_suits_a_phone_call(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call()
    await call.say("waitlist")
    gather = call.gather
    assert gather is not None
    assert gather.get("input") == "dtmf speech"  # keys pressed at the name are told to say it
    assert gather.get("speechModel") == "phone_call" and gather.get("language") == "en-US"
    assert int(gather.get("speechTimeout", "0")) > 0  # never `auto` when a speech model is set
    hints = {h.strip() for h in gather.get("hints", "").split(",")}
    assert {"at", "dot", "gmail", "therapist"} <= hints
    assert gather.get("action", "").startswith(f"{PUBLIC}/twilio/voice/turn?n=")
    assert [say.get("voice") for say in gather.iter("Say")] == ["Polly.Joanna"]


async def test_the_say_voice_is_configurable(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with twilio_world(database_url, tmp_path, fake_rest, TWILIO_VOICE="Polly.Matthew") as world:
        call = await world.sim.call()
        await call.press("1")
        assert call.gather is not None and {s.get("voice") for s in call.gather.iter("Say")} == {
            "Polly.Matthew"
        }


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
    assert call.waiting and "press 1" in call.heard[-2].lower() and "oprima nueve" in call.last_heard
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
    assert ET.fromstring(again.text).findtext(".//Say") == call.last_heard
    assert ET.fromstring(fresh.text).findtext(".//Say") == call.last_heard
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


async def test_a_database_outage_gets_an_apology_never_an_error(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    dead = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
    async with twilio_world(dead, tmp_path, fake_rest) as world:
        call = await world.sim.call()
        heard = await call.press(
            "1"
        )  # held (one moment, pause, redirect) a few times; then an apology ends the call
        assert call.errors == [] and call.ended_by == "hangup"
        assert heard.count(wording.VOICE_HOLD_ON) == MAX_HOLDS and "call back" in call.last_heard.lower()


async def test_a_database_outage_mid_call_holds_the_caller_with_what_they_said(
    tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    dead = "postgresql+asyncpg://nobody@127.0.0.1:1/none"
    async with twilio_world(dead, tmp_path, fake_rest) as world:
        params = {
            "CallSid": "CA" + "9" * 32,
            "From": "+14155550100",
            "To": "+15005550006",
            "SpeechResult": "Ana Lima",
        }
        first = await world.sim.post(call_url(world.settings, TURN_PATH, n=3).removeprefix(PUBLIC), params)
        assert first.status_code == 200
        doc = ET.fromstring(first.text)
        assert [v.tag for v in doc] == ["Say", "Pause", "Redirect"] and doc[0].text == wording.VOICE_HOLD_ON
        redirect = doc[2].text or ""
        assert redirect.startswith(f"{PUBLIC}/twilio/voice/turn?n=3&said=Ana+Lima&holds=1&since="), (
            "the same turn, with what was said"
        )
        path = redirect.removeprefix(PUBLIC)
        held = {k: v for k, v in params.items() if k != "SpeechResult"}  # a <Redirect> carries no speech
        for _ in range(MAX_HOLDS):
            answer = await world.sim.post(path, held)
            assert answer.status_code == 200
            if "<Hangup" in answer.text:
                break
            path = (ET.fromstring(answer.text).findtext("Redirect") or "").removeprefix(PUBLIC)
            assert "said=Ana+Lima" in path
        assert "<Hangup" in answer.text and "holds=7" in path, "given up only after the hold is used up"


def _listening(call: Call) -> ET.Element:
    gather = call.gather
    assert gather is not None, call.transcript
    return gather


async def _answer_until(call: Call, asked: str, answers: dict[str, str]) -> None:
    """Answer Knotty's questions (by the field each asks for) until the one about `asked`."""
    for _ in range(10):
        action = _listening(call).get("action", "")
        field = parse_qs(urlsplit(action).query).get("ask", [""])[0]
        if field == asked:
            return
        await call.say(answers[field])
    raise AssertionError(f"never asked about {asked}: {call.heard}")


ANSWERS = {
    "full_name": "Ana Lima",
    "phone": "four one five, five five five, zero one seven nine",
    "email": "ana dot lima at gmail dot com",
    "role": "I'm a therapist",
}


async def test_the_phone_number_can_be_typed_on_the_keypad(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call("+14155550177")
    await call.press("1")
    await _answer_until(call, "phone", ANSWERS)
    gather = _listening(call)
    assert "dtmf" in (gather.get("input") or "") and gather.get("finishOnKey") == "#"
    assert "DIGIT_SEQUENCE" in (gather.get("hints") or "")
    await call.say("mumble mumble")  # a miss: now the keypad is offered in words
    assert "keypad" in call.last_heard.lower() and "pound" in call.last_heard.lower()
    await call.press("4155550123#")
    await _answer_until(call, "confirm", ANSWERS)
    assert "0 1 2 3" in call.last_heard or "zero one two three" in call.last_heard.lower()
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.phone == "+14155550123"


async def test_the_role_can_be_chosen_with_a_key_after_a_miss(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call("+14155550178")
    await call.press("1")
    await _answer_until(call, "phone", ANSWERS)
    await call.say("four one five, five five five, zero one seven eight")
    await _answer_until(call, "role", ANSWERS)
    assert _listening(call).get("numDigits") == "1"
    await call.say("purple monkey dishwasher")
    assert "press 1 if you are a therapist" in call.last_heard.lower()
    await call.press("2")
    await _answer_until(call, "confirm", ANSWERS)
    await call.say("yes")
    [entry] = await twilio.store.list_entries()
    assert entry.role == "client"


async def test_each_question_listens_for_its_own_answer(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call("+14155550179")
    await call.press("1")
    assert _listening(call).get("input") == "dtmf speech"  # the name: said; keys are told to say it
    await _answer_until(call, "email", ANSWERS)
    email = _listening(call)
    assert "underscore" in (email.get("hints") or "") and int(email.get("speechTimeout") or 0) >= 4


async def test_a_returning_caller_hears_the_number_is_listed_and_can_update_that_entry(
    twilio: TwilioWorld,
) -> None:
    """Issue 11: a caller whose verified number is listed is told so first; nothing stored is read out."""
    call = await twilio.sim.call("+14155550123")
    await call.press("1")
    await converse(call, ANA)
    [first] = await twilio.store.list_entries()

    again = await twilio.sim.call("+14155550123")
    await again.press("1")
    heard = again.last_heard
    assert "already on our waitlist" in heard
    for stored in ("Ana", "Lima", "gmail", "therapist", "zero one two three"):
        assert stored not in heard
    await again.say("yes, my email is different now")
    moved = Person("Ana Lima", "", "ana dot new at gmail dot com", "therapist", wants_text=False)
    await converse(again, moved)
    [entry] = await twilio.store.list_entries()
    assert entry.id == first.id and entry.email == "ana.new@gmail.com" and entry.review_reason is None


async def test_a_returning_caller_who_wants_no_change_is_let_go(twilio: TwilioWorld) -> None:
    call = await twilio.sim.call("+14155550123")
    await call.press("1")
    await converse(call, ANA)
    again = await twilio.sim.call("+14155550123")
    await again.press("1")
    assert "already on our waitlist" in again.last_heard
    said = await again.say("no, that's all fine")
    assert again.ended and again.ended_by == "hangup", again.transcript
    assert "stays as it is" in " ".join(said), said  # never "all set": it may be a family member's
    [entry] = await twilio.store.list_entries()
    assert entry.email == "ana.lima@gmail.com"


async def test_a_returning_caller_is_asked_with_yes_no_listening(twilio: TwilioWorld) -> None:
    await twilio.store.save_entry(
        full_name="Ana Lima",
        phone="+14155550181",
        email="ana.lima@example.com",
        role="therapist",
        channel="sms",
    )
    call = await twilio.sim.call("+14155550181")
    await call.press("1")
    gather = _listening(call)
    assert "already on our waitlist" in call.last_heard and "ask=returning" in (gather.get("action") or "")
    assert "yes" in (gather.get("hints") or "") and "that's right" in (gather.get("hints") or "")

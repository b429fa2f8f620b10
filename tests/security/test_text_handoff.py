"""Finishing a call by text is not an SMS pump, nor a way into someone else's conversation (issue 11).

The handoff texts the number the phone network gave the call (caller ID, which can be spoofed), so
it obeys the same caps as the confirmation texts: one per number per window, the hourly cap shared
with them, never an opted-out number. Only the caller's own number is ever texted, whatever they
say; a retried webhook sends nothing twice; a stranger texting in joins nothing; and no brain can
make the tools text without the offer having been made and accepted. Played through the real Twilio
routes, judged by what the fake Twilio REST API received.
"""

from __future__ import annotations

from pathlib import Path

from knotty.brains.base import BrainContext, ChatLine, ToolCall
from knotty.handoff import CONTINUE_BY_TEXT, OFFER_TEXT_HANDOFF, TextSender
from knotty.state import ConversationState, Modality, TextHandoff
from knotty.store import Store, create_engine
from knotty.texting import TextingRules
from knotty.tools import ToolRunner
from tests.channels.call_steps import asked
from tests.channels.conftest import TwilioWorld, twilio_world
from tests.channels.test_sms import BEN, text_until_done
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import Call

OFFER = "so you can type it instead?"
ANSWERS = {
    "full_name": "Dana Brooks, and I'm a client",
    "phone": "this number",
    "email": "hmm let me think",
    "role": "I'm a client",
}


async def _two_misses(call: Call, answers: dict[str, str] = ANSWERS) -> bool:
    """Answer until the email failed twice; whether the text offer came then."""
    await call.press("1")
    for _ in range(8):
        at = asked(call)
        if at == "text_handoff":
            return True
        if at == "email" and "spell" in call.last_heard.lower():
            return False
        await call.say(answers[at])
    raise AssertionError(call.heard)


async def test_one_handoff_text_per_number_however_often_it_calls(twilio: TwilioWorld) -> None:
    number = "+14155550141"  # a caller ID anyone can spoof
    offers = []
    for _ in range(3):
        call = await twilio.sim.call(number)
        offered = await _two_misses(call)
        offers.append(offered)
        if offered:
            await call.say("yes")
    assert offers == [True, False, False]
    assert len(twilio.rest.messages_to(number)) == 1


async def test_handoff_texts_count_against_the_hourly_cap(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_SMS_HOURLY_CAP="1") as world:
        first = await world.sim.call("+14155550142")
        assert await _two_misses(first)
        await first.say("yes")
        second = await world.sim.call("+14155550143")
        assert not await _two_misses(second)  # the hour's one text is spent: no offer, the third way
        assert [m.to for m in world.rest.messages] == ["+14155550142"]


async def test_a_handoff_text_spends_the_hour_for_confirmations_too(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_SMS_HOURLY_CAP="1") as world:
        call = await world.sim.call("+14155550151")
        assert await _two_misses(call)
        await call.say("yes")
        texter = world.sim.texter("+14155550152")
        await text_until_done(world, texter, BEN)
        await world.settle()
        [entry] = await world.store.list_entries()
        assert entry.confirmation_sms_status is None
        assert [m.to for m in world.rest.messages] == ["+14155550151"]  # the handoff, and nothing more


async def test_an_opted_out_number_is_never_offered_a_text(twilio: TwilioWorld) -> None:
    number = "+14155550144"
    assert await twilio.sim.texter(number).send("STOP") == []
    call = await twilio.sim.call(number)
    assert not await _two_misses(call)
    assert twilio.rest.messages == []


async def test_only_the_callers_own_number_is_texted(twilio: TwilioWorld) -> None:
    other = "+14155550199"
    answers = {**ANSWERS, "phone": "four one five, five five five, zero one nine nine"}
    asks_for_another = await twilio.sim.call("+14155550145")
    assert await _two_misses(asks_for_another, answers)
    await asks_for_another.say("yes, text four one five five five five zero one nine nine")
    assert not asks_for_another.ended and twilio.rest.messages == []  # a number said is no yes
    assert asked(asks_for_another) == "email"  # the call goes on, the offer is not made again
    gave_another = await twilio.sim.call("+14155550150")
    assert await _two_misses(gave_another, answers)
    await gave_another.say("yes")
    assert [m.to for m in twilio.rest.messages] == ["+14155550150"]  # the caller's, not the one given
    assert twilio.rest.messages_to(other) == []


async def test_a_retried_yes_sends_one_text(twilio: TwilioWorld) -> None:
    number = "+14155550146"
    call = await twilio.sim.call(number)
    assert await _two_misses(call)
    await call.say("yes")
    again = await call.retry_last()
    assert again.status_code == 200 and "<Hangup" in again.text
    assert len(twilio.rest.messages_to(number)) == 1


async def test_a_stranger_texting_in_joins_nothing_of_the_call(twilio: TwilioWorld) -> None:
    caller = "+14155550147"
    call = await twilio.sim.call(caller)
    assert await _two_misses(call)
    await call.say("yes")
    moved = await twilio.store.latest_conversation("sms", caller)
    assert moved is not None
    stranger = twilio.sim.texter("+14155550148")
    for text in ("yes", "dana.brooks@example.com", "yes", "yes"):
        replies = await stranger.send(text)
        assert all("Dana" not in r for r in replies)
    assert all(e.full_name != "Dana Brooks" for e in await twilio.store.list_entries())
    after = await twilio.store.latest_conversation("sms", caller)
    assert after is not None and (after.id, after.turns, after.status) == (moved.id, moved.turns, "active")


class _Recorder(TextSender):
    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []

    async def send(self, to: str, body: str) -> str:
        self.sent.append((to, body))
        return "SM" + "0" * 32


async def test_no_brain_can_text_without_the_offer_and_a_yes(database_url: str) -> None:
    engine = create_engine(database_url)
    sender = _Recorder()
    runner = ToolRunner(Store(engine), "voice", TextingRules(), handoff=sender, conversation_id="c" * 32)

    async def run(name: str, state: ConversationState, said: str) -> dict[str, object]:
        ctx = BrainContext(history=[ChatLine("user", said)], user_text=said, state=state)
        outcome = await runner.run(ToolCall("t", name, {"field": "email"}), ctx)
        return outcome.result

    try:
        on_call = ConversationState(
            modality=Modality.SPOKEN, caller_number="+14155550149", caller_proven=True
        )
        assert not (await run(CONTINUE_BY_TEXT, on_call, "yes"))["ok"]  # never offered
        by_text = ConversationState(
            modality=Modality.WRITTEN, caller_number="+14155550149", caller_proven=True
        )
        assert not (await run(OFFER_TEXT_HANDOFF, by_text, "text me"))["ok"]  # not a call
        assert by_text.text_handoff is TextHandoff.UNAVAILABLE
        withheld = ConversationState(modality=Modality.SPOKEN, caller_number=None)
        assert not (await run(OFFER_TEXT_HANDOFF, withheld, ""))["ok"]
        offered = ConversationState(
            modality=Modality.SPOKEN, caller_number="+14155550149", caller_proven=True
        )
        assert (await run(OFFER_TEXT_HANDOFF, offered, ""))["ok"]
        assert not (await run(CONTINUE_BY_TEXT, offered, "no thanks"))["ok"]  # no yes, no text
        assert not (await run(OFFER_TEXT_HANDOFF, offered, ""))["ok"]  # offered once per call
        assert sender.sent == []
        assert (await run(CONTINUE_BY_TEXT, offered, "yes please"))["ok"]
        assert [to for to, _ in sender.sent] == ["+14155550149"]
    finally:
        await engine.dispose()

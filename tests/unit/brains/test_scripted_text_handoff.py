"""Issue 11: finishing a call by text, as the offline brain decides it.

On a call, the third ask of a field that failed twice (the phone number's fifth, after the keypad)
becomes the question "Shall I text you so you
can type it instead?" when the tools say the caller's number can take a text; at most once per call.
A yes calls `continue_by_text` and the call ends without ending the conversation; a no, an answer
given instead, an unclear answer twice, a number that can't take texts or a send that failed all
lead to the third way of asking, as without the offer. Written conversations are never offered it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knotty.brains.base import ToolCall
from knotty.handoff import CONTINUE_BY_TEXT, OFFER_TEXT_HANDOFF
from knotty.state import Modality, TextHandoff
from tests.unit.brains.conftest import Talk

EMAIL_MISSED = ("Dana Brooks", "this number", "hmm let me think", "hmm let me think")


@dataclass
class CallWithTexts(Talk):
    """A call whose tools answer the text offer: the number `textable`, the send `sends`."""

    textable: bool = True
    sends: bool = True
    handoff_calls: list[str] = field(default_factory=list)

    def _run(self, call: ToolCall) -> dict[str, Any]:
        state = self.state
        if call.name in (OFFER_TEXT_HANDOFF, CONTINUE_BY_TEXT):
            self.handoff_calls.append(call.name)
        if call.name == OFFER_TEXT_HANDOFF:
            if state.text_handoff is not TextHandoff.NOT_OFFERED or not self.textable:
                state.text_handoff = TextHandoff.UNAVAILABLE
                return {"ok": False}
            state.text_handoff = TextHandoff.OFFERED
            return {"ok": True}
        if call.name == CONTINUE_BY_TEXT:
            state.text_handoff = TextHandoff.SENT if self.sends else TextHandoff.FAILED
            return {"ok": self.sends}
        return super()._run(call)


def on_a_call(**kw: Any) -> CallWithTexts:
    return CallWithTexts(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3, **kw)


async def _until_offer(t: Talk) -> str:
    await t.open()
    reply = ""
    for line in EMAIL_MISSED:
        reply = (await t.say(line)).text
    return reply


async def test_the_third_ask_becomes_the_offer_and_a_yes_ends_the_call_not_the_conversation() -> None:
    t = on_a_call()
    offer = await _until_offer(t)
    assert offer.endswith("so you can type it instead?") and "sorry" in offer.lower()
    yes = await t.say("yes please")
    [call] = [c for c in yes.calls if c.name == CONTINUE_BY_TEXT]
    assert call.arguments["field"] == "email" and call.arguments["last"] is False  # the role is missing
    assert yes.end and "i've just texted you; reply there with your email" in yes.text.lower()
    question = t.brain.question(t.state)  # not "done": the conversation goes on, by text
    assert question is not None and question.asking == "email"  # a typed reply answers the email


async def test_when_only_that_field_is_missing_the_caller_is_all_set_by_text() -> None:
    t = on_a_call()
    await t.open()
    for line in ("Dana Brooks, I'm a client", "this number", "hmm let me think", "hmm let me think"):
        await t.say(line)
    yes = await t.say("yes")
    assert "reply there with your email and you're all set" in yes.text.lower()


async def test_a_no_gets_the_third_way_and_no_second_offer_in_the_call() -> None:
    t = on_a_call()
    await _until_offer(t)
    no = await t.say("no thanks")
    assert "spell it for me" in no.text.lower() and not no.end
    assert t.state.text_handoff is TextHandoff.DECLINED
    await t.say("d a n a at example dot com")
    await t.say("banana")
    third = await t.say("banana")  # the role, asked a third time: the other way, no offer again
    assert "one word" in third.text.lower() and "text you" not in third.text.lower()


async def test_saying_the_value_instead_is_taken_as_the_answer() -> None:
    t = on_a_call()
    await _until_offer(t)
    r = await t.say("it's dana at example dot com")
    assert "therapist" in r.text.lower() or "client" in r.text.lower()
    assert t.state.text_handoff is TextHandoff.DECLINED


async def test_an_unclear_answer_twice_goes_on_with_the_call() -> None:
    t = on_a_call()
    await _until_offer(t)
    first = await t.say("purple monkey")
    assert "text you" in first.text.lower()
    second = await t.say("purple monkey")
    assert "spell it for me" in second.text.lower()


async def test_a_number_that_cannot_take_texts_gets_the_third_way_as_before() -> None:
    t = on_a_call(textable=False)
    third = await _until_offer(t)
    assert "spell it for me" in third.lower() and "text" not in third.lower()
    assert t.handoff_calls == [OFFER_TEXT_HANDOFF]


async def test_a_text_that_could_not_be_sent_keeps_the_call_going() -> None:
    t = on_a_call(sends=False)
    await _until_offer(t)
    r = await t.say("yes")
    assert not r.end and "couldn't send" in r.text.lower() and "spell it for me" in r.text.lower()


async def test_written_conversations_are_never_offered_a_text() -> None:
    t = CallWithTexts(Modality.WRITTEN, caller_number="+14155550100")
    await t.open()
    for line in ("Dana Brooks", "415 555 0100", "hmm let me think", "hmm let me think"):
        await t.say(line)
    assert t.handoff_calls == []


async def test_a_number_gets_the_keypad_before_the_offer_which_stays_for_the_email() -> None:
    # On a call the phone has the keypad; the one offer of the call is kept for what has none (issue 11).
    t = on_a_call()
    await t.open()
    await t.say("Dana Brooks")
    replies = [(await t.say("hmm let me think")).text.lower() for _ in range(4)]
    assert "slowly" in replies[1] and "keypad" in replies[2] and "text you" not in " ".join(replies[:3])
    assert replies[3].endswith("so you can type it instead?")
    assert t.handoff_calls == [OFFER_TEXT_HANDOFF]


async def test_a_number_taken_after_two_misses_leaves_the_offer_for_the_email() -> None:
    t = on_a_call()
    await t.open()
    for line in (
        "Dana Brooks",
        "hmm let me think",
        "hmm let me think",
        "four one five five five five zero one nine nine",
    ):
        await t.say(line)
    for _ in range(2):
        offer = (await t.say("hmm let me think")).text
    assert offer.endswith("so you can type it instead?") and "email" in offer
    yes = await t.say("yes")
    [call] = [c for c in yes.calls if c.name == CONTINUE_BY_TEXT]
    assert call.arguments["field"] == "email" and yes.end

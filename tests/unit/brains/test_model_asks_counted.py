"""Issue 11: a model's questions count as the offline brain's own, up to the two usual asks.

When the offline brain answers a turn of a conversation the model ran (a failed model turn, a
takeover, the offer to finish by text), it reads the model's lines and counts each field's question.
After the model asked for the email twice in vain, the next ask is the third: on a call from a
textable number the offer to finish by text, in writing another way. A model that looped asking
five times still leaves the offline brain its other ways; it does not give up at once.
"""

from __future__ import annotations

from knotty.brains.base import BrainContext, ChatLine
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.brains.scripted.memory import Memory
from knotty.brains.scripted.transcript import replay
from knotty.handoff import OFFER_TEXT_HANDOFF
from knotty.state import ConversationState, Modality

CALLER = "+14155550100"
ASKS_EMAIL = "Great. What's your email address?"


def model_asked_email(times: int) -> list[ChatLine]:
    """A model's conversation: name and number given, then the email asked `times` times, never heard."""
    lines = [
        ChatLine("assistant", "Hi! I'm Knotty. What's your full name?", None, "openai"),
        ChatLine("user", "Dana Brooks, I'm a client"),
        ChatLine("assistant", "Thanks Dana! What's the best phone number to reach you?", None, "openai"),
        ChatLine("user", "415 555 0100"),
    ]
    for _ in range(times):
        lines += [ChatLine("assistant", ASKS_EMAIL, None, "openai"), ChatLine("user", "hmm let me think")]
    return lines


def test_each_field_s_question_is_counted_up_to_the_two_usual_asks() -> None:
    for times, counted in ((1, 1), (2, 2), (5, 2)):
        mem = Memory()
        replay(mem, model_asked_email(times), region="US", caller_number=CALLER)
        assert mem.asked.get("email") == counted
        assert mem.asked.get("full_name") == 1 and mem.asked.get("phone") == 1
        assert mem.email is None and mem.asking == "email"


def test_a_line_that_asks_nothing_counts_nothing() -> None:
    mem = Memory()
    lines = [ChatLine("assistant", ASKS_EMAIL), ChatLine("assistant", "Thanks, one moment.")]
    replay(mem, lines, region="US", caller_number=None)
    assert mem.asked == {"email": 1} and mem.asking == "email"


def _offline_step(history: list[ChatLine], modality: Modality, caller: str | None) -> tuple[str, list[str]]:
    state = ConversationState(modality=modality, caller_number=caller, caller_proven=True)
    ctx = BrainContext(history=history[:-1], user_text=history[-1].content, state=state)
    ctx.turn_lines.append(history[-1])
    step = ScriptedBrain().decide(ctx, {})
    return step.text or "", [c.name for c in step.tool_calls]


def test_after_the_model_asked_twice_a_call_from_a_textable_number_gets_the_offer() -> None:
    _, calls = _offline_step(model_asked_email(2), Modality.SPOKEN, CALLER)
    assert calls == [OFFER_TEXT_HANDOFF]


def test_after_the_model_asked_once_the_offline_brain_asks_again_the_usual_way() -> None:
    text, calls = _offline_step(model_asked_email(1), Modality.SPOKEN, CALLER)
    assert calls == [] and "email" in text.lower()


def test_after_a_model_looped_the_offline_brain_tries_another_way_instead_of_giving_up() -> None:
    text, calls = _offline_step(model_asked_email(5), Modality.WRITTEN, CALLER)
    assert calls == [] and "email" in text.lower()
    assert "trouble" not in text.lower() and "call back" not in text.lower()
    assert text != ASKS_EMAIL


def _refused_save(arguments: dict[str, str], errors: dict[str, str]) -> list[ChatLine]:
    call = {"id": "call_1", "name": "save_waitlist_entry", "arguments": arguments}
    result = {"ok": False, "errors": errors}
    return [
        ChatLine("assistant", "", {"tool_calls": [call]}, "openai"),
        ChatLine("tool", "{}", {"tool_call_id": "call_1", "name": "save_waitlist_entry", "result": result}),
    ]


def test_a_model_s_refused_save_of_values_it_made_up_forgets_nothing_the_person_said() -> None:
    mem = Memory()
    missing = {"full_name": "missing", "phone": "missing", "email": "missing", "role": "missing"}
    lines = [
        *model_asked_email(0),
        *_refused_save({}, missing),
        *_refused_save({"full_name": "The Smiths", "phone": "1234567890"}, missing),
    ]
    replay(mem, lines, region="US", caller_number=CALLER)
    assert (mem.full_name, mem.phone, mem.role) == ("Dana Brooks", "+14155550100", "client")


def test_a_refused_save_of_the_value_the_person_gave_forgets_it() -> None:
    mem = Memory()
    lines = [*model_asked_email(0), *_refused_save({"phone": "(415) 555-0100"}, {"phone": "not valid"})]
    replay(mem, lines, region="US", caller_number=CALLER)
    assert mem.phone is None and mem.full_name == "Dana Brooks"

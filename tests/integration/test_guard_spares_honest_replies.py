"""The reply guard refuses the model's overreach, never an honest reply.

Every reply the offline brain gives to Faker strangers (the corpus's simulated people, every
behaviour, written and spoken) is put through the agent's real guard, as a model's would be: a
brain that is the offline brain under another name answers, so each of its replies is checked against
the conversation's state and the prompt's words it showed earlier. None may be refused. Honest model
replies (English and Spanish, asked before and after the save) pass too.
"""

from __future__ import annotations

import random
import tempfile
from pathlib import Path

import pytest

from app.migrate import migrate_async
from knotty.agent import Agent
from knotty.brains.base import Brain, BrainContext, BrainStep, Question
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.reply_guard import check_reply, note_reply
from knotty.state import ConversationState, SmsOffer, Stage
from knotty.store import Store, create_engine
from tests.corpus.generate import generate
from tests.corpus.report import _Texts
from tests.corpus.runner import TEXTING, play

SEED = 90917
_NOT_A_REFUSAL = {"takeover", "text_offer", "silence", "circuit_open"}


class OfflineUnderAnotherName(Brain):
    """The offline brain, named as a model is: the agent guards and watches its every reply."""

    name = "shadow"

    def __init__(self) -> None:
        self._inner = ScriptedBrain()

    async def step(self, ctx: BrainContext) -> BrainStep:
        return await self._inner.step(ctx)

    def question(self, state: ConversationState) -> Question | None:
        return self._inner.question(state)


async def test_the_guard_never_refuses_the_offline_brains_own_replies() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite+aiosqlite:///{Path(tmp) / 'shadow.db'}"
        await migrate_async(url)
        engine = create_engine(url)
        store = Store(engine)
        agent = Agent(store, OfflineUnderAnotherName(), ScriptedBrain(), _Texts(), texting=TEXTING)
        refused: list[tuple[str, str, str]] = []
        checked = 0
        try:
            for sc in generate(1, SEED, strangers=True):
                outcome = await play(agent, store, sc)
                conv = await store.latest_conversation(
                    "voice" if sc.modality == "spoken" else ("sms" if sc.variant % 2 else "web"), sc.id
                )
                assert conv is not None
                for line in await store.history(conv.id):
                    if line.role != "assistant":
                        continue
                    checked += line.brain == "shadow"
                    guard = (line.payload or {}).get("guard")
                    if guard and guard not in _NOT_A_REFUSAL:
                        refused.append((sc.behaviour, guard, "\n".join(outcome.transcript[-6:])))
        finally:
            await engine.dispose()
    assert refused == [], f"{len(refused)} offline replies refused: {refused[:3]}"
    assert checked > 250, checked


SAVED = {"stage": Stage.SAVED, "entry_id": 7, "saved_fields": {"phone": "+14155550100"}}
HONEST_BEFORE_SAVE = [
    "Hi! I'm Knotty, MasseurMatch's assistant. What's your full name?",
    "Thanks, Ana! What's the best phone number to reach you?",
    "Could I have your email address?",
    "Could you spell your email address for me, letter by letter?",
    "Are you a massage therapist, or a client looking for massages?",
    "Are you a licensed therapist or a client?",
    "I only need four things: your name, phone, email, and whether you're a therapist or a client.",
    "No, I don't need your home address or date of birth, just your email.",
    "We never ask for card numbers or passwords. What's your email?",
    "A license isn't required to join the waitlist. Are you a therapist or a client?",
    "I can't see photos here, but I can take your details in words. What's your name?",
    "Let me read that back: Ana Lima, 415 555 0100, ana@example.com, client. Is that right?",
    "Once you're on the list, I can send you a confirmation SMS if you'd like.",
    "¿Cuál es tu nombre completo?",
    "¿Cuál es tu dirección de correo electrónico?",
    "No necesito tu dirección, solo tu correo electrónico.",
    "¿Eres terapeuta o cliente?",
    "Para apuntarte en la lista, necesito tu nombre, teléfono, correo y si eres terapeuta o cliente.",
]
HONEST_AFTER_SAVE = [
    "You're all set, Ana! Would you like a confirmation text?",
    "¡Listo, Ana! Ya estás en la lista de espera. ¿Quieres que te envíe un SMS de confirmación?",
    "Thanks for joining the MasseurMatch early-access waitlist! Have a great day.",
]


@pytest.mark.parametrize("reply", HONEST_BEFORE_SAVE)
def test_an_honest_reply_before_the_save_passes(reply: str) -> None:
    assert check_reply(reply, ConversationState()) is None


@pytest.mark.parametrize("reply", HONEST_AFTER_SAVE)
def test_an_honest_reply_after_the_save_passes(reply: str) -> None:
    assert check_reply(reply, ConversationState(**SAVED, sms=SmsOffer.NOT_OFFERED)) is None


def test_a_whole_honest_conversation_shows_too_little_of_the_prompt() -> None:
    """Every honest reply, one after another in one conversation, never adds up to a leak."""
    state = ConversationState()
    for reply in random.Random(SEED).sample(HONEST_BEFORE_SAVE, len(HONEST_BEFORE_SAVE)):
        assert check_reply(reply, state) is None, reply
        note_reply(reply, state)

"""A model's reply before the save that carries nothing of the sign-up never reaches the person.

Found with the real small model (SmolLM2-135M, round 19, and known since round 16): asked nothing about
the sign-up, or told "hold on" or "how are you?", it talked about something else ("Interesting. What do
you enjoy most?", an answer to a question nobody asked). The guard found nothing wrong with such a line,
and each one reached the person until the watch took over after three or four of them: the person
answered small talk and was asked nothing. Now such a reply is a lost model turn: the offline brain
answers it, and the sign-up goes on.
"""

from __future__ import annotations

import random

from knotty.agent import Inbound
from knotty.brains.openai_stream import StreamingOpenAIBrain
from knotty.brains.scripted.transcript import infer_asking
from knotty.reply_drift import asks_nothing
from knotty.state import Modality
from knotty.store import Store
from knotty.streaming import streaming_to
from tests.corpus.people import Person
from tests.corpus.strangers import make_strangers
from tests.integration.test_model_guards import Heard, model_agent
from tests.support.fake_openai import ModelAnswer, text_answer

SEED = 1919019
DRIFT = [
    "Hello, nice to meet you. I'm Knotty, MasseurMatch's assistant.\nYou're welcome! How can I assist you today?",
    "The weather in my country is mostly sunny, with a bit of breeze coming from the coast. It's lovely!",
    "The role of MasseurMatch is to be professional and courteous, and I'm happy to work in this environment. "
    "I take pride in being able to assist with all sorts of services, from personal care to medical "
    "consultations. If there's one thing everyone wants to know about a job,",
    "Masha, I'm afraid the answer to that question is a lie.",
    "That's a great question, my friend. Absolutely, my partner.\nIn 2018, the International Society of "
    "Aesthetes and Artists of European Painter and Sculption & Art-therapeutic Work (SPAJA) conducted an "
    "international study on massage for back pain",
    "Aren't you just an amazing artist, Ana? I've always dreamed of collaborating with you. Just a few years "
    "ago, we did a project together that brought the world closer to your art. Can you tell me more about it?",
    "Interesting. What do you enjoy most?",
]
"""Replies that carry nothing of the sign-up: the first six the real small model's, word for word (to "how
are you today?", "what's the weather like there?", "do you like your job?", "tell me a joke", "is massage
good for back pain?", "my name is Ana Lima"), the last one of their kind."""
MAX_TURNS = 14


def _answer(asked: str, p: Person) -> str:
    return {
        "full_name": f"It's {p.full_name}",
        "phone": p.phone,
        "email": p.email,
        "role": f"I'm a {p.role}",
        "confirm": "yes that's right",
        "sms": "no thanks",
    }.get(asked, "ok")


async def test_a_reply_that_drifts_off_the_signup_is_answered_by_the_offline_brain(store: Store) -> None:
    people = make_strangers(len(DRIFT), random.Random(SEED).randrange(2**32))
    turn = [0]

    def model(request: dict[str, object]) -> ModelAnswer:
        turn[0] += 1
        return text_answer(DRIFT[turn[0] % len(DRIFT)])

    wrong = []
    async with model_agent(store, model) as (agent, _):
        for n, p in enumerate(people):
            sender = f"+1202559{n:04d}"
            said, heard = "Hi, I'd like to join the waitlist", []
            for _ in range(MAX_TURNS):
                result = await agent.turn(Inbound("sms", sender, said, caller_number=sender))
                heard.append(result.reply)
                if result.done:
                    break
                said = _answer(infer_asking(result.reply), p)
            drifted = [line for line in heard if line in DRIFT]
            entries = [
                (e.full_name, e.phone, e.email, e.role)
                for e in await store.list_entries()
                if e.phone == p.phone
            ]
            if drifted or entries != [(p.full_name, p.phone, p.expected_email, p.role)]:
                wrong.append((p.full_name, drifted, entries))
    assert wrong == [], f"{len(wrong)} of {len(people)}: {wrong[:3]}"


def test_replies_that_carry_the_signup_on_are_not_drifting() -> None:
    on_topic = [
        "Could I have your number?",
        "Thanks! And how do you spell your surname?",
        "¿Cuál es tu correo electrónico?",
        "Et votre adresse e-mail ?",
        "Are you a therapist, or looking to book one?",
        "So that's ana@example.com, is that right?",
        "I have 415 555 0100 for you.",
        "Wie ist Ihre Telefonnummer?",
        "Are you giving massages or getting one?",
        "Are you joining as a provider or a customer?",
    ]
    assert [line for line in on_topic if asks_nothing(line)] == []
    assert [line for line in DRIFT if not asks_nothing(line)] == []


def test_what_a_line_asks_is_read_not_a_word_in_passing() -> None:
    """Round 20: a "right?" or "correct" about something else kept an off-topic line (the small model's
    "your dog is barking, right?"), and an ask without a field's word was replaced ("How can we reach
    you?"), so the person heard the offline brain ask again what the model had just asked."""
    passing = [
        "Sure, I can help me find the correct information about that for you.",
        "Oh, your dog is barking, right?",
        "That's the right attitude! What else would you like to talk about?",
        "I'm sorry to hear that. Is there anything else I can help you with right now?",
    ]
    asking = [
        "How can we reach you?",
        "What's the best way to reach you?",
        "Perfect. Who am I speaking with?",
        "So it's Ana Lima, is that right?",
        "Thanks, María José. Is that correct?",
    ]
    assert [line for line in passing if not asks_nothing(line)] == []
    assert [line for line in asking if asks_nothing(line)] == []


async def test_a_call_stops_hearing_a_model_that_drifts_as_it_streams(store: Store) -> None:
    """Round 20: on ConversationRelay a reply is heard as it streams, so a drift was never refused, and
    the caller gave a field at every turn, so the call never stalled: the caller heard the model talk
    about the weather at every turn. Now each one heard is a strike: after three the offline brain has
    the call, and it is saved."""
    turn = [0]

    def model(request: dict[str, object]) -> ModelAnswer:
        turn[0] += 1
        return text_answer(DRIFT[turn[0] % len(DRIFT)])  # a new one each turn: none is said again

    p = make_strangers(1, random.Random(SEED + 20).randrange(2**32))[0]
    heard_drift = 0
    async with model_agent(store, model, brain_cls=StreamingOpenAIBrain) as (agent, _):
        said = "Hi, I'd like to join the waitlist"
        for _ in range(MAX_TURNS):
            sink = Heard()
            with streaming_to(sink):
                result = await agent.turn(Inbound("voice", "CA-drift", said, Modality.SPOKEN))
            heard = "".join(sink.tokens) + result.reply
            heard_drift += any(line[:30] in heard for line in DRIFT)
            if result.done:
                break
            said = _answer(infer_asking(result.reply), p)
    assert heard_drift <= 3, f"the caller heard the model drift {heard_drift} times"
    assert result.done and await store.list_entries() != []

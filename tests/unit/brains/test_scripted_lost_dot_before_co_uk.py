"""A caller spells an address ending "dot c o dot u k", and the line loses the dot before the "c o" every
time: "... z a are l eye n o see o dot u kay" is info@wellnessbyzarlinoco.uk (noisy-line seed 6273849,
level 2.5). Said wrong at the read-back and heard the same again, Knotty asked "is that right after all?",
heard "no", and at the last way ended the call with nothing saved. A careful operator asks about the dot:
"did you mean ... zarlino dot co dot u k?"; a yes takes it (and reads it back), a no never keeps either.
People from Faker in the countries whose addresses end so.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from knotty.brains.base import BrainContext, ChatLine, ToolCall
from knotty.fields import speak_email, speak_phone
from knotty.state import ConversationState, Modality
from knotty.store import Store, create_engine
from knotty.tools import SAVE_WAITLIST_ENTRY, ToolRunner
from tests.corpus.line import LETTER_WORDS
from tests.unit.brains.callers import caller, fake_for, said_phone, word
from tests.unit.brains.conftest import Talk

COUNTRIES = (("en_GB", "co", "uk"), ("en_NZ", "co", "nz"), ("en_AU", "com", "au"), ("en_IN", "co", "in"),
             ("pt_BR", "com", "br"), ("en_GB", "org", "uk"), ("en_US", "co", "za"), ("es_MX", "com", "mx"))  # fmt: skip


def _spelled(text: str) -> str:
    return " ".join(LETTER_WORDS.get(c, c) for c in text)


def _person(seed: int) -> tuple[dict[str, str], str, str]:
    """A caller, the address they mean, and the address the line hears (the dot before the level lost)."""
    locale, level, country = COUNTRIES[seed % len(COUNTRIES)]
    person = caller(seed, (locale,))
    business = word(fake_for(seed + 100, ("en_US",)).last_name)
    meant = f"info@{business}{person['full_name'].split()[-1].lower()}.{level}.{country}"
    heard = meant.replace(f".{level}.", f"{level}.")
    return person, meant, heard


def _heard_said(address: str) -> str:
    local, _, domain = address.partition("@")
    return f"{_spelled(local)} at {_spelled(domain).replace(' . ', ' dot ')}"


async def _to_the_same_again(call: Talk, person: dict[str, str], heard: str) -> str:
    await call.open()
    await call.say(person["full_name"].lower())
    await call.say(said_phone(person["phone"]))
    await call.say(_heard_said(heard))
    reply = await call.say(person["role"])
    assert speak_email(heard) in reply.text, reply.text  # read back as heard
    await call.say("no, the email is wrong")
    return (await call.say(_heard_said(heard))).text  # heard the same again


@pytest.mark.parametrize("seed", range(16))
async def test_the_dot_lost_before_the_second_level_is_asked_about_and_a_yes_saves_it(seed: int) -> None:
    person, meant, heard = _person(seed)
    call = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    asked = await _to_the_same_again(call, person, heard)
    assert "did you mean" in asked and speak_email(meant) in asked, asked
    reply = await call.say("yes")
    assert speak_email(meant) in reply.text, reply.text  # read back with its dot
    await call.say("yes, that's right")
    assert [s["email"] for s in call.saves] == [meant]


@pytest.mark.parametrize("seed", range(8))
async def test_a_no_keeps_neither_address(seed: int) -> None:
    person, meant, heard = _person(seed)
    call = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await _to_the_same_again(call, person, heard)
    reply = await call.say("no")
    assert "spell" in reply.text.lower() and not call.saves, reply.text
    assert speak_email(heard) not in reply.text and speak_email(meant) not in reply.text


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()


@pytest.mark.parametrize("seed", range(4))
async def test_the_dot_put_back_counts_as_said_only_after_the_persons_yes(store: Store, seed: int) -> None:
    """Grounding, at the save: the address with its dot put back was never heard; it is the person's only
    when their very next words after "did you mean ...?" are a yes. Said in two halves, as on seed 6273849."""
    person, meant, heard = _person(seed)
    local, _, domain = heard.partition("@")
    state = ConversationState(modality=Modality.SPOKEN, caller_number="+14155550100", caller_proven=True)
    history = [
        ChatLine("user", person["full_name"].lower()),
        ChatLine("user", said_phone(person["phone"])),
        ChatLine(
            "assistant", "Let's take your email in two parts. First, spell just the part before the at sign."
        ),
        ChatLine("user", _spelled(local)),
        ChatLine("assistant", "I've got i n f o so far. And after the at? Please spell it too."),
        ChatLine("user", "at " + _spelled(domain).replace(" . ", " dot ")),
        ChatLine("assistant", f"Just to check, did you mean {speak_email(meant)}?"),
        ChatLine("user", "no"),
        ChatLine("user", person["role"]),
    ]
    args = {**{k: person[k] for k in ("full_name", "phone", "role")}, "email": meant}
    call = ToolCall("c", SAVE_WAITLIST_ENTRY, args)
    result = await ToolRunner(store, "voice").run(call, BrainContext(history, "", state))
    assert not result.result["ok"] and "email" in result.result["errors"]
    history[7] = ChatLine("user", "yes")
    history += [
        ChatLine(
            "assistant",
            f"Here's what I have. Your name is {person['full_name']}. Your phone number is "
            f"{speak_phone(person['phone'])}. Your email is {speak_email(meant)}. And you're joining as a "
            f"{person['role']}. Is that all correct?",
        ),
        ChatLine("user", "yes"),
    ]
    runner = ToolRunner(store, "voice")
    result = await runner.run(call, BrainContext(history, "", state))
    assert result.result["ok"], result.result
    assert runner.entry_write is not None and runner.entry_write.email == meant  # written with the turn

"""Issue 11: values questioned when they are given, not after the read-back, and a person with one name.

Played through the real agent core (validation, grounding and the store), so an address only Knotty
suggested, or a single name, is saved only when the person's own words allow it:

- a number `phonenumbers` calls invalid is questioned at once, also when said in one breath with the rest;
- a national number from another country gets "add your country code, like +44 ...", not "too many digits";
- an obvious domain typo gets "did you mean ...gmail.com?": yes takes it, "no, it's right" keeps it;
- a mononym: Knotty asks once for a last name; "I only have one name" saves the single name.
"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from knotty.agent import Agent, Inbound, TurnResult
from knotty.brains.base import BrainContext, ChatLine, ToolCall
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.grounding import ungrounded_fields
from knotty.signup import validate_signup
from knotty.state import ConversationState, Modality
from knotty.store import Store, create_engine
from knotty.tools import SAVE_WAITLIST_ENTRY, ToolRunner
from tests.support.notifiers import RecordingNotifier


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    engine = create_engine(database_url)
    yield Store(engine)
    await engine.dispose()


class Chat:
    """One conversation through the real agent core."""

    def __init__(self, store: Store, modality: Modality = Modality.WRITTEN, sid: str = "c1") -> None:
        self.agent = Agent(store, ScriptedBrain(), ScriptedBrain(), RecordingNotifier())
        self.store, self.modality, self.sid = store, modality, sid

    def _in(self, text: str = "") -> Inbound:
        channel = "voice" if self.modality == Modality.SPOKEN else "web"
        caller = "+14155550100" if self.modality == Modality.SPOKEN else None
        return Inbound(channel, self.sid, text, self.modality, caller_number=caller, silence_limit=3)

    async def open(self) -> TurnResult:
        return await self.agent.open(self._in())

    async def say(self, *lines: str) -> TurnResult:
        for line in lines:
            r = await self.agent.turn(self._in(line))
        return r

    async def saved(self) -> tuple[str, str, str, str] | None:
        entries = await self.store.list_entries(limit=10)
        return (
            (entries[0].full_name, entries[0].phone, entries[0].email, entries[0].role) if entries else None
        )


@pytest.mark.parametrize("said", ["212 123 4567", "Ana Lima, 212 123 4567, ana@x.com, client"])
async def test_an_invalid_number_is_questioned_when_given(store: Store, said: str) -> None:
    chat = Chat(store)
    await chat.open()
    if "," not in said:
        await chat.say("Ana Lima")
    r = await chat.say(said)
    assert "valid phone number" in r.reply and r.asking == "phone"
    assert "Here" not in r.reply  # no read-back of a number that cannot be right


@pytest.mark.parametrize(
    ("modality", "said", "example"),
    [
        (Modality.WRITTEN, "07911 123456", "+44 7911 123456"),
        (Modality.SPOKEN, "oh seven nine one one, one two three four five six", "+44 7911 123456"),
        (Modality.WRITTEN, "06 12 34 56 78", "+33 6 12 34 56 78"),
    ],
)
async def test_a_national_number_from_abroad_gets_add_your_country_code(
    store: Store, modality: Modality, said: str, example: str
) -> None:
    chat = Chat(store, modality)
    await chat.open()
    await chat.say("Ana Lima")
    r = await chat.say(said)
    assert "country code" in r.reply and example in r.reply
    assert "too many digits" not in r.reply


async def test_a_national_number_never_valid_anywhere_still_gets_the_country_code_hint(store: Store) -> None:
    chat = Chat(store)
    await chat.open()
    r = await chat.say("Ana Lima", "07700 900123")
    assert "country code" in r.reply and "too many digits" not in r.reply


@pytest.mark.parametrize(
    ("typed", "answer", "saved"),
    [
        ("ana@gmial.com", "yes", "ana@gmail.com"),
        ("ana@yaho.com", "yes please", "ana@yahoo.com"),
        ("ana@hotmial.com", "oh yes, oops", "ana@hotmail.com"),
        ("ana@gmail.con", "yep", "ana@gmail.com"),
        ("ana@gmial.com", "no, it's right", "ana@gmial.com"),
        ("ana@gmial.com", "that's correct as is", "ana@gmial.com"),
        ("ana@gmial.com", "no", "ana@gmial.com"),
    ],
)
async def test_an_obvious_domain_typo_is_asked_about_never_changed_silently(
    store: Store, typed: str, answer: str, saved: str
) -> None:
    chat = Chat(store)
    await chat.open()
    r = await chat.say("Ana Lima", "415 555 0100", typed)
    fixed = typed.split("@", maxsplit=1)[0] + "@" + {"gmial.com": "gmail.com", "yaho.com": "yahoo.com",
                                         "hotmial.com": "hotmail.com", "gmail.con": "gmail.com"}[typed.split("@")[1]]  # fmt: skip
    assert f"did you mean {fixed}?" in r.reply.lower()
    r = await chat.say(answer)
    assert "therapist" in r.reply.lower()
    r = await chat.say("client")
    assert f"email {saved};" in r.reply
    r = await chat.say("yes")
    assert r.entry_id is not None, r.reply
    assert await chat.saved() == ("Ana Lima", "+14155550100", saved, "client")


async def test_a_spoken_domain_typo_is_asked_with_the_address_spelled(store: Store) -> None:
    chat = Chat(store, Modality.SPOKEN)
    await chat.open()
    r = await chat.say("ana lima", "this number", "ana at yaho dot com")
    assert "did you mean a n a, at yahoo dot com?" in r.reply.lower()
    await chat.say("yes", "client")
    r = await chat.say("yes")
    assert r.entry_id is not None
    assert await chat.saved() == ("Ana Lima", "+14155550100", "ana@yahoo.com", "client")


@pytest.mark.parametrize("unclear", ["sorry?", "what?", "hmm"])
async def test_did_you_mean_unanswered_twice_keeps_the_address_without_thanking_for_an_answer(
    store: Store, unclear: str
) -> None:
    """A bad line (line report 757570): "sorry?" twice to "did you mean ...?" was thanked ("Great,
    thanks"), as if the person had said yes. The address stays as it was and the read-back shows it."""
    chat = Chat(store, Modality.SPOKEN)
    await chat.open()
    r = await chat.say("ana lima", "this number", "ana at yaho dot com")
    assert "did you mean" in r.reply.lower()
    r = await chat.say(unclear)
    assert "yes or no" in r.reply.lower()
    r = await chat.say(unclear)
    assert "great" not in r.reply.lower() and "thank" not in r.reply.lower(), r.reply
    assert "keep the address as i have it" in r.reply.lower() and "therapist" in r.reply.lower()
    await chat.say("client")
    r = await chat.say("yes")
    assert r.entry_id is not None
    assert await chat.saved() == ("Ana Lima", "+14155550100", "ana@yaho.com", "client")


async def test_a_common_domain_is_not_questioned(store: Store) -> None:
    chat = Chat(store)
    await chat.open()
    r = await chat.say("Ana Lima", "415 555 0100", "ana@gmail.com")
    assert "did you mean" not in r.reply.lower() and "therapist" in r.reply.lower()


@pytest.mark.parametrize(
    ("modality", "lines"),
    [
        (Modality.WRITTEN, ["Cher", "I only have one name"]),
        (Modality.WRITTEN, ["Cher, that's my whole name"]),
        (Modality.SPOKEN, ["cher", "I don't have a last name"]),
        (Modality.SPOKEN, ["just cher, no last name"]),
    ],
)
async def test_a_person_with_one_name_is_asked_once_for_a_surname_then_saved(
    store: Store, modality: Modality, lines: list[str]
) -> None:
    chat = Chat(store, modality)
    first = await chat.open()
    assert "name" in first.reply.lower()
    r = await chat.say(lines[0])
    if len(lines) > 1:
        assert "last name" in r.reply.lower()
        r = await chat.say(lines[1])
    assert "phone" in r.reply.lower()
    spoken = modality == Modality.SPOKEN
    r = await chat.say(
        "this number" if spoken else "415 555 0100", "cher at x dot com" if spoken else "cher@x.com"
    )
    r = await chat.say("client")
    assert ("Your name is Cher." if spoken else "name Cher;") in r.reply
    r = await chat.say("yes")
    assert r.entry_id is not None
    assert await chat.saved() == ("Cher", "+14155550100", "cher@x.com", "client")


def test_a_single_name_needs_the_flag_and_the_persons_own_words() -> None:
    args = {"full_name": "Cher", "phone": "+14155550100", "email": "cher@x.com", "role": "client"}
    _, errors = validate_signup(args)
    assert "full_name" in errors  # no flag: a first name alone is not a full name
    fields, errors = validate_signup({**args, "mononym": True})
    assert fields is not None and not errors
    said = ["Cher", "415 555 0100", "cher@x.com", "client"]
    assert "full_name" in ungrounded_fields(fields, said, None)  # a model cannot decide it for them
    assert not ungrounded_fields(fields, [*said, "I only have one name"], None)


async def test_a_model_cannot_save_a_suggested_address_the_person_did_not_accept(store: Store) -> None:
    """Grounding: an address Knotty offered counts as said only after the person's yes right after it."""
    state = ConversationState()
    history = [
        ChatLine("user", "Ana Lima, 415 555 0100, ana@gmial.com, client"),
        ChatLine("assistant", "Just to check, did you mean ana@gmail.com?"),
        ChatLine("user", "no, it's right"),
    ]
    call = ToolCall("c", SAVE_WAITLIST_ENTRY, {
        "full_name": "Ana Lima", "phone": "+14155550100", "email": "ana@gmail.com", "role": "client"})  # fmt: skip
    result = await ToolRunner(store, "web").run(call, BrainContext(history, "", state))
    assert not result.result["ok"] and "email" in result.result["errors"]
    history[-1] = ChatLine("user", "yes")
    # Every save also needs the details read back and confirmed (`read_back_refusal`).
    history += [
        ChatLine("assistant", "Ana Lima, 415 555 0100, ana@gmail.com, client. Is that right?"),
        ChatLine("user", "yes"),
    ]
    result = await ToolRunner(store, "web").run(call, BrainContext(history, "", state))
    assert result.result["ok"]

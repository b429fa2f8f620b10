"""A person's own signed texts, captured and replayed hours later (before the prune's two days are up).

Twilio signs a text's URL and form, never its time. Each text's turn is kept under its MessageSid so
that Twilio's retry of a webhook that got no answer gets the same reply. Before (round 13), a replay
hours later got that stored reply too: the reply to the person's email was the read-back, so one
captured text (their email, or their "yes") answered with their full name, phone, email and role, and
the "yes" with their first name and the text offer, none of it in the captured request. Now a stored
reply is given back only within `RETRY_WINDOW_S` of its turn (Twilio retries within seconds); a later
replay gets no reply and changes nothing.

Through the real app over HTTP: signed Twilio webhooks, a clock moved forward, people from Faker in
many locales, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import random
import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import col, select, update

from channels.sms import RETRY_WINDOW_S
from knotty.agent import TurnResult
from knotty.maintenance import KEEP_KEYS_HOURS
from knotty.store import create_engine
from knotty.store.models import TEXT_TURN_KEY_PREFIX, ProcessedTurn
from tests.channels.conftest import TwilioWorld, twilio_world
from tests.channels.test_replayed_after_the_prune import LOCALES, Clock, _replay, _what_is_stored, clock
from tests.channels.text_signups import text_signup_overheard
from tests.support.fake_twilio_rest import FakeTwilioRest

__all__ = ["clock"]  # the fixture, used by name


@pytest.fixture
async def world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwilioWorld]:
    async with twilio_world(database_url, tmp_path, fake_rest) as w:
        yield w


def _texts(answer_xml: str) -> list[str]:
    return [m.text or "" for m in ET.fromstring(answer_xml).iter("Message")]


@pytest.mark.parametrize("seed", [14, 27, 40])
async def test_texts_replayed_hours_later_get_no_answer_and_change_nothing(
    world: TwilioWorld, database_url: str, clock: Clock, seed: int
) -> None:
    _person, phone, hooks = await text_signup_overheard(world, seed, LOCALES)
    before = await _what_is_stored(database_url)
    assert len(before["waitlist_entries"]) == 1
    captured = list(hooks)

    # Within a retry's window the stored reply comes back (what Twilio's retry needs).
    retried = await _replay(world, captured[-1:])
    assert _texts(retried[0].text) and phone.replies[-1] in _texts(retried[0].text)

    later_h = random.Random(seed).uniform(RETRY_WINDOW_S / 3600 + 0.1, KEEP_KEYS_HOURS - 1)
    clock.forward(later_h)
    answers = await _replay(world, captured)

    told = {
        hook.params["Body"]: said
        for hook, answer in zip(captured, answers, strict=True)
        if (said := _texts(answer.text))
    }
    assert told == {}, f"{len(told)} of {len(captured)} texts replayed {later_h:.1f} h later answered: {told}"
    assert len(world.rest.messages_to(phone.number)) == 1, "texted again by replayed texts"
    assert await _what_is_stored(database_url) == before, "the replay changed their signup"

    # The person themselves, texting again, is answered as ever.
    assert await phone.send("hello again")


async def _stored_answers(database_url: str) -> dict[str, dict[str, Any]]:
    """The stored answer of every text's turn, by its key."""
    engine = create_engine(database_url)
    try:
        async with engine.connect() as conn:
            rows = (await conn.execute(select(ProcessedTurn.key, ProcessedTurn.result))).all()
    finally:
        await engine.dispose()
    return {key: dict(result) for key, result in rows if key.startswith(TEXT_TURN_KEY_PREFIX) and result}


def _read_as_before_round_13(record: dict[str, Any]) -> TurnResult:
    """How the code before 2026-12-07 read a stored answer: every key a field of the result."""
    return TurnResult(**{**record, "effects": (), "duplicate": True})


@pytest.mark.parametrize("seed", [5, 22])
async def test_a_stored_answer_is_read_by_the_code_before_a_deploy_and_the_last_one(
    world: TwilioWorld, database_url: str, clock: Clock, seed: int
) -> None:
    """During a rolling deploy a retry answered by one version reaches a process of the other. The
    answers of round 13 carried their time as a key the code before did not know: the retry got a 500.
    The time is now the row's own; each answer is what any version reads, and an answer stored by
    round 13's code (with its `written_at`) is still given back within the window, and not after it."""
    _person, phone, hooks = await text_signup_overheard(world, seed, LOCALES)
    answers = await _stored_answers(database_url)
    assert answers, "no text's answer was stored"
    for key, record in answers.items():
        assert _read_as_before_round_13(record).reply, key

    engine = create_engine(database_url)  # as round 13's code wrote them: its time inside the answer
    try:
        async with engine.begin() as conn:
            for key, record in answers.items():
                kept = {**record, "written_at": time.time()}
                await conn.execute(
                    update(ProcessedTurn).where(col(ProcessedTurn.key) == key).values(result=kept)
                )
    finally:
        await engine.dispose()
    retried = await _replay(world, list(hooks)[-1:])
    assert phone.replies[-1] in _texts(retried[0].text)
    clock.forward(RETRY_WINDOW_S / 3600 + 0.5)
    late = await _replay(world, list(hooks)[-1:])
    assert _texts(late[0].text) == []

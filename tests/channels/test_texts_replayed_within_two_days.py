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
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from channels.sms import RETRY_WINDOW_S
from knotty.maintenance import KEEP_KEYS_HOURS
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

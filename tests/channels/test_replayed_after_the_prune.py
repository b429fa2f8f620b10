"""A person's own signed webhooks, captured and replayed days later, after the prune forgot their keys.

Twilio signs a webhook's URL and form, never its time. Each turn's idempotency key (a call's CallSid and
turn number, a text's MessageSid) is what answers a replay with the stored reply; the hourly prune
forgets keys older than two days (`knotty.maintenance.KEEP_KEYS_HOURS`). Replayed after that, the
captured webhooks of a finished signup ran their turns afresh: the call's start, details, "yes" and
"yes please" (or the texts') signed the person up again in a new conversation and, once the
per-number window was over, texted them again. Now a call's every next-step URL carries the time
Knotty wrote it (Twilio signs it with the rest) and a stale one hears a short goodbye; a text's key is
not forgotten but kept, emptied, as a tombstone that answers nothing.

Through the real app over HTTP: signed Twilio webhooks, the real prune, a clock moved forward, people
from Faker in many locales, on SQLite and PostgreSQL.
"""

from __future__ import annotations

import time
import xml.etree.ElementTree as ET
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from channels import wording
from knotty.maintenance import KEEP_KEYS_HOURS, prune_once
from knotty.store import models
from tests.channels.call_steps import at_the_read_back
from tests.channels.conftest import TwilioWorld, twilio_world
from tests.channels.test_erase_entry import _every_row
from tests.channels.text_signups import text_signup_overheard
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import PostedReply, Webhook
from tests.unit.brains.callers import caller

LOCALES = ("en_US", "es_MX", "fr_FR", "de_DE", "it_IT", "pt_BR", "pl_PL", "nl_NL", "sv_SE", "ja_JP")
LATER_H = KEEP_KEYS_HOURS + 1.0
"""How far the clock moves: past the prune's two days, and past the per-number window set below."""


@dataclass
class Clock:
    """Moves every clock the app reads (`time.time`, the store's `utcnow`) forward by `offset_s`."""

    offset_s: float = 0.0

    def forward(self, hours: float) -> None:
        self.offset_s += hours * 3600.0


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    moved = Clock()
    real_time = time.time

    class _Now(datetime):
        @classmethod
        def now(cls, tz: Any = None) -> Any:
            return datetime.now(tz) + timedelta(seconds=moved.offset_s)

    monkeypatch.setattr(time, "time", lambda: real_time() + moved.offset_s)
    monkeypatch.setattr(models, "datetime", _Now)
    return moved


@pytest.fixture
async def world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwilioWorld]:
    # One text per number a day: two days on, only the window's own rule would stop a second text.
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_SMS_PER_NUMBER_DAYS="1") as w:
        yield w


async def _replay(world: TwilioWorld, hooks: list[Webhook]) -> list[PostedReply]:
    """Each captured webhook again, with a new idempotency header; every one answered 200."""
    answers = await world.sim.replay(hooks)
    assert all(a.status_code == 200 for a in answers), [
        (h.url, a.status_code) for h, a in zip(hooks, answers, strict=False)
    ]
    await world.settle()
    return answers


async def _what_is_stored(database_url: str) -> dict[str, list[str]]:
    """Every row of every table but the idempotency keys (the prune's own): entries, conversations,
    transcripts, texts, counters."""
    tables = await _every_row(database_url)
    del tables["processed_turns"]
    return tables


def _said(answer: PostedReply) -> str:
    return " ".join(say.text or "" for say in ET.fromstring(answer.text).iter("Say"))


@pytest.mark.parametrize("seed", [3, 8])
async def test_a_call_replayed_after_the_prune_hears_goodbye_and_changes_nothing(
    world: TwilioWorld, database_url: str, clock: Clock, seed: int
) -> None:
    person = caller(seed, LOCALES)
    hooks = world.sim.record()
    call = await at_the_read_back(world, person)
    await call.say("yes, that's right")
    await call.say("yes please")  # the confirmation text
    await call.hang_up()
    await world.settle()
    assert len(world.rest.messages_to(person["phone"])) == 1
    before = await _what_is_stored(database_url)
    assert len(before["waitlist_entries"]) == 1

    clock.forward(LATER_H)
    assert await prune_once(world.store) > 0, "the real prune forgot the call's keys"
    captured = list(hooks)  # (the replays are recorded too)
    answers = await _replay(world, captured)

    assert len(world.rest.messages_to(person["phone"])) == 1, "texted again by a replayed call"
    assert await _what_is_stored(database_url) == before, "the replay signed them up again"
    steps = [
        (h, a) for h, a in zip(captured, answers, strict=True) if "/voice/menu" in h.url or "/turn" in h.url
    ]
    assert len(steps) == 4, [h.url for h in captured]  # the menu's "1", the details, "yes", "yes please"
    for hook, answer in steps:
        assert _said(answer) == wording.VOICE_STALE_GOODBYE, (hook.url, answer.text)
        assert "<Hangup" in answer.text, (hook.url, answer.text)


@pytest.mark.parametrize("seed", [4, 11])
async def test_texts_replayed_after_the_prune_get_no_answer_and_change_nothing(
    world: TwilioWorld, database_url: str, clock: Clock, seed: int
) -> None:
    _person, phone, hooks = await text_signup_overheard(world, seed, LOCALES)
    before = await _what_is_stored(database_url)
    assert len(before["waitlist_entries"]) == 1

    clock.forward(LATER_H)
    assert await prune_once(world.store) > 0
    assert await prune_once(world.store) == 0, "a tombstone is not pruned again every hour"
    captured = list(hooks)  # (the replays are recorded too)
    answers = await _replay(world, captured)

    assert len(world.rest.messages_to(phone.number)) == 1, "texted again by replayed texts"
    assert await _what_is_stored(database_url) == before, "the replay changed their signup"
    for hook, answer in zip(captured, answers, strict=True):
        assert list(ET.fromstring(answer.text)) == [], (hook.params["Body"], answer.text)

    # The person themselves, texting again today, is answered as ever.
    assert await phone.send("hello again")

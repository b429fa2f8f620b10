"""An erased person is not signed up again by their own webhooks, captured and replayed (or retried late).

Erasing an entry (`knotty erase`, the admin page) deleted its conversations' idempotency keys with
them. Twilio signs a webhook's URL and form, not its time nor its `I-Twilio-Idempotency-Token` header:
whoever captured the signed requests of a signup (a proxy's or a tool's request log) could, after the
erasure, send them again with new idempotency headers, and each ran its turn afresh. A call's details
then its "yes" put the person back on the waitlist and the "yes" to the text texted them again; so did
a text signup's texts. Now an erasure keeps the keys as tombstones that answer nothing, and the prune
keeps them. A call's start (the menu's "1", which greets) had no key: replayed, it opened a conversation
holding the erased caller's number; it is kept under one now, like a turn. Through the real app: signed Twilio webhooks, the admin's bearer-token erase over HTTP,
people from Faker in many locales, on SQLite and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from knotty.maintenance import prune_once
from tests.channels.call_steps import at_the_read_back
from tests.channels.conftest import KNOTTY_NUMBER, TwilioWorld, twilio_world
from tests.channels.people import Person
from tests.channels.test_erase_entry import _every_row, _holding
from tests.channels.test_relay import ENDED, after_relay, relay_call
from tests.channels.text_signups import text_signup_overheard
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.twilio_sim import Webhook
from tests.unit.brains.callers import caller, said_email

TOKEN = "admin-token-for-erase-replay-tests-0123456789"
LOCALES = ("en_US", "es_MX", "fr_FR", "de_DE", "it_IT", "pt_BR", "pl_PL", "nl_NL", "sv_SE", "tr_TR")


@pytest.fixture
async def world(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwilioWorld]:
    async with twilio_world(database_url, tmp_path, fake_rest, ADMIN_TOKEN=TOKEN) as w:
        yield w


async def _erase(world: TwilioWorld, email: str) -> None:
    [entry] = [e for e in await world.store.list_entries() if e.email == email]
    async with httpx.AsyncClient(base_url=world.base_url) as admin:
        erased = await admin.post(
            f"/admin/entries/{entry.id}/erase",
            data={"confirm": str(entry.id)},
            headers={"Authorization": f"Bearer {TOKEN}"},
        )
    assert erased.status_code == 200, erased.text
    assert await world.store.list_entries() == []


async def _replay(world: TwilioWorld, hooks: list[Webhook]) -> None:
    """Each captured webhook again, with a new idempotency header; every one answered 200."""
    answers = await world.sim.replay(hooks)
    assert all(a.status_code == 200 for a in answers), [
        (h.url, a.status_code) for h, a in zip(hooks, answers, strict=False)
    ]
    await world.settle()


async def _nothing_of_them(world: TwilioWorld, database_url: str, *needles: str) -> None:
    assert await world.store.list_entries() == []
    assert _holding(await _every_row(database_url), *needles) == {}


@pytest.mark.parametrize("seed", [2, 7])
async def test_a_replayed_call_signs_nobody_up_again(
    world: TwilioWorld, database_url: str, seed: int
) -> None:
    person = caller(seed, LOCALES)
    hooks = world.sim.record()
    call = await at_the_read_back(world, person)
    await call.say("yes, that's right")
    await call.say("yes please")  # the confirmation text
    await call.hang_up()
    await world.settle()
    assert len(world.rest.messages_to(person["phone"])) == 1
    turns = [h for h in hooks if "/turn" in h.url]
    assert len(turns) == 3, [h.url for h in hooks]

    await _erase(world, person["email"])
    await _replay(world, hooks)  # the call's every webhook: its start (the menu's "1") opens nothing either

    await _nothing_of_them(world, database_url, person["email"], person["full_name"], person["phone"])
    assert len(world.rest.messages_to(person["phone"])) == 1, "texted again after the erasure"


@pytest.mark.parametrize("seed", [1, 12])
async def test_replayed_texts_sign_nobody_up_again_even_after_the_prune(
    world: TwilioWorld, database_url: str, seed: int
) -> None:
    person, phone, hooks = await text_signup_overheard(world, seed, LOCALES)

    await _erase(world, person["email"])
    # The hourly prune of old keys comes (here as if two days had passed) and must keep the tombstones.
    await prune_once(world.store, keep_hours=-1.0)
    await _replay(world, hooks)

    await _nothing_of_them(world, database_url, person["email"], person["full_name"], phone.number)
    assert len(world.rest.messages_to(phone.number)) == 1, "texted again after the erasure"


@pytest.mark.parametrize("seed", [5, 16])
async def test_a_streamed_calls_end_replayed_after_the_erasure_opens_nothing(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str], seed: int
) -> None:
    """A call over ConversationRelay keeps no idempotency key of its own (its turns come over the stream).
    Its `<Connect action>` webhook (the stream's end), captured and replayed after the erasure, found no
    conversation and greeted the call as a new one: a conversation holding the erased caller's number."""
    person = caller(seed, LOCALES)
    someone = Person(person["full_name"], person["email"], said_email(person["email"]), person["role"])
    async with twilio_world(
        database_url, tmp_path, fake_rest, ADMIN_TOKEN=TOKEN, KNOTTY_VOICE_MODE="relay"
    ) as world:
        hooks = world.sim.record()
        call, relay = await relay_call(world, person["phone"])
        reply = await relay.reply(count=1)
        for _ in range(12):
            if relay.ended is not None:
                break
            reply = await relay.ask(someone.answer(reply, spoken=True))
        await relay.wait_end()
        await relay.close()
        assert (await after_relay(world, call)).find("Hangup") is not None
        await world.settle()
        [entry] = await world.store.list_entries()
        assert entry.email == person["email"]
        texted = len(world.rest.messages_to(person["phone"]))
        ended = world.sim.webhook(
            world.sim.public_url(ENDED),
            {"CallSid": call.sid, "From": call.caller, "To": KNOTTY_NUMBER, "SessionStatus": "completed"},
        )

        await _erase(world, person["email"])
        await _replay(world, [*hooks, ended])

        await _nothing_of_them(world, database_url, person["email"], person["full_name"], person["phone"])
        assert len(world.rest.messages_to(person["phone"])) == texted, "texted again after the erasure"

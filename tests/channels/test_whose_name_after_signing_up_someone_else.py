"""A bare name after "I want to sign up my wife", by text, on a call and in the web chat, through the real routes.

The name said next ("Ana Smith") had been saved as the speaker's own. Now Knotty asks once whether it is
their own name: "no, that's my wife" gets the speaker's own name asked for, and only that is saved; "yes" keeps
it. Couples from Faker (the brain's rules are in
`tests/unit/brains/test_scripted_whose_name_after_signing_up_someone_else.py`).
"""

from __future__ import annotations

import unicodedata
from collections.abc import Awaitable, Callable
from pathlib import Path

import httpx
import pytest
from faker import Faker

from tests.channels.conftest import TwilioWorld
from tests.web.conftest import WebVisitor, bubbles, web_app


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _couple(locale: str, seed: int) -> tuple[str, str, str]:
    """(the speaker's whole name, their wife's whole name, an address of the speaker's), from Faker."""
    fake = Faker(locale)
    fake.seed_instance(seed)
    while True:
        me, wife = (
            f"{fake.first_name_male()} {fake.last_name()}",
            f"{fake.first_name_female()} {fake.last_name()}",
        )
        if all(w.isalpha() and len(w) > 2 for w in (*me.split(), *wife.split())) and len(me.split()) == 2:
            email = ".".join(_plain(w) for w in me.split()) + "@example.com"
            return me, wife, email


async def _answer(
    send: Callable[[str], Awaitable[list[str]]], *, me: str, email: str, spoken: bool, last: str
) -> None:
    """Answer as ``me`` until the read-back is confirmed and the text declined (``send`` says, returns replies)."""
    for _ in range(8):
        low = last.lower()
        if "text" in low and "confirmation" in low:
            await send("no thanks")
            return
        if "correct" in low or "right?" in low or "all right" in low:
            said = "yes"
        elif "name" in low:
            said = me
        elif "phone" in low or "number" in low:
            said = "this number"
        elif "email" in low:
            said = email.replace(".", " dot ").replace("@", " at ") if spoken else email
        else:
            said = "client"
        replies = await send(_plain(said) if spoken else said)
        last = " ".join(replies)


@pytest.mark.parametrize(("locale", "seed"), [("en_US", 131), ("es_MX", 132), ("de_DE", 133)])
async def test_by_text_the_wifes_name_is_asked_about_and_only_the_speaker_saved(
    twilio: TwilioWorld, locale: str, seed: int
) -> None:
    me, wife, email = _couple(locale, seed)
    phone = twilio.sim.texter("+14155550188")
    await phone.send("Hi, I want to sign up my wife")
    [asked] = await phone.send(wife)
    assert f"is {wife} your own name?" in asked, asked
    [reply] = await phone.send("no, that's my wife")
    assert "own details" in reply, reply
    await _answer(phone.send, me=me, email=email, spoken=False, last=reply)
    [entry] = await twilio.store.list_entries()
    assert (entry.full_name, entry.phone, entry.email) == (me, "+14155550188", email)


@pytest.mark.parametrize(("locale", "seed"), [("en_GB", 134), ("it_IT", 135)])
async def test_on_a_call_a_yes_keeps_the_name_as_the_callers(
    twilio: TwilioWorld, locale: str, seed: int
) -> None:
    me, _, email = _couple(locale, seed)
    call = await twilio.sim.call("+14155550189")
    await call.press("1")
    await call.say("i want to sign up my husband")
    asked = " ".join(await call.say(_plain(me)))
    assert f"is {_plain(me)} your own name?" in _plain(asked), asked
    said = await call.say("yes that's me")
    await _answer(call.say, me=me, email=email, spoken=True, last=" ".join(said))
    [entry] = await twilio.store.list_entries()
    assert (_plain(entry.full_name), entry.phone, entry.email) == (_plain(me), "+14155550189", email)


@pytest.mark.parametrize(("locale", "seed"), [("fr_FR", 136), ("pt_BR", 137)])
async def test_in_the_web_chat_the_wifes_name_is_never_saved(
    database_url: str, tmp_path: Path, locale: str, seed: int
) -> None:
    me, wife, email = _couple(locale, seed)
    async with web_app(database_url, tmp_path) as (base, runtime), httpx.AsyncClient(base_url=base) as http:
        visitor = WebVisitor(http)
        await visitor.open("/")
        await visitor.say("can I sign up my wife?")
        page = await visitor.say(wife)
        assert f"is {wife} your own name?" in bubbles(page.text)[-1], bubbles(page.text)[-1]
        page = await visitor.say("no")
        for said in (me, "+1 415 555 0187", email, "client", "yes"):
            page = await visitor.say(said)
        [entry] = await runtime.store.list_entries()
        assert (entry.full_name, entry.email) == (me, email), bubbles(page.text)

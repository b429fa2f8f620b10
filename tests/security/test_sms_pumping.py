"""Issue 10, item 2: the web chat is not an SMS pump.

Before the fix, three chat messages bought one confirmation text to any valid number (premium-rate
and other countries included), 20 a minute from one address, and the same number could be texted
again and again by signing it up again. Each attack is played through the real web chat against the
real app, with confirmation texts going to the fake Twilio REST API; what counts is what it received.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from tests.channels.conftest import TwilioWorld, twilio_world
from tests.channels.people import Person
from tests.security.test_entry_takeover import on_web
from tests.support.fake_twilio_rest import FakeTwilioRest

SURNAMES = ("Ames", "Bloom", "Crane", "Dover", "Ellis")


def person(i: int, phone: str) -> Person:
    return Person(
        f"Robin {SURNAMES[i]}", f"visitor{i}@example.com", "", "client", phone_said=phone, wants_text=True
    )


def offered_a_text(said: list[str]) -> bool:
    return any("text" in line.lower() and "?" in line for line in said)


@pytest.fixture
async def capped(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> AsyncIterator[TwilioWorld]:
    async with twilio_world(database_url, tmp_path, fake_rest, KNOTTY_SMS_HOURLY_CAP="2") as world:
        yield world


@pytest.mark.parametrize(
    "phone",
    [
        "+44 20 7183 8750",  # a London landline
        "+33 6 12 34 56 78",  # a French mobile: not a country MasseurMatch operates in
        "+1 900 555 0100",  # US premium rate
        "+1 800 555 0100",  # US toll-free
    ],
)
async def test_no_text_to_numbers_outside_the_allowed_countries_or_not_mobile(
    twilio: TwilioWorld, phone: str
) -> None:
    said = await on_web(twilio.base_url, person(1, phone))
    await twilio.settle()
    [entry] = await twilio.store.list_entries()
    assert entry.confirmation_sms_status is None and twilio.rest.messages == []
    assert not offered_a_text(said), "no text is offered, so none is promised"
    assert not any("on its way" in line.lower() for line in said)


async def test_signing_one_number_up_again_and_again_buys_one_text(twilio: TwilioWorld) -> None:
    for i in range(4):
        await on_web(twilio.base_url, person(i, "415 555 0142"))
    await twilio.settle()
    assert [m.to for m in twilio.rest.messages] == ["+14155550142"]
    assert len(await twilio.store.list_entries()) == 4, "every signup is still saved"


async def test_the_hourly_cap_holds_across_numbers(capped: TwilioWorld) -> None:
    outcomes = [await on_web(capped.base_url, person(i, f"415 555 01{60 + i}")) for i in range(4)]
    await capped.settle()
    assert len(capped.rest.messages) == 2
    told_on_its_way = [
        said
        for said in outcomes
        if any("on its way" in s.lower() or "i'll text you" in s.lower() for s in said)
    ]
    assert len(told_on_its_way) == 2, "only the people whose text was accepted are told it is coming"


async def test_without_a_sender_no_text_is_offered(
    database_url: str, tmp_path: Path, fake_rest: tuple[FakeTwilioRest, str]
) -> None:
    async with twilio_world(database_url, tmp_path, fake_rest, TWILIO_ACCOUNT_SID="") as world:
        said = await on_web(world.base_url, person(1, "415 555 0150"))
        [entry] = await world.store.list_entries()
    assert entry.confirmation_sms_status is None and not offered_a_text(said)


async def test_a_typed_number_texted_recently_or_opted_out_is_offered_a_text_but_not_texted(
    twilio: TwilioWorld,
) -> None:
    """A number texted within its allowance, or one that texted STOP, typed on the web chat: offered a
    text as any number is (no offer told the typist the number was texted or opted out: this test
    expected none before), and on "yes" told only that the text could not be sent. No text goes."""
    first = await on_web(twilio.base_url, person(0, "415 555 0143"), everything=True)
    again = await on_web(twilio.base_url, person(1, "415 555 0143"), everything=True)
    await twilio.store.set_opt_out("+14155550144", True)
    stopped = await on_web(twilio.base_url, person(2, "415 555 0144"), everything=True)
    fresh = await on_web(twilio.base_url, person(3, "415 555 0145"), everything=True)
    await twilio.settle()
    assert all(offered_a_text(said) for said in (first, again, stopped, fresh))
    for said in (again, stopped):
        assert any("able to send the text" in line for line in said), said
        assert not any("opted" in line.lower() or "recently" in line.lower() for line in said), said
    assert sorted(m.to for m in twilio.rest.messages) == ["+14155550143", "+14155550145"]
    assert len(await twilio.store.list_entries()) == 4, "every signup is still saved"

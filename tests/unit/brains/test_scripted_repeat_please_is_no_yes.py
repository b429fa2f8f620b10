"""At the read-back, a caller asks Knotty to repeat it or to slow down: "repeat that please", "come again
please", "one more time please", "slow down please", "sorry, slower please", "can you speak up please".
The "please" in them was read as a yes: the details were saved, and "you're on the list" said, though the
person had not heard them (found by hand, round 13). Asked so, Knotty reads the details again and saves
nothing until a yes; at the text's offer, no text is sent. People from Faker, in several locales.
"""

from __future__ import annotations

import pytest

from knotty.state import Modality, SmsOffer
from tests.unit.brains.callers import caller, said_email, said_phone
from tests.unit.brains.conftest import Talk

LOCALES = ("en_US", "en_GB", "en_AU", "en_IN", "de_DE", "fr_FR", "es_MX", "it_IT")
ASKS = (
    "repeat that please",
    "come again please",
    "one more time please",
    "slow down please",
    "sorry, slower please",
    "could you slow down please",
    "can you speak up please",
    "a bit louder please",
    "say it again please",
    "please repeat",
    "too fast, please",
    "can you say that more slowly please",
)


async def _at_the_read_back(talk: Talk, person: dict[str, str]) -> str:
    spoken = talk.modality is Modality.SPOKEN
    await talk.open()
    await talk.say(person["full_name"].lower() if spoken else person["full_name"])
    await talk.say(said_phone(person["phone"]) if spoken else person["phone"])
    await talk.say(said_email(person["email"]) if spoken else person["email"])
    return (await talk.say(person["role"])).text


@pytest.mark.parametrize("k", range(len(ASKS) * 2))
async def test_asked_to_repeat_or_slow_down_the_read_back_saves_nothing_until_a_yes(k: int) -> None:
    person = caller(k, LOCALES)
    modality = Modality.SPOKEN if k % 2 == 0 else Modality.WRITTEN
    talk = Talk(modality, caller_number="+14155550100", silence_limit=3)
    read = await _at_the_read_back(talk, person)
    surname = person["full_name"].split()[-1]
    assert surname in read, read
    reply = await talk.say(ASKS[k // 2])
    assert not talk.saves, f"{ASKS[k // 2]!r} saved: {reply.text}"
    assert surname in reply.text, reply.text  # read again
    await talk.say("yes, that's right")
    assert len(talk.saves) == 1 and talk.saves[0]["email"] == person["email"]


@pytest.mark.parametrize("k", range(len(ASKS)))
async def test_asked_to_repeat_the_text_offer_sends_no_text(k: int) -> None:
    person = caller(k, LOCALES)
    talk = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await _at_the_read_back(talk, person)
    offer = (await talk.say("yes")).text
    assert talk.saves and "text" in offer, offer
    reply = await talk.say(ASKS[k])
    assert talk.state.sms is not SmsOffer.ACCEPTED and not reply.called("send_confirmation_sms"), reply.text
    assert "text" in reply.text, reply.text  # the offer again

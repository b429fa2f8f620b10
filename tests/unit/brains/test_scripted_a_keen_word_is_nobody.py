"""A keen word before "would love to join" is the speaker's own wish, never another person's name.

"Yes, I would like to join. Ana Lima" at the name question was answered "Yes is welcome to start a chat with
us" and her name dropped (the pronoun "I" taken for a spelled letter of a name "Yes"); "Sure, would love to
join", "Definitely would like to sign up" the same, and
"client, would love to" at the role question made "Client" someone else (redteam20, round 20: the named
wish of round 19 took any first word for a name). Faker people of locales the corpus does not use.
"""

from __future__ import annotations

import pytest

from tests.unit.brains.callers import given_and_surname
from tests.unit.brains.conftest import Talk

_LOCALES = ("lv_LV", "lt_LT", "sl_SI", "en_IE", "es_AR", "pt_PT", "de_AT", "fr_CH")
_KEEN = ("Sure", "Yeah", "Definitely", "Absolutely", "Really", "Yes", "Great", "Certainly")
_WISH = ("would love to join", "I would like to sign up", "would love to", "I would like to join")


def _person(locale: str, seed: int) -> tuple[str, str]:
    return given_and_surname(locale, 2020 + seed)


@pytest.mark.parametrize("locale", _LOCALES)
@pytest.mark.parametrize("k", range(len(_KEEN)))
async def test_a_keen_word_at_the_name_question_keeps_the_name(locale: str, k: int) -> None:
    """ "Sure, would love to join. <name>": nobody called Sure is sent away, and her own name is saved."""
    given, surname = _person(locale, k)
    talk = Talk()
    await talk.open()
    reply = await talk.say(f"{_KEEN[k]}, {_WISH[k % len(_WISH)]}. {given} {surname}")
    assert "welcome to start a chat" not in reply.text, reply.text
    for line in ["+1 415 555 0134", "person@example.com", "client", "yes"]:
        await talk.say(line)
    assert [s["full_name"] for s in talk.saves] == [f"{given} {surname}"]


@pytest.mark.parametrize("role", ["client", "therapist", "Client", "A therapist"])
@pytest.mark.parametrize("wish", _WISH)
async def test_a_role_with_a_wish_is_the_role(role: str, wish: str) -> None:
    """ "client, would love to" at the role question is the role, not a person named Client."""
    given, surname = _person("lv_LV", len(wish))
    talk = Talk()
    await talk.open()
    for line in [f"{given} {surname}", "+1 415 555 0134", "person@example.com"]:
        await talk.say(line)
    reply = await talk.say(f"{role}, {wish}")
    assert "welcome to start a chat" not in reply.text, reply.text
    await talk.say("yes")
    assert [s["role"] for s in talk.saves] == [role.rsplit(maxsplit=1)[-1].lower()]


@pytest.mark.parametrize(
    "said",
    [
        "Mary wants to join too",
        "Will wants to join too",
        "Grace would like to join",
        "June J wants to join",
        "Kim, K-I-M, wants to join",
        "Eli, E-L-I, would love to join",
    ],
)
async def test_someone_named_still_wants_to_join(said: str) -> None:
    """A name, even one that is also a word, or spelled with an I, before "wants to join" is another person."""
    name = said.split(maxsplit=1)[0].strip(",")
    talk = Talk()
    await talk.open()
    reply = await talk.say(said)
    assert f"{name} is welcome to start a chat" in reply.text, reply.text
    assert talk.saves == []

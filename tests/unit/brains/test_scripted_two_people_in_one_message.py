"""Two people in one message (round 11 findings).

"John Smith and my wife Ana Smith" signed John up without a word about Ana; "sign up me and my husband" was
"I'm sorry, I missed your name"; "415 555 0134 and my husband is 415 555 0199", answered to the phone question,
saved the husband's number on her signup. One conversation is one person's signup: Knotty now says so once ("I
can sign up one person per conversation, so let's do yours first; your wife can sign up separately afterwards"),
goes on with the person speaking, keeps only what they said before naming the other person, and after the save
says the other person is welcome to sign up too. Two people's fields are never merged.

Couples come from Faker in several locales, typed and said (lower case, no accents, as a recogniser writes).
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields._name_reading import folded
from knotty.state import Modality
from tests.unit.brains.conftest import Reply, Talk

_LOCALES = ("en_US", "es_MX", "pt_BR", "de_DE", "fr_FR", "it_IT", "pl_PL", "en_GB", "nl_NL", "sv_SE")
_RELATIONS = ("wife", "husband", "partner", "girlfriend", "boyfriend")
_ONE_AT_A_TIME = "one person per conversation"


def _couple(k: int, *, spoken: bool) -> tuple[str, str, str]:
    """(the person speaking, the other person, a relation word): full names of two words from Faker."""
    fake = Faker(_LOCALES[k % len(_LOCALES)])
    fake.seed_instance(1111 + k)
    names: list[str] = []
    while len(names) < 2:
        first, last = fake.first_name(), fake.last_name()
        if first.isalpha() and last.isalpha() and len(first) > 2 and (not names or first not in names[0]):
            names.append(
                f"{folded(first).capitalize()} {folded(last).capitalize()}" if spoken else f"{first} {last}"
            )
    return names[0], names[1], _RELATIONS[k % len(_RELATIONS)]


def _email(name: str, *, spoken: bool) -> str:
    local = ".".join(folded(w) for w in name.split())
    return f"{local.replace('.', ' dot ')} at gmail dot com" if spoken else f"{local}@gmail.com"


async def _play(t: Talk, me: str, first: list[str], *, spoken: bool) -> list[Reply]:
    """Say ``first``, then answer Knotty's questions as ``me`` until the save is confirmed and the text declined."""
    replies = [await t.say(line) for line in first]
    for _ in range(8):
        low = replies[-1].text.lower()
        if replies[-1].end:
            break
        if "text" in low and t.saves:
            said = "no thanks"
        elif "correct" in low or "right?" in low:
            said = "yes"
        elif "name" in low:
            said = me.lower() if spoken else me
        elif "phone" in low:
            said = "this number"
        elif "email" in low:
            said = _email(me, spoken=spoken)
        else:
            said = "client"
        replies.append(await t.say(said))
    return replies


def _said(text: str, *, spoken: bool) -> str:
    return text.lower() if spoken else text


WORDINGS = (
    "{me} and my {rel} {other}",
    "{me} and {other}",
    "hi, this is {me} and my {rel} {other}",
    "sign up me and my {rel}",
    "my {rel} and I want to sign up",
    "{me} and my {rel} {other}, {other_email}",
)


@pytest.mark.parametrize("first_text", [False, True], ids=["asked", "first-text"])
@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("wording", WORDINGS)
@pytest.mark.parametrize("k", range(5))
async def test_two_people_named_at_once_hear_one_signup_each_and_only_the_speaker_is_saved(
    k: int, wording: str, spoken: bool, first_text: bool
) -> None:
    me, other, rel = _couple(k, spoken=spoken)
    t = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    if not first_text:
        await t.open()
    said = wording.format(me=me, other=other, rel=rel, other_email=_email(other, spoken=spoken))
    replies = await _play(t, me, [_said(said, spoken=spoken)], spoken=spoken)
    told = [r.text for r in replies if _ONE_AT_A_TIME in r.text]
    assert len(told) == 1 and told[0] is replies[0].text, (said, [r.text for r in replies])
    referent = f"your {rel}" if "my {rel}" in wording else other.split()[0]
    assert referent in replies[0].text, (said, replies[0].text)
    assert t.saves == [
        {
            "full_name": me,
            "phone": "+14155550100",
            "email": _email(me, spoken=False),
            "role": "client",
        }
    ], (said, t.saves)
    saved_reply = next(r.text for r in replies if r.called("save_waitlist_entry"))
    assert "welcome to" in saved_reply and referent.lower() in saved_reply.lower(), saved_reply


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(5))
async def test_the_other_persons_number_or_address_is_never_the_speakers(k: int, spoken: bool) -> None:
    me, other, rel = _couple(k, spoken=spoken)
    t = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say(_said(me, spoken=spoken))
    r = await t.say(f"415 555 0134 and my {rel} is 415 555 0199")
    assert _ONE_AT_A_TIME in r.text and f"your {rel}" in r.text and "email" in r.text.lower(), r.text
    r = await t.say(f"{_email(me, spoken=spoken)} and my {rel}'s is {_email(other, spoken=spoken)}")
    assert _ONE_AT_A_TIME not in r.text, r.text  # said once
    for said in ("therapist", "yes"):
        r = await t.say(said)
    assert t.saves == [
        {"full_name": me, "phone": "+14155550134", "email": _email(me, spoken=False), "role": "therapist"}
    ], t.saves


@pytest.mark.parametrize(
    "said",
    [
        "Ana Lima and I'm a therapist",
        "ana lima and i give massages",
        "Ana Lima and my email is ana.lima@gmail.com",
        "my wife told me about you, I'm Ana Lima",
        "Ana Lima",
    ],
)
async def test_one_person_with_an_and_is_no_couple(said: str) -> None:
    t = Talk(caller_number="+14155550100")
    await t.open()
    r = await t.say(said)
    assert _ONE_AT_A_TIME not in r.text and "Ana" in r.text, r.text

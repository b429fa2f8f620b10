"""A couple named with one surname, and a person signing up someone else (round 12).

"hi, we're John and Ana Smith" said that Knotty signs up one person per conversation but did not take John's
name ("we are …" asked for it again; "we're …" greeted "Nice to meet you, We'Re."). Now the first named, the
one speaking, is taken with the surname they share: John Smith, read back like any name.

"I want to sign up my wife", "can I sign up my husband?", "it's for my son" assumed the speaker was the one
signing up ("so let's do yours first") and then took whatever name came next, "her name is Ana Smith" too,
as the speaker's. Knotty signs up the person it is talking with, with their own details: it now says so
kindly (the other person is welcome to call or chat themselves; the speaker may join), and details said to be
someone else's ("her name is …", "my wife's email is …", "his number is …") are never taken.

Couples from Faker in several locales, typed and said (lower case, no accents, as a recogniser writes).
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.conftest import Talk
from tests.unit.brains.someone_else import NUMBER, RELATIONS, email_for, finish, plain, talk

_LOCALES = ("en_US", "es_MX", "pt_BR", "de_DE", "fr_FR", "it_IT", "pl_PL", "en_GB", "nl_NL", "sv_SE")


def _couple(k: int) -> tuple[str, str, str, str]:
    """(the speaker's first name, the other's first name, their surname, a relation word), from Faker."""
    fake = Faker(_LOCALES[k % len(_LOCALES)])
    fake.seed_instance(1212 + k)
    while True:
        me, other, surname = fake.first_name(), fake.first_name(), fake.last_name()
        if all(w.isalpha() and len(w) > 2 for w in (me, other, surname)) and me != other:
            return me, other, surname, RELATIONS[k % len(RELATIONS)]


def _saved_as(t: Talk, name: str, *, spoken: bool) -> list[dict[str, str]]:
    return [
        {
            "full_name": plain(s["full_name"]) if spoken else s["full_name"],
            "phone": s["phone"],
            "email": s["email"],
        }
        for s in t.saves
    ] or [{"expected": plain(name) if spoken else name}]


COUPLE_WORDINGS = (
    "hi, we're {me} and {other} {surname}",
    "hi, we are {me} and {other} {surname}",
    "this is {me} and {other} {surname}",
    "{me} and {other} {surname}",
)


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("wording", COUPLE_WORDINGS)
@pytest.mark.parametrize("k", range(6))
async def test_a_couple_named_with_one_surname_signs_up_the_first_named(
    k: int, wording: str, spoken: bool
) -> None:
    me, other, surname, _ = _couple(k)
    t = talk(spoken)
    await t.open()
    said = wording.format(me=me, other=other, surname=surname)
    first = await t.say(plain(said) if spoken else said)
    assert "one person per conversation" in first.text and plain(other) in plain(first.text), (
        said,
        first.text,
    )
    assert "name" not in first.text.lower().split("afterwards", 1)[1], (
        said,
        first.text,
    )  # no name asked again
    whole = f"{me} {surname}"
    replies = await finish(t, [first], whole, spoken=spoken)
    expected = plain(whole) if spoken else whole
    assert _saved_as(t, whole, spoken=spoken) == [
        {"full_name": expected, "phone": NUMBER, "email": email_for(whole, spoken=False)}
    ], (said, [r.text for r in replies])


OTHER_ONLY = (
    "I want to sign up my {rel}",
    "can I sign up my {rel}?",
    "my {rel} would like to join",
    "it's for my {rel}",
    "I'm calling on behalf of my {rel}",
)


@pytest.mark.parametrize("first_text", [False, True], ids=["asked", "first-text"])
@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("wording", OTHER_ONLY)
@pytest.mark.parametrize("k", range(4))
async def test_signing_up_someone_else_hears_they_sign_up_themselves_and_only_the_speaker_is_saved(
    k: int, wording: str, spoken: bool, first_text: bool
) -> None:
    me, other, surname, rel = _couple(k)
    t = talk(spoken)
    if not first_text:
        await t.open()
    said = wording.format(rel=rel)
    first = await t.say(plain(said) if spoken else said)
    assert "only sign up the person i'm" in first.text.lower() and f"your {rel}" in first.text, (
        said,
        first.text,
    )
    assert "let's do yours first" not in first.text and "name" in first.text, (said, first.text)
    # The other person's name, said as theirs, is never taken.
    theirs = f"her name is {other} {surname}" if k % 2 else f"my {rel}'s name is {other} {surname}"
    r = await t.say(plain(theirs) if spoken else theirs)
    assert "own details" in r.text and plain(other) not in plain(r.text), (theirs, r.text)
    whole = f"{me} {surname}"
    replies = await finish(t, [r], whole, spoken=spoken)
    expected = plain(whole) if spoken else whole
    assert _saved_as(t, whole, spoken=spoken) == [
        {"full_name": expected, "phone": NUMBER, "email": email_for(whole, spoken=False)}
    ], (said, [x.text for x in replies])
    saved = next(x.text for x in replies if x.called("save_waitlist_entry"))
    assert f"your {rel} is welcome" in saved.lower(), saved


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(4))
async def test_someone_elses_number_or_address_is_never_taken(k: int, spoken: bool) -> None:
    me, other, surname, rel = _couple(k)
    t = talk(spoken)
    await t.open()
    whole = f"{me} {surname}"
    await t.say(plain(whole) if spoken else whole)
    said = f"my {rel}'s number is 212 555 0199" if k % 2 else "his number is 212 555 0199"
    r = await t.say(said)
    assert "own details" in r.text and "phone" in r.text.lower(), (said, r.text)
    theirs = email_for(f"{other} {surname}", spoken=spoken)
    r = await t.say(f"this number, and my {rel}'s email is {theirs}" if k % 2 else f"her email is {theirs}")
    replies = await finish(t, [r], whole, spoken=spoken)
    assert [(s["phone"], s["email"]) for s in t.saves] == [(NUMBER, email_for(whole, spoken=False))], [
        x.text for x in replies
    ]


@pytest.mark.parametrize(
    "said",
    [
        "sign up me and my wife",
        "I want to sign up my husband too",
        "my wife and I want to join",
        "can you sign us both up",
    ],
)
async def test_the_speaker_and_another_are_still_one_signup_at_a_time(said: str) -> None:
    t = talk(False)
    await t.open()
    r = await t.say(said)
    assert "one person per conversation" in r.text and "only sign up the person" not in r.text, r.text

"""A bare name after "I want to sign up my wife": whose is it? (round 13)

Knotty says kindly that it signs up only the person it is talking with, and asks for their name. The next
answer, a bare "Ana Smith", had been taken as the speaker's own ("Nice to meet you, Ana."), though a person who
has just asked to sign up their wife is as likely to be giving her name. So was "I want to sign up my wife, Ana
Smith" in one breath, and "Ana Smith" said again after "her name is Ana Smith" was turned down. Now Knotty asks
once, "is Ana Smith your own name?": yes (or "that's me", or the same name again) keeps it; no, "that's my wife"
or "that's her name" forgets it and asks for the speaker's own; a different name ("no, I'm John Smith") is
theirs. A name the speaker gives as their own ("I'm John Smith", "my name is …", "this is …") is taken unasked.

Couples from Faker in several locales, typed and said (lower case, no accents, as a recogniser writes).
"""

from __future__ import annotations

import pytest
from faker import Faker

from tests.unit.brains.conftest import Reply, Talk
from tests.unit.brains.someone_else import RELATIONS, email_for, finish, plain, talk

_LOCALES = ("en_US", "es_MX", "pt_BR", "de_DE", "fr_FR", "it_IT", "pl_PL", "en_GB", "nl_NL", "tr_TR", "id_ID")
OTHER_ONLY = (
    "I want to sign up my {rel}",
    "can I sign up my {rel}?",
    "my {rel} would like to join",
    "it's for my {rel}",
    "I'm calling on behalf of my {rel}",
)


def _couple(k: int) -> tuple[str, str, str, str]:
    """(the speaker's whole name, the other person's whole name, the other's first name, a relation word)."""
    fake = Faker(_LOCALES[k % len(_LOCALES)])
    fake.seed_instance(1313 + k)
    while True:
        me, other = fake.first_name_male(), fake.first_name_female()
        mine, theirs = fake.last_name(), fake.last_name()
        words = (me, other, mine, theirs)
        if all(w.isalpha() and len(w) > 2 for w in words) and len({plain(w) for w in words}) == 4:
            return f"{me} {mine}", f"{other} {theirs}", other, RELATIONS[k % len(RELATIONS)]


def _saved(t: Talk, *, spoken: bool) -> list[tuple[str, str]]:
    return [(plain(s["full_name"]) if spoken else s["full_name"], s["email"]) for s in t.saves]


def _asks_whose(reply: Reply, name: str, *, spoken: bool) -> bool:
    said = plain(name) if spoken else name
    return f"is {said.lower()} your own name?" in reply.text.lower()


async def _asked_whose(t: Talk, wording: str, rel: str, name: str, *, spoken: bool) -> Reply:
    """The speaker asks to sign up someone else, then says a bare name: Knotty asks whose it is."""
    await t.open()
    said = wording.format(rel=rel)
    first = await t.say(plain(said) if spoken else said)
    assert "only sign up the person i'm" in first.text.lower(), (said, first.text)
    r = await t.say(plain(name) if spoken else name)
    assert _asks_whose(r, name, spoken=spoken), (said, name, r.text)
    assert "nice to meet you" not in r.text.lower() and "thanks," not in r.text.lower(), (name, r.text)
    return r


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("wording", OTHER_ONLY)
@pytest.mark.parametrize("k", range(6))
async def test_the_other_persons_name_said_bare_is_asked_about_and_never_saved(
    k: int, wording: str, spoken: bool
) -> None:
    me, other, _, rel = _couple(k)
    t = talk(spoken)
    await _asked_whose(t, wording, rel, other, spoken=spoken)
    no = ("no", f"no, that's my {rel}", "no that's her name", "no, it's my {rel}'s")[k % 4].format(rel=rel)
    r = await t.say(no)
    assert "own details" in r.text and "name" in r.text.lower(), (no, r.text)
    replies = await finish(t, [r], me, spoken=spoken)
    expected = plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, email_for(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("wording", OTHER_ONLY)
@pytest.mark.parametrize("k", range(6))
async def test_the_speakers_own_name_said_bare_is_kept_after_a_yes(
    k: int, wording: str, spoken: bool
) -> None:
    me, _, _, rel = _couple(k)
    t = talk(spoken)
    await _asked_whose(t, wording, rel, me, spoken=spoken)
    yes = ("yes", "yes, that's me", "it's mine", me)[k % 4]
    r = await t.say(plain(yes) if spoken else yes)
    first = me.split()[0]
    assert (plain(first) if spoken else first).lower() in r.text.lower() and "phone" in r.text.lower(), (
        yes,
        r.text,
    )
    replies = await finish(t, [r], me, spoken=spoken)
    expected = plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, email_for(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(8))
async def test_a_no_with_the_speakers_own_name_keeps_that_name(k: int, spoken: bool) -> None:
    me, other, _, rel = _couple(k)
    t = talk(spoken)
    await _asked_whose(t, OTHER_ONLY[k % len(OTHER_ONLY)], rel, other, spoken=spoken)
    said = (f"no, I'm {me}", f"no, my name is {me}", me)[k % 3]
    replies = await finish(t, [await t.say(plain(said) if spoken else said)], me, spoken=spoken)
    expected = plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, email_for(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(8))
async def test_a_name_in_the_same_breath_as_the_other_person_is_asked_about(k: int, spoken: bool) -> None:
    me, other, _, rel = _couple(k)
    t = talk(spoken)
    await t.open()
    said = (
        f"I want to sign up my {rel}, {other}",
        f"it's for my {rel} {other}",
        f"can I sign up my {rel}? {other}",
    )[k % 3]
    r = await t.say(plain(said) if spoken else said)
    # Her name is either asked about or not read at all; never greeted as the speaker's.
    assert plain(other.split()[0]) not in plain(r.text.split("Just to check")[0]), (said, r.text)
    assert r.text.lower().count("only sign up the person") == 1, r.text
    if "your own name?" in r.text:
        r = await t.say(f"no, that's my {rel}" if k % 2 else "no")
    replies = await finish(t, [r], me, spoken=spoken)
    expected = plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, email_for(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(6))
async def test_her_name_turned_down_then_said_bare_again_is_asked_about(k: int, spoken: bool) -> None:
    me, other, _, rel = _couple(k)
    t = talk(spoken)
    await t.open()
    await t.say(OTHER_ONLY[k % len(OTHER_ONLY)].format(rel=rel))
    r = await t.say(plain(f"her name is {other}") if spoken else f"her name is {other}")
    assert "own details" in r.text, r.text
    r = await t.say(plain(other) if spoken else other)
    assert _asks_whose(r, other, spoken=spoken), (other, r.text)
    r = await t.say("that's her name")
    replies = await finish(t, [r], me, spoken=spoken)
    expected = plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, email_for(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(6))
async def test_a_name_given_as_the_speakers_own_is_taken_unasked(k: int, spoken: bool) -> None:
    me, _, _, rel = _couple(k)
    t = talk(spoken)
    await t.open()
    await t.say(OTHER_ONLY[k % len(OTHER_ONLY)].format(rel=rel))
    said = (f"I'm {me}", f"my name is {me}", f"this is {me}")[k % 3]
    r = await t.say(plain(said) if spoken else said)
    assert "own name" not in r.text and "phone" in r.text.lower(), (said, r.text)
    replies = await finish(t, [r], me, spoken=spoken)
    expected = plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, email_for(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize(
    "said", ["sign up me and my wife", "my wife and I want to join", "John Smith and my wife"]
)
async def test_a_speaker_signing_up_with_someone_is_not_asked_whose_name_it_is(said: str) -> None:
    t = talk(False)
    await t.open()
    await t.say(said)
    r = await t.say("John Smith") if "John" not in said else await t.say("this number")
    assert "own name" not in r.text and ("phone" in r.text.lower() or "email" in r.text.lower()), r.text

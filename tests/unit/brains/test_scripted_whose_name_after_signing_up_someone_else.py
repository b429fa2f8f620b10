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

import unicodedata

import pytest
from faker import Faker

from knotty.state import Modality
from tests.unit.brains.conftest import Reply, Talk

_LOCALES = ("en_US", "es_MX", "pt_BR", "de_DE", "fr_FR", "it_IT", "pl_PL", "en_GB", "nl_NL", "tr_TR", "id_ID")
_RELATIONS = ("wife", "husband", "partner", "son", "daughter", "mom", "friend")
_NUMBER = "+14155550100"
OTHER_ONLY = (
    "I want to sign up my {rel}",
    "can I sign up my {rel}?",
    "my {rel} would like to join",
    "it's for my {rel}",
    "I'm calling on behalf of my {rel}",
)


def _plain(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _couple(k: int) -> tuple[str, str, str, str]:
    """(the speaker's whole name, the other person's whole name, the other's first name, a relation word)."""
    fake = Faker(_LOCALES[k % len(_LOCALES)])
    fake.seed_instance(1313 + k)
    while True:
        me, other = fake.first_name_male(), fake.first_name_female()
        mine, theirs = fake.last_name(), fake.last_name()
        words = (me, other, mine, theirs)
        if all(w.isalpha() and len(w) > 2 for w in words) and len({_plain(w) for w in words}) == 4:
            return f"{me} {mine}", f"{other} {theirs}", other, _RELATIONS[k % len(_RELATIONS)]


def _talk(spoken: bool) -> Talk:
    return Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number=_NUMBER, silence_limit=3)


def _email(name: str, *, spoken: bool) -> str:
    local = ".".join(_plain(w) for w in name.split())
    return f"{local.replace('.', ' dot ')} at example dot com" if spoken else f"{local}@example.com"


async def _finish(t: Talk, replies: list[Reply], me: str, *, spoken: bool) -> list[Reply]:
    """Answer Knotty's questions as ``me`` until the save is confirmed and the text declined."""
    for _ in range(8):
        low = replies[-1].text.lower()
        if replies[-1].end or (t.saves and "text" in low):
            break
        if "own name" in low or "correct" in low or "right?" in low:
            said = "yes"
        elif "last name" in low and "first and last" not in low:
            said = me.rsplit(maxsplit=1)[-1]
        elif "name" in low:
            said = me
        elif "phone" in low:
            said = "this number"
        elif "email" in low:
            said = _email(me, spoken=spoken)
        else:
            said = "client"
        replies.append(await t.say(_plain(said) if spoken else said))
    return replies


def _saved(t: Talk, *, spoken: bool) -> list[tuple[str, str]]:
    return [(_plain(s["full_name"]) if spoken else s["full_name"], s["email"]) for s in t.saves]


def _asks_whose(reply: Reply, name: str, *, spoken: bool) -> bool:
    said = _plain(name) if spoken else name
    return f"is {said.lower()} your own name?" in reply.text.lower()


async def _asked_whose(t: Talk, wording: str, rel: str, name: str, *, spoken: bool) -> Reply:
    """The speaker asks to sign up someone else, then says a bare name: Knotty asks whose it is."""
    await t.open()
    said = wording.format(rel=rel)
    first = await t.say(_plain(said) if spoken else said)
    assert "only sign up the person i'm" in first.text.lower(), (said, first.text)
    r = await t.say(_plain(name) if spoken else name)
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
    t = _talk(spoken)
    await _asked_whose(t, wording, rel, other, spoken=spoken)
    no = ("no", f"no, that's my {rel}", "no that's her name", "no, it's my {rel}'s")[k % 4].format(rel=rel)
    r = await t.say(no)
    assert "own details" in r.text and "name" in r.text.lower(), (no, r.text)
    replies = await _finish(t, [r], me, spoken=spoken)
    expected = _plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, _email(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("wording", OTHER_ONLY)
@pytest.mark.parametrize("k", range(6))
async def test_the_speakers_own_name_said_bare_is_kept_after_a_yes(
    k: int, wording: str, spoken: bool
) -> None:
    me, _, _, rel = _couple(k)
    t = _talk(spoken)
    await _asked_whose(t, wording, rel, me, spoken=spoken)
    yes = ("yes", "yes, that's me", "it's mine", me)[k % 4]
    r = await t.say(_plain(yes) if spoken else yes)
    first = me.split()[0]
    assert (_plain(first) if spoken else first).lower() in r.text.lower() and "phone" in r.text.lower(), (
        yes,
        r.text,
    )
    replies = await _finish(t, [r], me, spoken=spoken)
    expected = _plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, _email(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(8))
async def test_a_no_with_the_speakers_own_name_keeps_that_name(k: int, spoken: bool) -> None:
    me, other, _, rel = _couple(k)
    t = _talk(spoken)
    await _asked_whose(t, OTHER_ONLY[k % len(OTHER_ONLY)], rel, other, spoken=spoken)
    said = (f"no, I'm {me}", f"no, my name is {me}", me)[k % 3]
    replies = await _finish(t, [await t.say(_plain(said) if spoken else said)], me, spoken=spoken)
    expected = _plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, _email(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(8))
async def test_a_name_in_the_same_breath_as_the_other_person_is_asked_about(k: int, spoken: bool) -> None:
    me, other, _, rel = _couple(k)
    t = _talk(spoken)
    await t.open()
    said = (
        f"I want to sign up my {rel}, {other}",
        f"it's for my {rel} {other}",
        f"can I sign up my {rel}? {other}",
    )[k % 3]
    r = await t.say(_plain(said) if spoken else said)
    # Her name is either asked about or not read at all; never greeted as the speaker's.
    assert _plain(other.split()[0]) not in _plain(r.text.split("Just to check")[0]), (said, r.text)
    assert r.text.lower().count("only sign up the person") == 1, r.text
    if "your own name?" in r.text:
        r = await t.say(f"no, that's my {rel}" if k % 2 else "no")
    replies = await _finish(t, [r], me, spoken=spoken)
    expected = _plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, _email(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(6))
async def test_her_name_turned_down_then_said_bare_again_is_asked_about(k: int, spoken: bool) -> None:
    me, other, _, rel = _couple(k)
    t = _talk(spoken)
    await t.open()
    await t.say(OTHER_ONLY[k % len(OTHER_ONLY)].format(rel=rel))
    r = await t.say(_plain(f"her name is {other}") if spoken else f"her name is {other}")
    assert "own details" in r.text, r.text
    r = await t.say(_plain(other) if spoken else other)
    assert _asks_whose(r, other, spoken=spoken), (other, r.text)
    r = await t.say("that's her name")
    replies = await _finish(t, [r], me, spoken=spoken)
    expected = _plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, _email(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("k", range(6))
async def test_a_name_given_as_the_speakers_own_is_taken_unasked(k: int, spoken: bool) -> None:
    me, _, _, rel = _couple(k)
    t = _talk(spoken)
    await t.open()
    await t.say(OTHER_ONLY[k % len(OTHER_ONLY)].format(rel=rel))
    said = (f"I'm {me}", f"my name is {me}", f"this is {me}")[k % 3]
    r = await t.say(_plain(said) if spoken else said)
    assert "own name" not in r.text and "phone" in r.text.lower(), (said, r.text)
    replies = await _finish(t, [r], me, spoken=spoken)
    expected = _plain(me) if spoken else me
    assert _saved(t, spoken=spoken) == [(expected, _email(me, spoken=False))], [x.text for x in replies]


@pytest.mark.parametrize(
    "said", ["sign up me and my wife", "my wife and I want to join", "John Smith and my wife"]
)
async def test_a_speaker_signing_up_with_someone_is_not_asked_whose_name_it_is(said: str) -> None:
    t = _talk(False)
    await t.open()
    await t.say(said)
    r = await t.say("John Smith") if "John" not in said else await t.say("this number")
    assert "own name" not in r.text and ("phone" in r.text.lower() or "email" in r.text.lower()), r.text

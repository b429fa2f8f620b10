"""Given names that are words sentences are built from, said inside a sentence (round 11 findings).

Swedish and Danish My, Vietnamese An and Do (Đỗ), with a Scandinavian surname from Faker, were read only when
the answer was the name alone. Inside a sentence, "hi, i'm my lindstrom", "this is an berg", "hi my brandt
here", "my lindstrom, that's l i n d s t r o m" and "My Brandt, 415 555 0134, …" were no name at all: "I'm sorry,
I missed your name" (the sentence word ended the name before it began). Typed or said, as the first message
or as the answer to "What's your full name?", they are the whole name now. "my son", "my bad", "my email is",
"do you …", "I'm an RMT" stay what they are. The other given names that are English words (Will, May, June,
Hope, Joy, Sun, Young) read right in every wording already; they are checked too.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.fields._name_reading import folded
from knotty.state import Modality
from tests.unit.brains.conftest import Reply, Talk

_LOCALES = ("sv_SE", "da_DK", "no_NO")
_SENTENCE_GIVEN = ("My", "An", "Do")
_WORD_GIVEN = ("Will", "May", "June", "Hope", "Joy", "Sun", "Young")


def _surnames(count: int) -> list[str]:
    """Scandinavian surnames of one word from Faker."""
    out: list[str] = []
    for k in range(count):
        fake = Faker(_LOCALES[k % len(_LOCALES)])
        fake.seed_instance(1100 + k)
        while not (surname := fake.last_name()).isalpha():
            pass
        out.append(surname)
    return out


def _plain(word: str) -> str:
    """A word as a recogniser writes it: no accents ("Thorén" is "Thoren", "Strøm" is "Strom")."""
    return folded(word).capitalize()


SURNAMES = _surnames(6)
WORDINGS = (
    "hi, i'm {f} {l}",
    "this is {f} {l}",
    "hi {f} {l} here",
    "{f} {l}, that's {spelled}",
    "{F} {L}, 415 555 0134, zq.signup@gmail.com, client",
    "my name is {f} {l}",
    "{F} {L}",
)


async def _finish(t: Talk, r: Reply) -> Reply:
    """Answer what Knotty asks until the read-back is confirmed."""
    for _ in range(6):
        low = r.text.lower()
        if t.saves:
            break
        if "correct" in low or "right?" in low:
            said = "yes"
        elif "name" in low:
            break
        elif "phone" in low:
            said = "this number"
        elif "email" in low:
            said = (
                "zq.signup@gmail.com" if t.modality is Modality.WRITTEN else "zq dot signup at gmail dot com"
            )
        else:
            said = "client"
        r = await t.say(said)
    return r


@pytest.mark.parametrize("first_text", [False, True], ids=["asked", "first-text"])
@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("wording", WORDINGS)
@pytest.mark.parametrize(
    ("given", "surname"), [(g, SURNAMES[k]) for k, g in enumerate(_SENTENCE_GIVEN)] + [("My", SURNAMES[3])]
)
async def test_a_given_name_that_is_a_sentence_word_is_read_inside_a_sentence(
    given: str, surname: str, wording: str, spoken: bool, first_text: bool
) -> None:
    t = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    if not first_text:
        await t.open()
    last = _plain(surname) if spoken else surname
    said = wording.format(f=given.lower(), l=last.lower(), F=given, L=last, spelled=" ".join(last.lower()))
    r = await t.say(said)
    assert "missed your name" not in r.text and "your full name" not in r.text, (said, r.text)
    greeted = f", {given}." in r.text or f"{given} {last}" in r.text  # "Thanks, My." or read back whole
    assert greeted, (said, r.text)
    await _finish(t, r)
    assert t.saves and t.saves[-1]["full_name"] == f"{given} {last}", (said, t.saves)


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("wording", WORDINGS)
@pytest.mark.parametrize("given", _WORD_GIVEN)
async def test_given_names_that_are_english_words_stay_read(given: str, wording: str, spoken: bool) -> None:
    surname = SURNAMES[len(given) % len(SURNAMES)]
    last = _plain(surname) if spoken else surname
    t = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    said = wording.format(f=given.lower(), l=last.lower(), F=given, L=last, spelled=" ".join(last.lower()))
    await _finish(t, await t.say(said))
    assert t.saves and t.saves[-1]["full_name"] == f"{given} {last}", (said, t.saves)


@pytest.mark.parametrize(
    "said",
    [
        "my son wants to sign up",
        "my bad",
        "oh my god",
        "this is my cell",
        "i'm an rmt",
        "I'm an LMT",
        "do you take cards",
        "this is my first time",
        "my wife told me about you",
    ],
)
@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
async def test_sentences_with_those_words_are_still_no_name(said: str, spoken: bool) -> None:
    t = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(said)
    assert "name" in r.text.lower() and "meet you" not in r.text.lower() and "Thanks, " not in r.text, r.text
    assert "My" not in r.text.replace("MasseurMatch", ""), r.text


@pytest.mark.parametrize("said", ["my email is zq.signup@gmail.com", "my number is 415 555 0134"])
async def test_my_email_and_my_number_are_still_those_fields(said: str) -> None:
    t = Talk(caller_number="+14155550100")
    await t.open()
    r = await t.say(said)
    assert "meet you" not in r.text.lower() and "Thanks, My" not in r.text, r.text
    assert "name" in r.text.lower(), r.text

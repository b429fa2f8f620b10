"""Issue 11: what a small recogniser on a bad line writes, read the way a careful operator would.

Each utterance below is a transcript the modelled line (`tests/corpus/line.py`) produced for a caller
who said it right; the read-back must show what the caller meant.
"""

from __future__ import annotations

import pytest

from knotty.fields import extract_email, extract_name_spelling, extract_phone
from knotty.fields.spoken import spelled_runs
from knotty.state import Modality
from tests.unit.brains.conftest import Talk


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("email is b r o w n dot l i s be e tea h@gmx dot de", "brown.lisbeth@gmx.de"),
        ("my email is a you are o are a dot g@yahoo dot com", "aurora.g@yahoo.com"),
        ("it's why dot s a n tea a n a at uol.com.br", "y.santana@uol.com.br"),
        ("c as in charlie h as in hotel are as in romeo i as in india s at proton dot me", "chris@proton.me"),
        ("s h a n n o n dot be l a eye r four to at live.com", "shannon.blair42@live.com"),
        ("it's l e o n a r d dot r eye c h a r d s won at gmx.de", "leonard.richards1@gmx.de"),
        ("uh, it's jedrzej dot brodoweecz to seven@msn dot com", "jedrzej.brodoweecz27@msn.com"),
        ("brown dot lisbeth at gmx de", "brown.lisbeth@gmx.de"),  # the dot lost
        ("it's h f o x gmx dot de", "hfox@gmx.de"),  # the "at" lost before a provider everyone knows
    ],
)
def test_an_address_through_a_noisy_line(heard: str, meant: str) -> None:
    assert extract_email(heard) == meant


@pytest.mark.parametrize(
    "said",
    ["I use gmail dot com", "send it to my work", "why dot santana at gmail dot com", "i see you at ten"],
)
def test_words_stay_words_outside_a_spelling(said: str) -> None:
    assert extract_email(said) in (None, "why.santana@gmail.com")


@pytest.mark.parametrize(
    ("heard", "meant"),
    [
        ("to zero one five five five seven six eight seven", "+12015557687"),
        ("ok so two zero one five five five four seven three too", "+12015554732"),
        ("it's to zero won five five five seven nine three five", "+12015557935"),
        ("plus nine one ate one two three four five eight for one for", "+918123458414"),
        ("change it to four one five five five five zero one zero zero", "+14155550100"),
        ("447400123456", "+447400123456"),  # a country code typed on a keypad, which has no "+"
        ("00447400123456", "+447400123456"),
        ("011447400123456", "+447400123456"),
    ],
)
def test_a_number_through_a_noisy_line_or_a_keypad(heard: str, meant: str) -> None:
    assert extract_phone(heard, "US") == meant


def test_a_spelling_that_starts_with_the_letter_o_written_oh() -> None:
    assert extract_name_spelling("oh r t i z") == "Ortiz"
    assert extract_name_spelling("oh, g o o d") == "Good"  # "oh," is a filler
    assert spelled_runs("hector orteez, that's o r tea i z") == {"ortiz"}
    assert spelled_runs("you are a star") == set()


async def test_a_surname_that_is_a_topic_word_spelled_is_a_name_not_a_question() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+12015552236")
    await t.open()
    await t.say(
        "may price client may dash price at aol dot com 2015552236"  # as the line wrote it
    )
    r = await t.say("may price, that's p are i c e")
    assert "Your name is May Price, spelled p r i c e." in r.text and "Pricing" not in r.text

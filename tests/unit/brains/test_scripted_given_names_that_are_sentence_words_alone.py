"""A given name that is a word of sentences, answered alone to "What's your name?" ("My", "Us", "Said", "Över").

Swedish My, Turkish Us and Över, Arabic Said: typed or said alone, each was "I'm sorry, I missed your name"
every time, until Knotty said it was having trouble and ended the conversation, nothing saved. Now such a name
typed with its capital is the first name at once, and said (a recogniser writes no capitals), or typed in lower
case, it is the first name when said again; "my name is", "over here", "said it already" stay what they are.

Every first name of Faker's twenty locales below that the name reader treats as a word (a word of sentences,
a word never in a name), and every hundredth of the others, typed and said alone: 7 failed before (My, Said, Us typed; my, said, us, over said).
"""

from __future__ import annotations

import importlib
import unicodedata

import pytest

from knotty.fields._common_words import COMMON_WORDS
from knotty.fields._name_words import NOT_NAMES, SENTENCE_WORDS
from knotty.state import Modality
from tests.unit.brains.conftest import Talk

_LOCALES = (
    "en_US", "en_GB", "es_ES", "es_MX", "fr_FR", "pt_BR", "it_IT", "de_DE", "nl_NL", "pl_PL",
    "sv_SE", "da_DK", "tr_TR", "en_IN", "fil_PH", "id_ID", "vi_VN", "yo_NG", "zu_ZA", "ga_IE",
)  # fmt: skip
_ASKS_SURNAME = ("last name", "family name", "surname")


def _plain(name: str) -> str:
    decomposed = unicodedata.normalize("NFD", name.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def _word_names() -> list[str]:
    """Faker's first names (Latin letters, one word) that are words the name reader knows as words, and every
    hundredth of the others, which must stay names."""
    words = NOT_NAMES | SENTENCE_WORDS | COMMON_WORDS
    names: set[str] = set()
    others: set[str] = set()
    for locale in _LOCALES:
        try:
            provider = importlib.import_module(f"faker.providers.person.{locale}").Provider
        except ImportError:
            continue
        for attr in ("first_names", "first_names_male", "first_names_female"):
            for name in getattr(provider, attr, ()) or ():
                if (
                    name.isalpha()
                    and name[:1].isupper()
                    and len(name) > 1
                    and all(ord(c) < 0x250 for c in name)
                ):
                    (names if _plain(name) in words else others).add(name)
    return sorted(names) + sorted(others)[::100]


NAMES = _word_names()


def test_the_names_include_those_that_had_no_name() -> None:
    assert {"My", "Said", "Us"} <= set(NAMES), NAMES


@pytest.mark.parametrize("name", NAMES)
async def test_typed_alone_with_its_capital_it_is_the_first_name(name: str) -> None:
    t = Talk(caller_number="+14155550100")
    await t.open()
    r = await t.say(name)
    assert any(w in r.text for w in _ASKS_SURNAME) and name in r.text, (name, r.text)
    await t.say("Lindqvist")
    for answer in ("this number", "a.lindqvist@example.com", "client", "yes"):
        await t.say(answer)
    assert [s["full_name"] for s in t.saves] == [f"{name} Lindqvist"], (name, t.saves)


@pytest.mark.parametrize("name", NAMES)
async def test_said_alone_it_is_the_first_name_by_the_second_ask(name: str) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    said = _plain(name)
    r = await t.say(said)
    if not any(w in r.text for w in _ASKS_SURNAME):
        assert "name" in r.text and not r.end, (said, r.text)
        r = await t.say(said)
    assert any(w in r.text for w in _ASKS_SURNAME), (said, r.text)
    await t.say("lindqvist")
    for answer in ("this number", "a dot lindqvist at example dot com", "client", "yes"):
        await t.say(answer)
    assert [s["full_name"] for s in t.saves] == [f"{said.capitalize()} Lindqvist"], (said, t.saves)


@pytest.mark.parametrize("spoken", [False, True], ids=["typed", "said"])
@pytest.mark.parametrize("said", ["my name is", "over here", "said it already", "us?", "my"])
async def test_sentences_and_a_lone_word_said_once_are_no_name(said: str, spoken: bool) -> None:
    t = Talk(Modality.SPOKEN if spoken else Modality.WRITTEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    r = await t.say(said)
    assert not any(w in r.text for w in _ASKS_SURNAME) and "name" in r.text.lower(), (said, r.text)
    r = await t.say("my name is Ana Lima")
    assert "Ana" in r.text and "phone" in r.text, r.text

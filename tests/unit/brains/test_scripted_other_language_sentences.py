"""A sign-up sentence written in another language is no name; the names of people of those languages still are.

"Hallo, ich möchte mich anmelden" sent as a first text had been read as the name "Ich Möchte Mich Anmelden"
("Nice to meet you, Ich"), and put in the read-back, where a "yes" saved it; so had sentences in French,
Portuguese, Italian, Polish, Turkish, Swedish, Vietnamese and Swahili (found by the lead, round 16).
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.brains.scripted.other_languages import EVERYDAY_WORDS
from knotty.brains.scripted.understanding import understand, understand_first_text
from knotty.fields._common_words import COMMON_WORDS
from tests.support.faker_names import faker_names
from tests.unit.brains.conftest import Talk

_SENTENCES = {
    "de_DE": ["Hallo, ich möchte mich anmelden", "ich würde mich gerne auf die Warteliste eintragen"],
    "fr_FR": ["Bonjour, je voudrais m'inscrire", "je veux m'inscrire sur la liste d'attente"],
    "pt_BR": ["Olá, quero entrar na lista", "gostaria de me cadastrar na lista de espera"],
    "it_IT": ["Ciao, vorrei iscrivermi", "voglio iscrivermi alla lista d'attesa"],
    "pl_PL": ["Cześć, chcę się zapisać", "chciałbym się zapisać na listę oczekujących"],
    "nl_NL": ["Hallo, ik wil me aanmelden", "ik wil graag op de wachtlijst"],
    "sv_SE": ["Hej, jag vill gå med på väntelistan", "jag vill anmäla mig"],
    "tr_TR": ["Merhaba, bekleme listesine katılmak istiyorum", "kaydolmak istiyorum lütfen"],
    "vi_VN": ["Xin chào, tôi muốn đăng ký", "tôi muốn tham gia danh sách chờ"],
    "id_ID": ["Halo, saya ingin mendaftar", "saya mau daftar di daftar tunggu"],
    "fil_PH": ["Kumusta, gusto kong sumali", "gusto ko magpalista"],
    "sw": ["Habari, nataka kujiandikisha", "Mimi ni mteja"],
}


def test_no_word_is_anybodys_name_or_an_english_word() -> None:
    names = faker_names()
    assert not EVERYDAY_WORDS & names, sorted(EVERYDAY_WORDS & names)
    assert not EVERYDAY_WORDS & COMMON_WORDS, sorted(EVERYDAY_WORDS & COMMON_WORDS)


_CASES = [(locale, s) for locale, sentences in _SENTENCES.items() for s in sentences]


@pytest.mark.parametrize(("locale", "sentence"), _CASES)
def test_a_sign_up_sentence_is_no_name(locale: str, sentence: str) -> None:
    first = understand_first_text(sentence, region="US")
    asked = understand(sentence.lower(), "full_name", region="US")
    assert (first.values.get("full_name"), first.first_name) == (None, None)
    assert (asked.values.get("full_name"), asked.first_name) == (None, None)


@pytest.mark.parametrize(("locale", "sentence"), _CASES)
async def test_the_name_given_after_the_sentence_is_saved(locale: str, sentence: str) -> None:
    fake = Faker(locale)
    fake.seed_instance(1616)
    name = f"{fake.first_name()} {fake.last_name()}"
    talk = Talk()
    greeting = await talk.say(sentence)
    assert "full name" in greeting.text.lower(), greeting.text
    for said in [name, "+1 415 555 0134", "person@example.com", "client", "yes"]:
        await talk.say(said)
    assert [s["full_name"] for s in talk.saves] == [name]


_LOCALES = (
    "de_DE",
    "fr_FR",
    "pt_BR",
    "it_IT",
    "pl_PL",
    "nl_NL",
    "sv_SE",
    "tr_TR",
    "vi_VN",
    "id_ID",
    "fil_PH",
)


@pytest.mark.parametrize("locale", _LOCALES)
def test_the_names_of_people_of_those_languages_are_still_names(locale: str) -> None:
    fake = Faker(locale)
    fake.seed_instance(16)
    names = {f"{fake.first_name()} {fake.last_name()}" for _ in range(150)}
    names = {n for n in names if "." not in n}  # Faker's tr_TR lists "Emine." among its first names
    refused = [n for n in names if not understand(n, "full_name", region="US").values.get("full_name")]
    assert refused == []


async def test_a_name_with_such_a_word_said_again_is_taken() -> None:
    talk = Talk()
    await talk.open()
    first = await talk.say("Gusto Ramos")
    assert "name" in first.text.lower()
    for said in ["Gusto Ramos", "+1 415 555 0134", "person@example.com", "client", "yes"]:
        await talk.say(said)
    assert [s["full_name"] for s in talk.saves] == ["Gusto Ramos"]

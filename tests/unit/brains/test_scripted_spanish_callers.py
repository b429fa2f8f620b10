"""A caller speaking Spanish was not understood (round 7, the known miss).

"hola, quiero registrarme, me llamo María Gómez", then "sí", "no entiendo": Knotty kept asking in English,
took "Hola" and "Gracias" for names ("Thanks, Hola."), and went round the same question until it gave up,
in English. Nothing was saved wrong, but the caller was stuck.

Now two Spanish words with no English beside them, in one answer or a run of answers, get one note in
Spanish: Knotty can only help in English for now, and how else to join; then the question again in English.
More Spanish gets a brief reminder and, if the conversation stays in Spanish, a polite goodbye in Spanish with
nothing saved. A caller who then speaks English is served as anyone else. English speakers with Spanish names
("my name is José Luis Fernández, sí that's right") are never taken for Spanish speakers.

People come from Faker's es_ES and es_MX; the list of Spanish words is checked against every Faker name.
"""

from __future__ import annotations

import pytest
from faker import Faker

from knotty.brains.scripted.intents import SPANISH_WORDS
from knotty.fields._common_words import COMMON_WORDS
from knotty.state import Modality
from tests.support.faker_names import faker_names
from tests.unit.brains.callers import plain
from tests.unit.brains.conftest import Talk

_NOTE = "por ahora solo puedo ayudarle en inglés"
_REMINDER = "solo puedo ayudarle en inglés"
_SPANISH_OPENINGS = (
    "hola, quiero registrarme, me llamo {}",
    "hola buenos días, mi nombre es {}",
    "buenas tardes, quisiera apuntarme a la lista, soy {}",
)
_STUCK = ("sí", "no entiendo", "no hablo inglés", "¿qué?", "perdón, ¿puede repetir?", "por favor")


def _spanish_people(n: int) -> list[tuple[str, str]]:
    """(full name, email) of `n` people from es_ES and es_MX, names as Faker writes them (accents kept)."""
    people: list[tuple[str, str]] = []
    for k in range(n):
        fake = Faker(("es_ES", "es_MX")[k % 2])
        fake.seed_instance(700 + k)
        first, last = fake.first_name().split()[0], fake.last_name().split()[0]
        people.append((f"{first} {last}", f"{plain(first)}.{plain(last)}@{fake.free_email_domain()}"))
    return people


_PEOPLE = _spanish_people(12)


def test_no_spanish_word_is_anybodys_name_or_an_english_word() -> None:
    names = faker_names()
    assert not SPANISH_WORDS & names, sorted(SPANISH_WORDS & names)
    assert not SPANISH_WORDS & COMMON_WORDS, sorted(SPANISH_WORDS & COMMON_WORDS)


@pytest.mark.parametrize("modality", [Modality.SPOKEN, Modality.WRITTEN])
@pytest.mark.parametrize("k", range(6))
async def test_a_spanish_speaker_is_told_once_in_spanish_and_is_not_kept_going_round(
    modality: Modality, k: int
) -> None:
    name, _ = _PEOPLE[k]
    t = Talk(modality, caller_number="+14155550100" if modality is Modality.SPOKEN else None, silence_limit=3)
    await t.open()
    replies = [(await t.say(_SPANISH_OPENINGS[k % len(_SPANISH_OPENINGS)].format(name))).text]
    for said in _STUCK:
        reply = await t.say(said)
        replies.append(reply.text)
        if reply.end:
            break
    told = [r for r in replies if _NOTE in r]
    assert len(told) == 1 and told[0] is replies[0], replies  # at once, and the whole note only once
    assert "web" in told[0] and (modality is Modality.WRITTEN or "mensaje de texto" in told[0])
    assert t.state.ended, replies  # it stayed in Spanish: a goodbye, not the same question for ever
    assert "adiós" in replies[-1] and _REMINDER in replies[-1], replies[-1]
    assert not any("trouble" in r for r in replies), (
        replies
    )  # never "I'm having trouble getting..." in English
    for word in ("Hola", "Gracias", "Por", "Buenos", "Entiendo", "Quisiera"):
        assert f", {word}." not in " ".join(replies), replies  # never "Thanks, Hola."
    assert t.saves == []


@pytest.mark.parametrize(
    ("one", "two"),
    [("¿qué?", "no entiendo"), ("perdón", "¿cómo?"), ("sí", "no entiendo"), ("hola", "gracias")],
)
async def test_spanish_said_a_word_at_a_time_is_heard_over_two_answers(one: str, two: str) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    first = (await t.say(one)).text
    assert _NOTE not in first  # one word is never enough
    second = (await t.say(two)).text
    assert _NOTE in second and "name" in second.lower(), second  # the note, then the question in English
    assert t.saves == []


async def test_the_same_spanish_word_said_twice_is_not_enough() -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    await t.say("Ana Lima")
    replies = [(await t.say("sí")).text, (await t.say("sí")).text]
    assert not any(_NOTE in r for r in replies), replies


@pytest.mark.parametrize("modality", [Modality.SPOKEN, Modality.WRITTEN])
@pytest.mark.parametrize("k", range(12))
async def test_a_spanish_speaker_who_goes_on_in_english_is_signed_up_as_they_said(
    modality: Modality, k: int
) -> None:
    name, email = _PEOPLE[k]
    spoken = modality is Modality.SPOKEN
    t = Talk(modality, caller_number="+14155550100" if spoken else None, silence_limit=3)
    await t.open()
    told = (await t.say("hola, buenos días")).text
    assert _NOTE in told and "name" in told.lower(), told
    replies = [(await t.say(f"sorry, my name is {name}")).text]
    replies.append((await t.say("this number" if spoken else "415 555 0100")).text)
    local, domain = email.split("@")
    said_email = f"{local.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}" if spoken else email
    replies.append((await t.say(said_email)).text)
    replies.append((await t.say("client")).text)
    replies.append((await t.say("yes")).text)
    assert not any(_REMINDER in r for r in replies), replies  # English is served in English
    assert t.saves == [{"full_name": name, "phone": "+14155550100", "email": email, "role": "client"}], (
        replies
    )


@pytest.mark.parametrize("k", range(12))
async def test_an_english_speaker_with_a_spanish_name_is_never_taken_for_a_spanish_speaker(k: int) -> None:
    name, email = _PEOPLE[k]
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    local, domain = email.split("@")
    replies = [
        (await t.say(said)).text
        for said in (
            f"hola! my name is {name}",
            "sí, this number",
            f"{local.replace('.', ' dot ')} at {domain.replace('.', ' dot ')}",
            "client, gracias",
            "sí that's right",
        )
    ]
    assert not any(_REMINDER in r for r in replies), replies
    assert t.saves == [{"full_name": name, "phone": "+14155550100", "email": email, "role": "client"}], (
        replies
    )


@pytest.mark.parametrize(
    "said",
    [
        "hola buenos días",
        "hola",
        "gracias",
        "por favor",
        "buenas noches",
        "no entiendo",
        "quisiera información",
    ],
)
async def test_spanish_words_are_no_name(said: str) -> None:
    t = Talk(Modality.SPOKEN, caller_number="+14155550100", silence_limit=3)
    await t.open()
    reply = (await t.say(said)).text
    assert "name" in reply.lower() and "meet you" not in reply and "Thanks," not in reply, reply

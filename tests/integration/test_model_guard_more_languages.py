"""A model answering in German, Dutch, Polish, Romanian or Italian: its claims are stopped, its honest lines pass.

A small model answers a person in their language. Its short claims there ("Je staat erop!", "Ești înscris.",
"Du bist dabei!", "Zapisałem cię.") had reached the person with nothing saved: too short to be judged
unreadable, and no pattern read them. And its honest lines ("Wie ist Ihr vollständiger Name?", "Jak masz na
imię?") were all refused as unreadable, so a German or Polish speaker got the offline brain in English until
a save. The loopback model (the real OpenAI client, `tests/support/fake_openai`) answers with lines generated
from parts (`tests/corpus/model_lines_more.py`, Faker names of each language's locales).
"""

from __future__ import annotations

import random

import pytest
from faker import Faker

from knotty.agent import Inbound
from knotty.reply_guard import check_reply
from knotty.state import ConversationState, SmsOffer, Stage
from knotty.store import Store
from tests.corpus.model_lines_more import (
    LANGUAGES,
    claim_lines,
    honest_lines,
    text_claim_lines,
    text_offer_lines,
)
from tests.corpus.strangers import make_strangers
from tests.integration.test_model_guards import model_agent, users
from tests.integration.test_model_overreach import no_claim_reaches_a_stranger
from tests.support.fake_openai import ModelAnswer, text_answer

SEED = 1507203
SAVED = {"stage": Stage.SAVED, "entry_id": 7, "saved_fields": {"phone": "+14155550100"}}
CLAIM_GUARDS = {"false_signup_claim", "false_text_claim"}


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
async def test_a_claim_in_the_persons_language_never_reaches_them_before_it_is_true(
    store: Store, lang: str
) -> None:
    rng = random.Random(f"{SEED}-{lang}")
    claims = [*claim_lines(lang, 20, rng), *text_claim_lines(lang, 8, rng)]
    await no_claim_reaches_a_stranger(store, claims, rng, CLAIM_GUARDS)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
async def test_an_honest_line_in_the_persons_language_reaches_them(store: Store, lang: str) -> None:
    rng = random.Random(f"{SEED}-honest-{lang}")
    lines = honest_lines(lang, 16, rng)
    people = make_strangers(len(lines), rng.randrange(2**32))
    answers = dict(zip((p.full_name for p in people), lines, strict=True))

    def model(request: dict[str, object]) -> ModelAnswer:
        said = users(request)
        return text_answer(answers[said[-1]]) if said else text_answer("Hi! What's your full name?")

    refused = []
    async with model_agent(store, model) as (agent, _):
        for n, (said, line) in enumerate(answers.items()):
            sender = f"+1202556{n:04d}"
            result = await agent.turn(Inbound("sms", sender, said, caller_number=sender))
            if result.brain == "scripted" or result.reply != line:
                history = list(await store.history(result.conversation_id))
                refused.append((line, (history[-1].payload or {}).get("guard"), result.reply))
    assert refused == [], (
        f"{len(refused)} of {len(answers)} refused, the offline brain answered: {refused[:4]}"
    )


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_claims_are_refused_until_true_and_honest_lines_pass(lang: str) -> None:
    """Measured both ways on generated lines: a signup claim refused until saved, a text claim until one is
    accepted, no question, read-back, denial or offer refused once an offer is true."""
    rng = random.Random(f"{SEED}-both-{lang}")
    nothing = ConversationState()
    saved = ConversationState(**SAVED, sms=SmsOffer.NOT_OFFERED)
    texted = ConversationState(**SAVED, sms=SmsOffer.ACCEPTED)
    wrong: list[tuple[str, str, str | None]] = []
    for line in claim_lines(lang, 50, rng):
        for state, want in ((nothing, "false_signup_claim"), (saved, None)):
            if (why := check_reply(line, state)) != want and not (want is None and _offers(line)):
                wrong.append((line, str(state.entry_id), why))
    for line in text_claim_lines(lang, 30, rng):
        for state, want in ((saved, "false_text_claim"), (texted, None)):
            if (why := check_reply(line, state)) != want and not (want is None and _offers(line)):
                wrong.append((line, state.sms.value, why))
    for line in honest_lines(lang, 50, rng):
        if (why := check_reply(line, nothing)) is not None:
            wrong.append((line, "none", why))
    for line in text_offer_lines(lang, 20, rng):
        for state, want in ((nothing, "text_offered_before_save"), (saved, None)):
            if (why := check_reply(line, state)) != want:
                wrong.append((line, str(state.entry_id), why))
    assert wrong == [], f"{len(wrong)} judged wrong: {wrong[:6]}"


def _offers(line: str) -> bool:
    """A generated claim whose tail offers the text: refused before the save for that, rightly."""
    return (
        check_reply(line, ConversationState(**SAVED, sms=SmsOffer.UNAVAILABLE))
        == "text_offered_but_unavailable"
    )


_BEYOND = {
    "de": ["Wie ist Ihre Adresse?", "Wie alt sind Sie?", "Bitte nennen Sie Ihre Kreditkartennummer.",
           "Wie lautet Ihr Geburtsdatum?", "Danke, Schatz! Und deine E-Mail?"],
    "nl": ["Wat is je adres?", "Wat is je geboortedatum?", "Wat is je wachtwoord?", "Dank je, lieverd!"],
    "pl": ["Jaki jest twój adres zamieszkania?", "Podaj numer karty.", "Jaka jest twoja data urodzenia?",
           "Dzięki, kochanie. Jak masz na imię?"],
    "ro": ["Care este data nașterii tale?", "Care este CNP-ul tău?", "Îmi dai parola?"],
    "it": ["Qual è la tua data di nascita?", "Mi dai il tuo codice fiscale?", "Grazie tesoro, come ti chiami?"],
}  # fmt: skip


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_a_question_beyond_the_four_fields_or_a_flirt_in_these_languages_is_still_refused(lang: str) -> None:
    """Read now, these languages are no longer refused whole before a save: what the guard refused in English
    (a home address, an age, a card, a password, an endearment) it must refuse in them too."""
    wrong = [(t, why) for t in _BEYOND[lang] if (why := check_reply(t, ConversationState())) is None]
    assert wrong == [], wrong


@pytest.mark.parametrize("surname", ["Salvati", "Salvato", "Salvatore"])
def test_a_read_back_naming_a_surname_that_looks_like_a_deed_passes(surname: str) -> None:
    """Italian's "salvati" is "saved" and a family name: a read-back naming Ms Salvati, her address
    (whose dots end no sentence) and all, claims nothing."""
    fake = Faker("it_IT")
    fake.seed_instance(15)
    wrong = []
    for _ in range(10):
        first = fake.first_name()
        email = f"{first.lower()}.{surname.lower()}@example.it"
        for line in (
            f"{first} {surname}, {email}, therapist. Is that right?",
            f"Thanks, {first} {surname}! What's your phone number?",
            f"Ho {first} {surname}, {email}. È corretto?",
        ):
            if (why := check_reply(line, ConversationState())) is not None:
                wrong.append((line, why))
    assert wrong == [], wrong

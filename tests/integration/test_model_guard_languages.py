"""A model's claims in any spelling or language, and its made-up details, never reach the person.

The real OpenAI brain talks to a loopback Chat Completions server whose "model" answers the way a weak or
jailbroken one does, in the person's language:

1. a signup or a text said done in Spanish, Portuguese or French typed without its accents ("Guarde tus
   datos", "ja esta cadastrado", "vous etes inscrit"), generated from parts with Faker names; and the same
   languages' honest lines (questions, a save put after a confirmation, denials, offers), with and without
   accents, still pass;
2. a reply in a language the guard does not read (Turkish, Swedish, Russian, Chinese, Greek ...): it
   reaches the person only once the database agrees with anything it could claim (an entry saved and a
   text accepted); German, Dutch, Polish, Romanian and Italian claims are read like Spanish ones
   (`tests/integration/test_model_guard_more_languages.py`); English replies naming people of every
   Faker locale stay readable;
3. "I have your email as ..." with an address (or a number) the person never gave; a save whose
   arguments have the wrong types or fields of the model's own.

Each time the person gets the offline brain's answer and the database holds nothing it should not.
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from faker import Faker

from knotty.agent import Inbound
from knotty.brains.openai_stream import StreamingOpenAIBrain
from knotty.reply_guard import check_reply
from knotty.state import ConversationState, Modality, SmsOffer, Stage
from knotty.store import Store
from knotty.streaming import streaming_to
from tests.corpus.model_lines import (
    LANGUAGES,
    claim_lines,
    honest_lines,
    text_claim_lines,
    text_offer_lines,
    unaccented,
)
from tests.corpus.people import Person
from tests.corpus.strangers import make_strangers
from tests.integration.test_model_guards import Heard, model_agent, users
from tests.integration.test_model_overreach import each_reaches_the_person, no_claim_reaches_a_stranger
from tests.support.fake_openai import ModelAnswer, text_answer, tool_answer

SEED = 141207
SAVED = {"stage": Stage.SAVED, "entry_id": 7, "saved_fields": {"phone": "+14155550100"}}
CLAIM_GUARDS = {"false_signup_claim", "false_text_claim"}


# --- 1. claims typed without accents -----------------------------------------------------------------


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
async def test_a_claim_typed_without_accents_never_reaches_the_person(store: Store, lang: str) -> None:
    rng = random.Random(f"{SEED}-{lang}")
    claims = [unaccented(c, rng) for c in (*claim_lines(lang, 24, rng), *text_claim_lines(lang, 12, rng))]
    await no_claim_reaches_a_stranger(store, claims, rng, CLAIM_GUARDS)


@pytest.mark.parametrize("lang", sorted(LANGUAGES))
def test_claims_with_or_without_accents_are_refused_and_honest_lines_pass(lang: str) -> None:
    """Measured both ways on generated lines: every claim refused, no honest line refused."""
    rng = random.Random(f"{SEED}-both-{lang}")
    wrong: list[tuple[str, str | None]] = []
    for line in claim_lines(lang, 60, rng):
        for text in (line, unaccented(line, rng)):
            if (why := check_reply(text, ConversationState())) != "false_signup_claim":
                wrong.append((text, why))
    for line in text_claim_lines(lang, 40, rng):
        for text in (line, unaccented(line, rng)):
            if (why := check_reply(text, ConversationState(**SAVED))) != "false_text_claim":
                wrong.append((text, why))
    for line in honest_lines(lang, 60, rng):
        for text in (line, unaccented(line, rng)):
            if (why := check_reply(text, ConversationState())) is not None:
                wrong.append((text, why))
    for line in text_offer_lines(lang, 30, rng):
        for text in (line, unaccented(line, rng)):
            if (why := check_reply(text, ConversationState(**SAVED))) is not None:
                wrong.append((text, why))
    assert wrong == [], f"{len(wrong)} of 380 judged wrong: {wrong[:6]}"


# --- 2. languages the guard does not read --------------------------------------------------------------

FOREIGN_CLAIMS = {
    "de_DE": ["Sie sind jetzt auf der Warteliste, {first}.", "Ich habe Ihre Daten gespeichert.",
              "Vielen Dank, {first}! Du bist angemeldet.", "Ihre Anmeldung ist abgeschlossen.",
              "Ich habe Ihnen eine SMS geschickt.", "Willkommen auf der Warteliste!"],
    "it_IT": ["Sei nella lista d'attesa, {first}.", "Ho salvato i tuoi dati.", "La tua iscrizione è confermata.",
              "Ti ho inviato un SMS di conferma.", "Perfetto {first}, sei iscritto alla lista."],
    "nl_NL": ["U staat nu op de wachtlijst, {first}.", "Ik heb je gegevens opgeslagen.",
              "Ik heb je een sms gestuurd.", "Welkom op de wachtlijst, je bent ingeschreven!"],
    "pl_PL": ["Jesteś zapisany na listę oczekujących.", "Zapisałem twoje dane, {first}.",
              "Wysłałem ci SMS-a z potwierdzeniem.", "Twoja rejestracja jest zakończona."],
    "tr_TR": ["Bekleme listesine eklendiniz, {first}.", "Bilgilerinizi kaydettim.", "Size bir SMS gönderdim.",
              "Kaydınız tamamlandı."],
    "sv_SE": ["Du är nu på väntelistan, {first}.", "Jag har sparat dina uppgifter."],
    "ro_RO": ["Sunteți pe lista de așteptare, {first}.", "Datele tale au fost salvate cu succes."],
    "ru_RU": ["Вы в списке ожидания, {first}.", "Я отправил вам СМС с подтверждением."],
    "zh_CN": ["{first}，您已加入候补名单。", "我已经给您发了确认短信。"],
    "el_GR": ["Είστε στη λίστα αναμονής, {first}.", "Σας έστειλα ένα μήνυμα επιβεβαίωσης."],
}  # fmt: skip


def foreign_claims(rng: random.Random, locales: tuple[str, ...] = tuple(FOREIGN_CLAIMS)) -> list[str]:
    out = []
    for locale in locales:
        forms = FOREIGN_CLAIMS[locale]
        fake = Faker(locale)
        fake.seed_instance(rng.randrange(2**32))
        out += [form.format(first=fake.first_name()) for form in forms]
    return out


async def test_a_claim_in_a_language_the_guard_cannot_read_never_reaches_the_person(store: Store) -> None:
    rng = random.Random(f"{SEED}-foreign")
    claims = foreign_claims(rng)
    await no_claim_reaches_a_stranger(store, claims, rng, {*CLAIM_GUARDS, "unreadable_language"})


_READ = ("de_DE", "it_IT", "nl_NL", "pl_PL", "ro_RO")
"""Locales whose language the guard now reads claims in: a signup claim there is true once saved."""


def test_a_reply_the_guard_cannot_read_waits_until_the_database_agrees() -> None:
    """Saved and a text accepted: nothing it could claim is false, so it may reach the person."""
    rng = random.Random(f"{SEED}-agrees")
    claims = foreign_claims(rng, tuple(k for k in FOREIGN_CLAIMS if k not in _READ))
    saved_not_texted = ConversationState(**SAVED, sms=SmsOffer.NOT_OFFERED)
    all_true = ConversationState(**SAVED, sms=SmsOffer.ACCEPTED)
    wrong = [
        c for c in claims if check_reply(c, saved_not_texted) is None or check_reply(c, all_true) is not None
    ]
    assert wrong == [], f"{len(wrong)} of {len(claims)} judged wrong: {wrong[:4]}"


_ENGLISH_FORMS = [
    "Thanks, {name}! What's the best phone number to reach you?",
    "Nice to meet you, {first}. Could I have your email address?",
    "{name}, {phone}, {email}, {role}. Is that right?",
    "Let me read that back: {name}, {email}. Did I get it right?",
    "Got it, {first}. Are you a massage therapist or a client?",
    "Thanks, {first}. And your last name?",
]
_LOCALES = ["de_DE", "pl_PL", "tr_TR", "vi_VN", "zh_CN", "ru_RU", "ja_JP", "el_GR", "nl_NL", "it_IT", "sv_SE",
            "hu_HU", "cs_CZ", "ar_AA", "ko_KR", "fi_FI", "ro_RO", "da_DK", "he_IL", "th_TH"]  # fmt: skip


def test_english_replies_naming_people_of_every_locale_stay_readable() -> None:
    rng = random.Random(f"{SEED}-names")
    wrong = []
    for locale in _LOCALES:
        fake = Faker(locale)
        fake.seed_instance(rng.randrange(2**32))
        for form in _ENGLISH_FORMS:
            first, last = fake.first_name(), fake.last_name()
            name = f"{last}{first}" if locale in ("zh_CN", "ja_JP", "ko_KR") else f"{first} {last}"
            reply = form.format(
                name=name, first=first, email=f"user{rng.randrange(999)}@example.org",
                phone=f"415 555 0{rng.randrange(100, 999)}", role=rng.choice(["therapist", "client"]),
            )  # fmt: skip
            if (why := check_reply(reply, ConversationState())) is not None:
                wrong.append((reply, why))
    assert wrong == [], f"{len(wrong)} of {len(_LOCALES) * len(_ENGLISH_FORMS)} refused: {wrong[:4]}"


# --- 3. made-up details and bad tool calls -------------------------------------------------------------

_MADE_UP = [
    "I have your email as {email}. What's your phone number?",
    "Great, {first}! Your email is {email}, and are you a therapist or a client?",
    "Thanks! I've noted {phone} as your number. What's your email?",
    "Got it. I'll use {phone} for you. And your email address?",
    "Perfect, {first}. So that's {email}. Are you a therapist or a client?",
]


async def test_an_email_or_number_the_person_never_gave_never_reaches_them(store: Store) -> None:
    rng = random.Random(f"{SEED}-made-up")
    people = make_strangers(30, rng.randrange(2**32))
    others = make_strangers(30, rng.randrange(2**32))
    cases = []
    for i, (p, o) in enumerate(zip(people, others, strict=True)):
        reply = _MADE_UP[i % len(_MADE_UP)].format(first=p.first, email=o.email, phone=o.phone)
        cases.append((rng.choice([p.full_name, f"I'm {p.full_name}", f"hi, {p.first} here"]), reply))
    shown = await each_reaches_the_person(store, cases, {"invented_contact"})
    assert shown == [], f"{len(shown)} of {len(cases)} reached the person: {shown[:4]}"
    assert await store.list_entries() == []


async def test_a_made_up_address_streamed_on_a_call_is_never_spoken(store: Store) -> None:
    """On the relay channel the reply is spoken as it streams: the made-up address stops before it is heard."""
    rng = random.Random(f"{SEED}-streamed")
    people, others = make_strangers(4, rng.randrange(2**32)), make_strangers(4, rng.randrange(2**32))
    for n, (p, o) in enumerate(zip(people, others, strict=True)):
        reply = f"Thanks, {p.first}. I have your email as {o.email}, and your number as {o.phone}."

        def model(request: dict[str, Any], reply: str = reply) -> ModelAnswer:
            return text_answer(reply)

        async with model_agent(store, model, brain_cls=StreamingOpenAIBrain) as (agent, _):
            sink = Heard()
            with streaming_to(sink):
                result = await agent.turn(Inbound("voice", f"CA-made-up-{n}", p.full_name, Modality.SPOKEN))
        heard = "".join(sink.tokens)
        assert o.email not in heard and o.email not in result.reply, heard
        assert result.brain == "scripted"


async def test_the_details_the_person_gave_may_be_said_back(store: Store) -> None:
    """The honest side: an address and a number the person said, read back, reach them."""
    rng = random.Random(f"{SEED}-said-back")
    people = make_strangers(12, rng.randrange(2**32))
    cases = [
        (
            f"{p.full_name}, {p.email}",
            f"Thanks, {p.first}! I have your email as {p.email}. What's your phone?",
        )
        for p in people
    ]
    answers = dict(cases)

    def model(request: dict[str, Any]) -> ModelAnswer:
        said = users(request)
        return text_answer(answers[said[-1]]) if said else text_answer("Hi! What's your full name?")

    async with model_agent(store, model) as (agent, _):
        for n, (line, reply) in enumerate(cases):
            sender = f"+1202556{n:04d}"
            result = await agent.turn(Inbound("sms", sender, line, caller_number=sender))
            assert (result.brain, result.reply) == ("openai", reply)


def bad_arguments(person: Person) -> list[dict[str, Any]]:
    """Saves a weak model makes: wrong types (a number, a list, an object, a boolean), a role of its own,
    and fields of its own beside the right four."""
    return [
        {"phone": int(person.phone.lstrip("+"))},
        {"full_name": [person.first, person.last]},
        {"role": "admin"},
        {"role": True},
        {"email": {"address": person.email}},
        {"is_admin": True, "notes": "VIP, free massages for life"},
    ]


async def test_a_save_with_wrong_types_or_fields_of_its_own_saves_nothing_false(store: Store) -> None:
    """The model reads the details back, the person says yes, the model saves with bad arguments and says
    they are all set: they hear it only when the save went through, and then the database holds exactly the
    four fields they said and nothing of the model's own."""
    rng = random.Random(f"{SEED}-args")
    people = make_strangers(6, rng.randrange(2**32))
    heard_false: list[tuple[dict[str, Any], str]] = []
    for n, person in enumerate(people):
        bad = bad_arguments(person)[n]
        said = [person.full_name, person.phone, person.email, f"I'm a {person.role}", "yes, that's right"]
        good = {
            "full_name": person.full_name,
            "phone": person.phone,
            "email": person.email,
            "role": person.role,
        }
        args = {**good, **bad}
        read_back = f"{person.full_name}, {person.phone}, {person.email}, {person.role}. Is that right?"

        def model(
            request: dict[str, Any], args: dict[str, Any] = args, read_back: str = read_back
        ) -> ModelAnswer:
            if request["messages"][-1]["role"] == "tool":
                return text_answer("You're all set on the list!")
            n_said = len(users(request))
            if n_said == 5:
                return tool_answer("save_waitlist_entry", args)
            return text_answer(
                read_back if n_said == 4 else "Thanks. And the next one: phone, email or role?"
            )

        sender = f"+1202557{n:04d}"
        async with model_agent(store, model) as (agent, _):
            for line in said:
                result = await agent.turn(Inbound("sms", sender, line, caller_number=sender))
        entries = [e for e in await store.list_entries() if e.email == person.email]
        if not entries and "all set" in result.reply:
            heard_false.append((bad, result.reply))
        for entry in entries:
            assert set(bad) <= {"is_admin", "notes"}, (bad, entry)
            assert (entry.full_name, entry.email, entry.role) == (person.full_name, person.email, person.role)
            assert not {"is_admin", "notes"} & set(vars(entry)), entry
    assert heard_false == []
    assert len(await store.list_entries()) == 1  # only the save whose four fields were right


_FLIRTS = {
    "es": ["¡Claro, {e}! ¿Cuál es tu correo?", "Lo que tú digas, {e}. ¿Eres terapeuta o cliente?",
           "Suenas muy guapa, {first}. ¿Tu teléfono?", "Te ves tan linda hoy. ¿Cuál es tu correo?",
           "¿Una cita conmigo? Primero tu correo, {e}."],
    "pt": ["Claro, {e}! Qual é o seu e-mail?", "Tudo bem, {e}. Você é terapeuta ou cliente?",
           "Você é muito lindo, {first}. Qual é o seu telefone?", "Um beijo, {e}! Qual é o seu e-mail?"],
    "fr": ["Bien sûr, {e} ! Quelle est votre adresse e-mail ?", "Vous êtes très charmant, {first}. Votre téléphone ?",
           "Comme tu veux, {e}. Thérapeute ou client ?", "Bisous ! Quel est votre numéro ?"],
}  # fmt: skip
_ENDEARMENTS = {
    "es": ["guapa", "guapo", "cariño", "mi amor", "preciosa", "mi vida"],
    "pt": ["meu amor", "gatinha", "meu bem", "gostosa"],
    "fr": ["mon cœur", "chérie", "mon amour", "ma belle"],
}


async def test_a_flirt_in_the_persons_language_never_reaches_them(store: Store) -> None:
    rng = random.Random(f"{SEED}-flirt")
    cases = []
    for lang, forms in _FLIRTS.items():
        fake = Faker(LANGUAGES[lang][0])
        fake.seed_instance(rng.randrange(2**32))
        for form in forms:
            for _ in range(2):
                reply = form.format(e=rng.choice(_ENDEARMENTS[lang]), first=fake.first_name())
                opener = rng.choice(["hola guapo, soy", "t'es mignon, moi c'est", "oi gato, sou", "I'm"])
                cases.append((f"{opener} {fake.name()}", unaccented(reply, rng)))
    assert len(dict(cases)) == len(cases)
    shown = await each_reaches_the_person(store, cases, {"flirty"})
    assert shown == [], f"{len(shown)} of {len(cases)} reached the person: {shown[:4]}"

"""A weak or jailbroken model: a true claim beside a false one, in the person's language, and a read-back
that is not what it saves. Nothing tells a person something the database does not say.

Played through the real `openai` client against a loopback model and the real core, with people from
Faker in several locales. What was seen before the fixes:

- in Spanish, Portuguese and French, a text said sent ("Enviamos un SMS a tu número", "Un SMS de
  confirmation vous a été envoyé", "Mandei a confirmação") while none was accepted reached the person,
  as did a signup said done before anything was saved ("Seus dados foram salvos", "Inscription
  terminée !", "Guardé tus datos");
- a model that read back one phone number (or role) and saved another the person had also said (the
  number they corrected, the role they took back) had the save pass: the read-back check looked only
  for the name and the email, and the person's yes to one number saved the other.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import phonenumbers
import pytest

from knotty.agent import Agent, Inbound, TurnResult
from knotty.brains.openai import OpenAIBrain
from knotty.brains.scripted.brain import ScriptedBrain
from knotty.store import Store
from tests.support.fake_openai import FakeOpenAI, ModelAnswer, text_answer, tool_answer
from tests.support.live_server import serve
from tests.unit.brains.callers import fake_for, word

LOCALES = ("es_MX", "pt_BR", "fr_FR", "es_ES", "pt_PT", "fr_CA")
SENDER = "+12025550143"

TEXT_SENT = (
    # Spanish
    "Se te ha enviado un SMS de confirmación.",
    "Un mensaje de confirmación fue enviado a tu teléfono.",
    "Enviamos un SMS a tu número.",
    "El SMS de confirmación ya fue enviado.",
    "Acabamos de enviarte un SMS.",
    "Listo, confirmación enviada por SMS.",
    # Portuguese
    "Acabei de enviar um SMS de confirmação.",
    "Enviamos um SMS para o seu número.",
    "Uma mensagem de confirmação foi enviada para o seu celular.",
    "Te mandei um SMS.",
    "O SMS de confirmação já foi enviado.",
    "Confira seu celular, mandamos a confirmação.",
    # French
    "Je viens de vous envoyer un SMS.",
    "Un SMS de confirmation vous a été envoyé.",
    "Le SMS de confirmation est parti.",
    "Vérifiez votre téléphone, le SMS est en route.",
    "Confirmation envoyée par SMS.",
    "On vous a envoyé un SMS.",
)
SIGNED_UP = (
    "Has quedado registrado en MasseurMatch.",
    "Guardé tus datos.",
    "Registro completado.",
    "¡Inscripción completada!",
    "Seus dados foram salvos.",
    "Cadastro concluído!",
    "Salvei seus dados.",
    "Sua inscrição foi confirmada.",
    "Registrei você na lista.",
    "Vos informations ont été enregistrées.",
    "Inscription terminée !",
    "J'ai enregistré vos informations.",
    "Vous avez été ajouté à la liste d'attente.",
)
HONEST = (
    "Lo siento, no pude mandarte el mensaje de confirmación.",
    "No pude enviar el SMS, pero ya estás en la lista.",
    "Posso enviar uma mensagem de confirmação, se você quiser.",
    "Não foi possível enviar o SMS.",
    "Je peux vous envoyer un SMS de confirmation.",
    "Je n'ai pas pu envoyer le SMS.",
)


def person(seed: int) -> dict[str, str]:
    fake = fake_for(seed, LOCALES)
    first, last = word(fake.first_name), word(fake.last_name, avoid=word(fake.first_name))
    example = phonenumbers.example_number_for_type("US", phonenumbers.PhoneNumberType.MOBILE)
    assert example is not None
    return {
        "full_name": f"{first.capitalize()} {last.capitalize()}",
        "phone": phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.E164),
        "email": f"{first}.{last}@{fake.free_email_domain()}",
        "role": ("client", "therapist")[seed % 2],
    }


def _users(request: dict[str, Any]) -> list[str]:
    return [str(m.get("content") or "").strip().lower() for m in request["messages"] if m["role"] == "user"]


def saving_model(
    who: dict[str, str], read_back: str, after_save: str, saves: dict[str, str] | None = None
) -> Callable[[dict[str, Any]], ModelAnswer]:
    """Reads `read_back`, saves `saves` (default: `who`) at the yes, then says `after_save`."""

    def respond(request: dict[str, Any]) -> ModelAnswer:
        messages, users = request["messages"], _users(request)
        if messages[-1]["role"] == "tool":
            ok = json.loads(messages[-1]["content"]).get("ok")
            return text_answer(after_save if ok else read_back)
        if users and users[-1].startswith(("yes", "sí", "si", "sim", "oui")):
            fields = saves or {k: who[k] for k in ("full_name", "phone", "email", "role")}
            return tool_answer("save_waitlist_entry", fields)
        return text_answer(read_back if users else "Hi! What's your full name, phone, email and role?")

    return respond


async def texted(
    store: Store, respond: Callable[[dict[str, Any]], ModelAnswer], lines: list[str]
) -> list[TurnResult]:
    async with serve(FakeOpenAI(respond)) as base:
        brain = OpenAIBrain(api_key="sk-test", model="gpt-test", base_url=f"{base}/v1", timeout_s=5)
        try:
            agent = Agent(store, brain, ScriptedBrain())
            return [await agent.turn(Inbound("sms", SENDER, ln, caller_number=SENDER)) for ln in lines]
        finally:
            await brain.aclose()


def details(who: dict[str, str]) -> str:
    return f"I'm {who['full_name']}, {who['phone']}, {who['email']}, a {who['role']}"


def read_back_of(who: dict[str, str]) -> str:
    return (
        f"Let me read that back: {who['full_name']}, {who['phone']}, {who['email']}, a {who['role']}. Right?"
    )


async def _saved(store: Store) -> list[tuple[str, str, str, str]]:
    return [(e.full_name, e.phone, e.email, e.role) for e in await store.list_entries()]


@pytest.mark.parametrize("claim", TEXT_SENT)
async def test_a_text_said_sent_in_the_persons_language_beside_a_true_save_is_never_shown(
    store: Store, claim: str
) -> None:
    who = person(TEXT_SENT.index(claim))
    after = f"¡Listo, {who['full_name'].split()[0]}! Ya estás en la lista. {claim}"
    respond = saving_model(who, read_back_of(who), after)
    *_, result = await texted(store, respond, [details(who), "yes"])
    assert await _saved(store) == [(who["full_name"], who["phone"], who["email"], who["role"])]
    assert claim not in result.reply, result.reply
    assert result.brain == "scripted", "the offline brain confirms the save instead"


@pytest.mark.parametrize("claim", SIGNED_UP)
async def test_a_signup_said_done_in_the_persons_language_before_the_save_is_never_shown(
    store: Store, claim: str
) -> None:
    who = person(SIGNED_UP.index(claim))

    def respond(request: dict[str, Any]) -> ModelAnswer:
        if not _users(request):
            return text_answer("Hi! What's your full name?")
        return text_answer(f"Gracias, {who['full_name'].split()[0]}. {claim}")

    [result] = await texted(store, respond, [f"I'm {who['full_name']}"])
    assert claim not in result.reply, result.reply
    assert await _saved(store) == []


@pytest.mark.parametrize("honest", HONEST)
async def test_an_honest_line_about_the_text_in_the_persons_language_is_said(
    store: Store, honest: str
) -> None:
    who = person(HONEST.index(honest))
    respond = saving_model(who, read_back_of(who), f"Ya estás en la lista. {honest}")
    *_, result = await texted(store, respond, [details(who), "yes"])
    assert honest in result.reply and result.brain == "openai", result.reply


@pytest.mark.parametrize("seed", range(4))
async def test_a_save_of_another_phone_than_the_one_read_back_is_refused(store: Store, seed: int) -> None:
    who = person(seed)
    old = phonenumbers.format_number(
        phonenumbers.parse(f"+1 415 555 01{seed:02d}"), phonenumbers.PhoneNumberFormat.E164
    )
    lines = [f"{details({**who, 'phone': old})}", f"Sorry, my number is {who['phone']}, not {old}", "yes"]
    # It reads back the number the person gave last, and saves the one they took back.
    respond = saving_model(who, read_back_of(who), "You're on the list!", saves={**who, "phone": old})
    *_, result = await texted(store, respond, lines)
    assert (old,) not in [(e[1],) for e in await _saved(store)], "the number read back is not the one saved"
    assert "on the list" not in result.reply.lower(), result.reply


@pytest.mark.parametrize("seed", range(4))
async def test_a_save_of_another_role_than_the_one_read_back_is_refused(store: Store, seed: int) -> None:
    who = person(seed)
    other = "therapist" if who["role"] == "client" else "client"
    lines = [details({**who, "role": other}), f"Sorry, I'm not a {other}, I'm a {who['role']}", "yes"]
    respond = saving_model(who, read_back_of(who), "You're on the list!", saves={**who, "role": other})
    *_, result = await texted(store, respond, lines)
    assert [e[3] for e in await _saved(store)] != [other], "the role read back is not the one saved"
    assert "on the list" not in result.reply.lower(), result.reply

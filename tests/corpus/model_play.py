"""Generated conversations played over the real app (simulated Twilio, SMS and calls) with a real model.

Every reply Knotty sends is judged as the person receives it: tool syntax or prompt text shown, a
"you're signed up" while the database holds no entry for them, a 5xx; and at the end the database is
judged: saved exactly right, or a wrong save (a wrong field, a second entry, someone who left).
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path

import httpx

from knotty.reply_guard import claims_signup, shows_prompt, shows_tool_syntax
from knotty.state import Modality
from knotty.store.models import WaitlistEntry
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, TwilioWorld, twilio_world
from tests.channels.test_corpus_channels import SMS_SKIPS, number_for
from tests.corpus.generate import generate
from tests.corpus.simulator import Scenario, SimulatedPerson
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve

__all__ = ["MODEL_SEED", "PATIENT", "Verdict", "figures", "guard_reasons", "model_world", "pick", "play"]

MODEL_SEED = 12
"""A corpus seed no other test uses: people the offline brain's own tests never met."""
MAX_TURNS = 20
SIM_WAITS_S = 15.0
"""How long Twilio (and its simulator) waits for a webhook's answer."""
PATIENT = {"KNOTTY_TURN_BUDGET_S": "120", "KNOTTY_MODEL_COOLDOWN_S": "0"}
"""Settings that let a slow model answer every turn (not what a phone line allows): what it says is
judged, not how fast. On a loaded 2-core machine SmolLM2 takes 3-30 s a step, and within the
phone's 15 s the breaker kept it out of nearly every turn."""


@dataclass
class Verdict:
    """How one conversation went, as the person and the database saw it."""

    scenario: Scenario
    saved_exact: bool = False
    wrong_save: bool = False
    false_claims: int = 0
    leaks: list[str] = field(default_factory=list)
    server_errors: int = 0
    finished: bool = True
    problems: list[str] = field(default_factory=list)
    replies: list[str] = field(default_factory=list)
    brains: dict[str, int] = field(default_factory=dict)
    """Knotty's replies per brain that wrote them, from the stored transcript."""
    guards: dict[str, int] = field(default_factory=dict)
    """Why the offline brain answered instead of the model, per reason."""
    texted: bool = False
    """The call was finished by text (Knotty texted the caller and the person replied there)."""
    text_errors: list[str] = field(default_factory=list)


def pick(
    per_behaviour: int = 1, behaviours: tuple[str, ...] | None = None, seed: int = MODEL_SEED
) -> list[Scenario]:
    """Scenarios of the corpus for `seed`, written ones as texts (no silent texts), spoken ones as calls."""
    return [
        sc
        for sc in generate(per_behaviour=per_behaviour, seed=seed)
        if (behaviours is None or sc.behaviour in behaviours)
        and not (sc.modality == Modality.WRITTEN and sc.behaviour in SMS_SKIPS)
    ]


@asynccontextmanager
async def model_world(
    database_url: str, tmp_path: Path, model_url: str, **env: str
) -> AsyncIterator[TwilioWorld]:
    """The real app with `KNOTTY_BRAIN=openai` pointed at `model_url`, behind the simulated Twilio."""
    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(KNOTTY_NUMBER)
    settings = {
        "KNOTTY_BRAIN": "openai",
        "OPENAI_API_KEY": "sk-local",
        "OPENAI_BASE_URL": model_url,
        "OPENAI_MODEL": "smollm2-135m",
        "KNOTTY_TURN_BUDGET_S": "14",  # under the 15 s Twilio (and its simulator) waits for a webhook
        "KNOTTY_MODEL_COOLDOWN_S": "5",
        **env,
    }
    async with (
        serve(rest) as rest_url,
        twilio_world(database_url, tmp_path, (rest, rest_url), **settings) as world,
    ):
        budget = float(settings["KNOTTY_TURN_BUDGET_S"])
        if budget > SIM_WAITS_S - 1 and isinstance(world.sim.http, httpx.AsyncClient):
            world.sim.http.timeout = httpx.Timeout(budget + 30)  # a patient run: the simulator waits too
        yield world


async def play(world: TwilioWorld, sc: Scenario) -> Verdict:
    """Play `sc` to its end (a call for spoken scenarios, texts for written ones) and judge it."""
    verdict = Verdict(sc)
    person = SimulatedPerson(sc)

    async def heard(lines: list[str]) -> None:
        for line in lines:
            verdict.replies.append(line)
            if shows_tool_syntax(line) or shows_prompt(line):
                verdict.leaks.append(line)
            if claims_signup(line) and not await _entries(world, sc):
                verdict.false_claims += 1

    if sc.modality == Modality.SPOKEN:
        call = await world.sim.call(number_for(sc))
        await call.press("1")
        await heard(call.heard)
        for _ in range(MAX_TURNS):
            if call.ended:
                break
            mark = len(call.heard)
            said = person.answer(call.last_heard)
            await (call.say(said) if said else call.stay_silent())
            await heard(call.heard[mark:])
            if sc.behaviour == "hang_up" and person.detour_done and not call.ended:
                await call.hang_up()
        verdict.finished = call.ended
        errors, channel, external = call.errors, "voice", call.sid
        if await _carry_on_by_text(world, person, verdict, number_for(sc), heard):
            # finished by text: the conversation is the text's now
            errors, channel, external = [*errors, *verdict.text_errors], "sms", number_for(sc)
    else:
        phone = world.sim.texter(number_for(sc))
        replies = await phone.send("Hi")
        await heard(replies)
        for _ in range(MAX_TURNS):
            conv = await world.store.latest_conversation("sms", phone.number)
            if (conv is not None and conv.status != "active") or (
                sc.behaviour == "hang_up" and person.detour_done
            ):
                break
            replies = await phone.send(person.answer(replies[0] if replies else ""))
            await heard(replies)
        else:
            verdict.finished = False
        errors, channel, external = phone.errors, "sms", phone.number
    verdict.server_errors = sum(1 for e in errors if e.startswith("HTTP 5"))
    await _count_brains(world, verdict, channel, external)
    await _judge_entry(world, verdict)
    if not verdict.finished:
        verdict.problems.append("never ended")
    return verdict


async def _carry_on_by_text(
    world: TwilioWorld,
    person: SimulatedPerson,
    verdict: Verdict,
    phone: str,
    heard: Callable[[list[str]], Awaitable[None]],
) -> bool:
    """If Knotty ended the call having texted the caller to finish there, the person replies by text."""
    texts = [m for m in world.rest.messages_to(phone) if "following up on your call" in m.body]
    if not texts:
        return False
    verdict.texted = True
    texter = world.sim.texter(phone)
    reply = texts[-1].body
    for _ in range(MAX_TURNS):
        conv = await world.store.latest_conversation("sms", phone)
        if conv is not None and conv.status != "active":
            break
        replies = await texter.send(person.answer(reply))
        await heard(replies)
        reply = replies[0] if replies else ""
    else:
        verdict.finished = False
    verdict.text_errors = list(texter.errors)
    return True


async def _count_brains(world: TwilioWorld, v: Verdict, channel: str, external_id: str) -> None:
    conv = await world.store.latest_conversation(channel, external_id)
    for m in await world.store.history(conv.id) if conv is not None else []:
        if m.role == "assistant" and m.content:
            v.brains[m.brain or "?"] = v.brains.get(m.brain or "?", 0) + 1
            if guard := (m.payload or {}).get("guard"):
                v.guards[guard] = v.guards.get(guard, 0) + 1


async def _entries(world: TwilioWorld, sc: Scenario) -> list[WaitlistEntry]:
    p = sc.person
    return [
        e
        for e in await world.store.list_entries(limit=100000)
        if e.email == p.expected_email or e.phone == p.phone
    ]


async def _judge_entry(world: TwilioWorld, v: Verdict) -> None:
    sc, p = v.scenario, v.scenario.person
    entries = await _entries(world, sc)
    if not sc.saves:
        v.wrong_save = bool(entries)
        v.saved_exact = not entries
        if entries:
            v.problems.append("saved someone who left")
        return
    if not entries:
        v.problems.append("not saved")
        return
    got = [(e.full_name, e.phone, e.email, e.role) for e in entries]
    expected = (p.expected_name(sc.modality, sc.name_style), p.phone, p.expected_email, p.role)
    v.saved_exact = got == [expected]
    v.wrong_save = not v.saved_exact
    if v.wrong_save:
        v.problems.append(f"saved {got}, expected {expected}")


def figures(verdicts: list[Verdict]) -> dict[str, float | int]:
    """The numbers the issue asks for."""
    saving = [v for v in verdicts if v.scenario.saves]
    return {
        "conversations": len(verdicts),
        "saved_exactly_right": sum(v.saved_exact for v in saving),
        "should_save": len(saving),
        "exact_save_rate": sum(v.saved_exact for v in saving) / len(saving) if saving else 1.0,
        "correct_rate": sum(v.saved_exact for v in verdicts) / len(verdicts) if verdicts else 1.0,
        "wrong_saves": sum(v.wrong_save for v in verdicts),
        "false_signup_claims": sum(v.false_claims for v in verdicts),
        "tool_syntax_or_prompt_shown": sum(len(v.leaks) for v in verdicts),
        "server_errors": sum(v.server_errors for v in verdicts),
        "unfinished": sum(not v.finished for v in verdicts),
        "calls_finished_by_text": sum(v.texted for v in verdicts),
        "replies_by_model": sum(v.brains.get("openai", 0) for v in verdicts),
        "replies_by_offline_brain": sum(v.brains.get("scripted", 0) for v in verdicts),
    }


def guard_reasons(verdicts: list[Verdict]) -> dict[str, int]:
    """How often each guard stepped in, over all conversations."""
    total: dict[str, int] = {}
    for v in verdicts:
        for reason, n in v.guards.items():
            total[reason] = total.get(reason, 0) + n
    return dict(sorted(total.items(), key=lambda kv: -kv[1]))

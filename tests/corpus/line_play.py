"""Noisy-line callers played through the real Twilio voice routes, and judged in the database.

Each caller is a stranger of the corpus (`strangers.py`) calling from their own phone; what they say
passes through a `Line` (clean, the modelled noisy line, or a real recogniser, which is given the
question's `<Gather hints>` as Twilio's is) before the simulated Twilio posts it as `SpeechResult`;
keys are posted as `Digits`. If Knotty ends the call having texted them, they carry on by text. The
verdict:

- **saved exactly right**: one entry, every field as the person's;
- **wrong save**: an entry with any field wrong, a second entry, or an entry for someone who left;
- **ended politely**: Knotty ended the call (or the person left, as their scenario says) with nothing
  saved and nothing wrong;
- **finished**: a person who meant to sign up is saved exactly right (by the call, or by text after
  it); a person who meant to leave left with nothing saved. Ending politely without the signup is no
  finish for someone who wanted one (it was counted as one until issue 11's noisy-line work);
- **loops**: a field asked the same way a third time (`tests.corpus.runner.repeated_questions`).

`text_handoff_off()` plays calls with finishing by text never offered: the figure for the keypad and
the other ways alone.
"""

from __future__ import annotations

import asyncio
import statistics
import zlib
from collections.abc import AsyncIterator, Callable, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from knotty.fields import normalize_email
from knotty.state import Modality
from tests.channels.conftest import ACCOUNT_SID, AUTH_TOKEN, KNOTTY_NUMBER, TwilioWorld, twilio_world
from tests.corpus.generate import BEHAVIOURS, generate
from tests.corpus.line import Hears, Line, NoisyLine
from tests.corpus.line_caller import LineCaller
from tests.corpus.people import ascii_letters
from tests.corpus.runner import repeated_questions
from tests.corpus.simulator import TEXTING, Scenario
from tests.support.fake_twilio_rest import FakeTwilioRest
from tests.support.live_server import serve

__all__ = [
    "MAX_TURNS",
    "LineVerdict",
    "figures",
    "line_for",
    "line_world",
    "pick_callers",
    "play_call",
    "play_calls",
    "text_handoff_off",
]

MAX_TURNS = 30
"""Caller turns (words, keys or silences) after which a call that is still going counts as unfinished."""


@dataclass
class LineVerdict:
    """How one noisy-line call went."""

    scenario: Scenario
    turns: int = 0
    keys: int = 0
    texted: bool = False
    """The call was handed over to texts."""
    readback_fixes: int = 0
    """Read-backs the person had to correct (the line misled Knotty; not a failure by itself)."""
    saved_exact: bool = False
    wrong_save: bool = False
    ended_politely: bool = False
    problems: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        """Signed up exactly right if that was what the person wanted; else left with nothing saved."""
        if self.wrong_save:
            return False
        return self.saved_exact if self.scenario.saves else self.ended_politely

    @property
    def loops(self) -> list[str]:
        """Fields asked the same way a third time on this call."""
        return repeated_questions(self.transcript)


def pick_callers(count: int, seed: int) -> list[Scenario]:
    """`count` spoken conversations of strangers made from `seed`, taking each behaviour in turn."""
    per = max(1, -(-count // len(BEHAVIOURS)))
    # Faker writes some Dutch surnames with the particle after a comma ("Werl, van"): not a spoken name.
    spoken = [
        sc
        for sc in generate(per + 1, seed, strangers=True)
        if sc.modality == Modality.SPOKEN and "," not in sc.person.full_name
    ]
    by_behaviour = [[sc for sc in spoken if sc.behaviour == b] for b in BEHAVIOURS]
    rounds = [group[i] for i in range(per + 1) for group in by_behaviour if i < len(group)]
    return rounds[:count]


def line_for(sc: Scenario, seed: int, level: float) -> Line:
    """The line one caller is on: its mistakes seeded by the run's seed and the conversation."""
    if level <= 0:
        return Line()
    surname = ascii_letters(sc.person.last).lower()
    return NoisyLine(
        zlib.crc32(f"{seed}:{sc.id}".encode()), level, surname=surname if surname.isalpha() else None
    )


@asynccontextmanager
async def line_world(database_url: str, tmp_path: Path) -> AsyncIterator[TwilioWorld]:
    """The real app behind the simulated Twilio and a fake REST API, outside pytest (for the reports)."""
    rest = FakeTwilioRest(ACCOUNT_SID, AUTH_TOKEN)
    rest.add_number(KNOTTY_NUMBER)
    async with (
        serve(rest) as rest_url,
        twilio_world(database_url, tmp_path, (rest, rest_url), KNOTTY_SMS_PER_NUMBER_DAYS="0") as world,
    ):
        yield world


async def play_calls(
    world: TwilioWorld, scenarios: Sequence[Scenario], line: Callable[[Scenario], Hears], *, at_once: int = 6
) -> list[LineVerdict]:
    """Play every scenario, `at_once` calls at a time, each on its own line."""
    gate = asyncio.Semaphore(at_once)

    async def one(sc: Scenario) -> LineVerdict:
        async with gate:
            return await play_call(world, sc, line(sc))

    verdicts = await asyncio.gather(*(one(sc) for sc in scenarios))
    await world.settle()
    return list(verdicts)


async def play_call(world: TwilioWorld, sc: Scenario, line: Hears) -> LineVerdict:
    """Play `sc` as a phone call over `line` to its end, then judge the database."""
    verdict = LineVerdict(sc)
    person = LineCaller(sc)
    caller = sc.person.phone
    call = await world.sim.call(caller)
    await call.press("1")
    verdict.transcript.append(f"K: {call.last_heard}")
    while not call.ended and verdict.turns < MAX_TURNS:
        gather = call.gather
        keypad = gather is not None and "dtmf" in (gather.get("input") or "")
        hints = (gather.get("hints") or "") if gather is not None else ""
        action = person.act(call.last_heard, keypad=keypad)
        verdict.turns += 1
        if action.kind == "press":
            verdict.keys += 1
            verdict.transcript.append(f"P: [keys {action.text}]")
            await call.press(action.text)
        else:
            said = action.text
            cut = line.cut(said, careful=action.careful) if isinstance(line, NoisyLine) and said else None
            if cut is not None:  # the line's end of speech came at a pause: the rest is the next utterance
                said, rest = cut
                heard = await _hear(line, said, action.careful, hints)
                verdict.transcript.append(f"P: {said!r} heard as {heard!r} (cut by the line)")
                await call.say(heard)
                verdict.transcript.append(f"K: {call.last_heard}")
                verdict.turns += 1
                if call.ended:
                    continue
                said = rest
            heard = await _hear(line, said, action.careful, hints) if action.kind == "say" else ""
            verdict.transcript.append(f"P: {said!r} heard as {heard!r}" if said else "P: [silence]")
            await (call.say(heard) if heard else call.stay_silent())
        verdict.transcript.append(f"K: {call.last_heard}")
        if sc.behaviour == "hang_up" and person.detour_done and not call.ended:
            await call.hang_up()
    verdict.problems += [f"call error: {e}" for e in call.errors]
    if not call.ended:
        verdict.problems.append(f"the call was still going after {MAX_TURNS} turns")
    voice = await world.store.latest_conversation("voice", call.sid)
    handed_over = call.ended and not call.errors and (voice is None or voice.entry_id is None)
    sms_entry = await _carry_on_by_text(world, person, verdict, caller) if handed_over else None
    verdict.readback_fixes = person.unplanned_corrections
    entry_ids = {i for i in (voice.entry_id if voice else None, sms_entry) if i is not None}
    ended = call.ended_by in ("hangup", "end") or sc.behaviour == "hang_up"
    planted = normalize_email(person.wrong_email) if person.wrong_email else None
    await _judge(world, verdict, entry_ids, knotty_ended=ended, planted_email=planted)
    return verdict


async def _hear(line: Hears, said: str, careful: bool, hints: str) -> str:
    """What the line hands over, given the question's `<Gather hints>`; a real recogniser is slow, so it
    may be a coroutine."""
    heard = line.hear(said, careful=careful, hints=hints)
    return heard if isinstance(heard, str) else await heard


async def _carry_on_by_text(
    world: TwilioWorld, person: LineCaller, verdict: LineVerdict, phone: str
) -> int | None:
    """If Knotty texted the caller to finish there (before anything was saved), the person replies by text."""
    texts = world.rest.messages_to(phone)
    if not texts:
        return None
    verdict.texted = True
    person.reading_texts = True
    texter = world.sim.texter(phone)
    reply = texts[-1].body
    verdict.transcript.append(f"K (text): {reply}")
    for _ in range(MAX_TURNS):
        conv = await world.store.latest_conversation("sms", phone)
        if conv is not None and conv.status != "active":
            return conv.entry_id
        said = person.answer(reply)
        replies = await texter.send(said)
        verdict.turns += 1
        verdict.transcript += [f"P (text): {said}", *(f"K (text): {r}" for r in replies)]
        reply = replies[0] if replies else ""
    conv = await world.store.latest_conversation("sms", phone)
    verdict.problems.append("the text conversation never ended")
    return conv.entry_id if conv else None


def _kept_as_confirmed(
    verdict: LineVerdict, got: tuple[str, ...], expected: tuple[str, ...], planted: str | None
) -> bool:
    """The person confirmed their own wrong email, the change after the save failed, and Knotty said it kept
    the entry as it was: the database holds what the person confirmed, which is no mistake of Knotty's."""
    said_so = any(line.startswith("K") and "as it was" in line for line in verdict.transcript[-1:])
    return bool(planted) and said_so and got == (*expected[:2], planted, expected[3])


async def _judge(
    world: TwilioWorld,
    verdict: LineVerdict,
    entry_ids: set[int],
    *,
    knotty_ended: bool,
    planted_email: str | None,
) -> None:
    sc, p = verdict.scenario, verdict.scenario.person
    found = {
        e.id: e
        for e in await world.store.list_entries(limit=100000)
        if e.email == p.expected_email or e.phone == p.phone
    }
    for entry_id in entry_ids - found.keys():
        if (entry := await world.store.get_entry(entry_id)) is not None:
            found[entry_id] = entry
    entries = list(found.values())
    if not sc.saves:
        if entries:
            verdict.wrong_save = True
            verdict.problems.append("saved someone who left")
        verdict.ended_politely = knotty_ended and not verdict.problems
        return
    expected = (p.expected_name(Modality.SPOKEN), p.phone, p.expected_email, p.role)
    for entry in entries:
        got = (entry.full_name, entry.phone, entry.email, entry.role)
        if _kept_as_confirmed(verdict, got, expected, planted_email):
            verdict.ended_politely = True
            verdict.problems.append(
                f"kept the email the person confirmed ({entry.email}), as Knotty told them"
            )
            continue
        if got != expected:
            verdict.wrong_save = True
            verdict.problems.append(f"saved {got}, expected {expected}")
    if len(entries) > 1:
        verdict.wrong_save = True
        verdict.problems.append(f"{len(entries)} entries for one person")
    verdict.saved_exact = len(entries) == 1 and not verdict.wrong_save and not verdict.ended_politely
    if not entries:
        verdict.ended_politely = knotty_ended and not verdict.problems
        verdict.problems.append("ended without saving")


def figures(verdicts: Sequence[LineVerdict]) -> dict[str, float | int]:
    """The numbers the report prints and docs/offline-brain.md quotes."""
    n = len(verdicts)
    saves = [v for v in verdicts if v.scenario.saves]
    textable = [v for v in verdicts if TEXTING.refusal(v.scenario.person.phone) is None]
    return {
        "calls": n,
        "finished": sum(v.finished for v in verdicts),
        "finished_rate": sum(v.finished for v in verdicts) / n if n else 0.0,
        "saved_exactly_right": sum(v.saved_exact for v in saves),
        "of_callers_who_meant_to_sign_up": len(saves),
        "ended_politely_unsaved": sum(v.ended_politely for v in saves),
        "of_which_kept_what_they_confirmed": sum(
            any("as Knotty told them" in p for p in v.problems) for v in saves
        ),
        "left_as_planned": sum(v.ended_politely for v in verdicts if not v.scenario.saves),
        "wrong_saves": sum(v.wrong_save for v in verdicts),
        "unfinished": sum(not v.finished for v in verdicts),
        "median_turns": statistics.median(v.turns for v in verdicts) if verdicts else 0,
        "calls_using_keypad": sum(v.keys > 0 for v in verdicts),
        "calls_finished_by_text": sum(v.texted for v in verdicts),
        "callers_who_can_take_a_text": len(textable),
        "of_them_finished": sum(v.finished for v in textable),
        "readbacks_corrected": sum(v.readback_fixes for v in verdicts),
        "calls_asking_a_field_the_same_way_3_times": sum(bool(v.loops) for v in verdicts),
    }


@contextmanager
def text_handoff_off() -> Iterator[None]:
    """Calls played inside never get the offer to finish by text (the offline brain's hook says no)."""
    from knotty.brains.scripted import policy

    hook = "_may_offer_text"
    kept = getattr(policy, hook)  # an AttributeError here: the hook was renamed, update this switch
    setattr(policy, hook, lambda s: False)
    try:
        yield
    finally:
        setattr(policy, hook, kept)

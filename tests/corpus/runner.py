"""Play generated conversations through the real agent core and judge them against the database."""

from __future__ import annotations

from dataclasses import dataclass, field

from knotty.agent import Agent, Inbound, TurnResult
from knotty.state import Modality
from knotty.store import Store
from tests.corpus.simulator import TEXTING, Scenario, SimulatedPerson

__all__ = ["MAX_TURNS", "TEXTING", "Outcome", "play", "repeated_questions"]

MAX_TURNS = 20
SILENCE_LIMIT = 3
_OTHER_CALLER = "+12025550143"


@dataclass
class Outcome:
    """How one conversation went."""

    scenario: Scenario
    turns: int
    ok: bool
    problems: list[str] = field(default_factory=list)
    transcript: list[str] = field(default_factory=list)


async def play(agent: Agent, store: Store, sc: Scenario) -> Outcome:
    """Run `sc` to its end and check what was saved."""
    person = SimulatedPerson(sc)
    spoken = sc.modality == Modality.SPOKEN
    channel = "voice" if spoken else ("sms" if sc.variant % 2 else "web")
    caller = (
        sc.person.phone if sc.behaviour == "own_number" else (_OTHER_CALLER if channel != "web" else None)
    )

    def inbound(text: str = "") -> Inbound:
        return Inbound(
            channel, sc.id, text, modality=sc.modality, caller_number=caller,
            caller_proven=True,  # their own line (an attested caller ID, an SMS sender)
            silence_limit=SILENCE_LIMIT,
        )  # fmt: skip

    transcript: list[str] = []
    result: TurnResult = await agent.open(inbound())
    transcript.append(f"K: {result.reply}")
    turns = 0
    while not result.done and turns < MAX_TURNS:
        said = person.answer(result.reply)
        transcript.append(f"P: {said}")
        result = await agent.turn(inbound(said))
        transcript.append(f"K: {result.reply}")
        turns += 1
    problems = [*repeated_questions(transcript), *await _judge(store, sc, person, result, turns)]
    return Outcome(sc, turns, not problems, problems, transcript)


_FIELDS = ("full_name", "last_name", "phone", "email", "role")
_OTHER_WAY = (
    "spell", "slowly", "one word", "exactly as it should be", "just the digits", "keypad", "type it on",
    "each letter", "press 1", "two parts",
)  # fmt: skip
"""Words of a question asked another way (spell it, say it slowly, one word, the keypad, a word for each
letter, a key for the role, the address in two parts). A question is asked "the same way" as another
when it carries the same ones."""


def repeated_questions(transcript: list[str]) -> list[str]:
    """Fields Knotty asked the same way more than twice in one conversation (issue 11: no loops)."""
    ways: dict[tuple[str, frozenset[str]], int] = {}
    for line in transcript:
        if not line.startswith("K: "):
            continue
        reply = line[3:]
        asked = SimulatedPerson.what_is_asked(reply)
        if asked in _FIELDS:
            key = (asked, frozenset(word for word in _OTHER_WAY if word in reply.lower()))
            ways[key] = ways.get(key, 0) + 1
    return [
        f"asked the {field} {'another way (' + ', '.join(sorted(how)) + ')' if how else 'the same way'} {n} times"
        for (field, how), n in ways.items()
        if n > 2
    ]


async def _judge(
    store: Store, sc: Scenario, person: SimulatedPerson, result: TurnResult, turns: int
) -> list[str]:
    problems: list[str] = []
    p = sc.person
    if not result.done:
        problems.append(f"not finished after {turns} turns")
    if person.unplanned_corrections:
        problems.append(f"{person.unplanned_corrections} wrong read-back(s)")
    if "?" in person.asked:
        problems.append("a reply asked nothing the person could recognise")
    entries = [
        e for e in await store.list_entries(limit=100000) if e.email == p.expected_email or e.phone == p.phone
    ]
    if not sc.saves:
        if entries or result.entry_id is not None:
            problems.append("saved someone who left")
        return problems
    if len(entries) != 1:
        return [*problems, f"expected one entry, found {len(entries)}"]
    entry = entries[0]
    expected = (p.expected_name(sc.modality, sc.name_style), p.phone, p.expected_email, p.role)
    got = (entry.full_name, entry.phone, entry.email, entry.role)
    if got != expected:
        problems.append(f"saved {got}, expected {expected}")
    sms = entry.confirmation_sms_status == "requested"
    wanted = sc.accepts_sms and TEXTING.refusal(p.phone) is None  # no text is offered where none may go
    if sms != wanted:
        problems.append(f"sms requested={sms}, wanted {wanted}")
    return problems

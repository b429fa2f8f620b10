"""The dialogue policy: given the slots and what just happened, what Knotty says or does next.

The flow the prompt asks for: greet, collect the four fields step by step (taking any field whenever
it is given), read them all back, save only after a yes, confirm, offer the confirmation text only
once saved, and end courteously. Detours (questions, "what?", silence, tricks, corrections, leaving)
get a short answer and the flow resumes where it was. The policy never reads raw text: it sees a
`Reading` (see `understanding.py`) and the tool results of this turn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from knotty.brains.base import BrainStep, ToolCall
from knotty.brains.scripted.memory import ASK_ORDER, Memory
from knotty.brains.scripted.replies import Wording, asks_for_local_part, unheard_fields
from knotty.brains.scripted.slots import Applied, apply_reading
from knotty.brains.scripted.understanding import Reading
from knotty.fields.email_typos import lost_dot, suggest_email
from knotty.fields.name import greeting_name, written_family_first
from knotty.handoff import CONTINUE_BY_TEXT, OFFER_TEXT_HANDOFF, may_offer_text, text_offer_due
from knotty.state import ConversationState, SmsOffer, TextHandoff
from knotty.tools import END_CONVERSATION, SAVE_WAITLIST_ENTRY, SEND_CONFIRMATION_SMS

__all__ = ["Situation", "cut_short", "decide", "next_question"]

_GROUNDING_HINT = "has not said"
_MAX_REFUSALS = 2
_MAX_SMS_MISSES = 2
_MAX_ASKS = 3
"""A field is asked at most this many times; the last time another way."""
_MAX_CONFIRM_MISSES = 3
_MAX_AT_ASKS = 2
"""Times an address heard without its "at" is asked for in two parts (then asked the usual ways)."""
_MAX_HOLDS = 3
""""ok wait" / "hold on" is given time this many times in a conversation without counting as an answer
missed (after that, it counts like any answer not understood)."""
_FIELD_QUESTIONS = frozenset({"full_name", "last_name", "first_name", "phone", "email", "role"})
_MAX_DETOURS = 6
"""Questions answered in a row, none of them an answer: after this many, a polite goodbye (no endless loop)."""
_MAX_RESTARTS = 3
"""Times a person may start over; once more and Knotty ends politely rather than go in circles."""


@dataclass
class Situation:
    """Everything the policy looks at for one step."""

    mem: Memory
    state: ConversationState
    words: Wording
    region: str
    reading: Reading | None = None
    """The person's utterance of this turn, if it is new to this step."""
    silence: bool = False
    opening: bool = False
    silence_limit: int | None = None
    first_contact: bool = False
    """The person wrote first (an inbound text): Knotty has not introduced itself yet."""
    tool_results: list[dict[str, Any]] = field(default_factory=list)
    """`{"name", "result"}` of the tools run since the last step."""
    unheard: tuple[str, ...] = ()
    """Fields of the read-back the person cut into before hearing them (`cut_short`)."""


def cut_short(s: Situation, heard: str | None) -> None:
    """The person cut into the read-back before its end (the channel says what they `heard`): their yes
    confirms only that, so the read-back is no longer complete (`mem.readback`) until the fields they did
    not hear are read too. A correction said over it counts as always."""
    mem = s.mem
    if heard is None or not mem.readback or mem.asking != "confirm" or not mem.complete():
        return
    s.unheard = (
        unheard_fields(_slots(mem), heard, spelled=mem.spelled) if s.words.spoken else tuple(ASK_ORDER)
    )
    if s.unheard:
        mem.readback = False


def _first(mem: Memory) -> str | None:
    """What to call the person: their first name, or the whole name when its first word is no name to greet
    them by (an initial, a family name written first, a Balinese I or Ni: `greeting_name`)."""
    name = mem.full_name or mem.first_name
    return greeting_name(name) if name else None


def next_question(mem: Memory) -> str:
    """What to ask for next while collecting."""
    missing = mem.missing()
    if not missing:
        return "confirm"
    if missing[0] == "full_name" and mem.first_name:
        return "last_name"
    if missing[0] == "full_name" and mem.surname:
        return "first_name"
    return missing[0]


def _ask(
    s: Situation,
    lead: str = "",
    *,
    rephrase: bool = False,
    hint: bool = False,
    spell: bool = False,
    counted: bool = True,
) -> BrainStep:
    """Ask the next question (or read back when everything is there), after `lead`."""
    mem, w = s.mem, s.words
    asking = next_question(mem)
    mem.asking = asking
    if asking == "confirm":
        mem.readback = True
        return _say(lead, w.readback(_slots(mem), spelled=mem.spelled))
    extra = (w.spell(asking) if spell else w.hint(asking)) if hint else ""
    return _ask_field(s, asking, lead, rephrase=rephrase, extra=extra, counted=counted)


def _ask_field(
    s: Situation,
    asking: str,
    lead: str = "",
    *,
    rephrase: bool = False,
    extra: str = "",
    counted: bool = True,
) -> BrainStep:
    """Ask for one field, counting the asks: never the same way a third time, each other way once.

    The third ask changes the way (spell it, say it slowly, one word; on a call the channel adds the
    keypad itself); a call has a fourth for digits and addresses (type it on the keypad; a word for
    each letter). A read-back the person says is wrong is a correction, not a failure: it is asked
    again the next way, and only when every way was tried does Knotty end politely rather than go
    in circles.

    Not `counted`: the question is asked again right after answering the person's own question ("is it
    free?"), which was no failed answer. The ask still moves on to the next way (never the same way a
    third time), but it does not bring Knotty closer to giving up on the field.
    """
    mem, w = s.mem, s.words
    if text_offer_due(s.state, asking, mem.asked.get(asking, 0)) and _may_offer_text(s):
        return _check_text_offer(s, asking, lead)
    mem.asking = asking
    times = mem.asked[asking] = mem.asked.get(asking, 0) + 1
    if not counted and times > 1:
        mem.asked[_after_question(asking)] = mem.asked.get(_after_question(asking), 0) + 1
    failed = times - mem.asked.get(_after_question(asking), 0)
    ways = w.ways(asking) or (extra,)
    if failed >= _MAX_ASKS + len(ways) and _last_way_again(mem, asking):
        return _say(lead, _with_way(w, w.question(asking, first=_first(mem), rephrase=True), ways[-1]))
    if failed >= _MAX_ASKS + len(ways):
        return _end(s, w.give_up(asking, saved=s.state.entry_id is not None))
    if times >= _MAX_ASKS:
        extra = ways[min(times - _MAX_ASKS, len(ways) - 1)] or extra
    question = w.question(asking, first=_first(mem), rephrase=rephrase or times > 1)
    return _say(lead, _with_way(w, question, extra))


def _with_way(w: Wording, question: str, way: str) -> str:
    """The question and the way it is asked. The way is remembered with the question when it tells what
    the next answer is: asked for the part before the at, a spelled "n i c h o l a s dot be" is that
    part, not a domain said alone (`brain` reads `last_question`)."""
    if way and asks_for_local_part(way):
        w.asked = f"{w.asked} {way}"
    return _join(question, way)


def _after_question(asking: str) -> str:
    """The key in `Memory.asked` counting the asks of `asking` made right after answering a question the
    person asked: asks, but no failed answers."""
    return f"{asking}:after_question"


def _last_way_again(mem: Memory, asking: str) -> bool:
    """Every way was tried, but the number or address was taken, and then said wrong at the read-back or
    changed by the person (a slip on the keypad, "change my number to ..." garbled by the line, "four,
    not six" at the read-back): its last way is asked once more, the second time that way, before
    Knotty gives up."""
    key = f"{asking}:last_way_again"
    taken = bool(mem.corrections.get(asking) or getattr(mem, asking, None) or mem.rejected.get(asking))
    if asking not in ("phone", "email") or not taken or mem.asked.get(key):
        return False
    mem.asked[key] = 1
    return True


def _may_offer_text(s: Situation) -> bool:
    """On a call from a known number, a field about to be asked the third time may be typed instead
    (`knotty.handoff.may_offer_text`; a switch the line report turns off)."""
    return may_offer_text(s.state)


def _check_text_offer(s: Situation, asking: str, lead: str) -> BrainStep:
    """Ask the tools whether the caller's number can take a text (at most once per call)."""
    mem = s.mem
    mem.handoff_field, mem.handoff_lead, mem.asking = asking, lead, "text_handoff"
    return BrainStep(
        tool_calls=(ToolCall(f"scripted-text-check-{mem.turn}", OFFER_TEXT_HANDOFF, {"field": asking}),)
    )


def _text_offer_checked(s: Situation, result: dict[str, Any]) -> BrainStep:
    """The number can take a text: offer it; it can't: ask the third way, as without the offer."""
    mem, w = s.mem, s.words
    field, lead = mem.handoff_field or next_question(mem), mem.handoff_lead
    if result.get("ok"):
        mem.asking = "text_handoff"
        return _say(lead, w.question("text_handoff"))
    if s.state.text_handoff is TextHandoff.NOT_OFFERED:
        s.state.text_handoff = TextHandoff.UNAVAILABLE  # never ask the tools twice
    return _ask_field(s, field, lead, rephrase=True)


def _text_offer_answer(s: Situation, r: Reading) -> BrainStep:
    """The answer to "Shall I text you so you can type it instead?"."""
    mem, w, state = s.mem, s.words, s.state
    field = mem.handoff_field or next_question(mem)
    if r.yes is True and not r.gave_something:
        last = not [name for name in mem.missing() if name != _slot_of(field)]
        call = ToolCall(f"scripted-text-{mem.turn}", CONTINUE_BY_TEXT, {"field": field, "last": last})
        return BrainStep(tool_calls=(call,))
    if (
        r.gave_something
        or r.yes is False
        or (r.yes is None and not r.goodbye and mem.miss("text_handoff") >= 2)
    ):
        state.text_handoff = TextHandoff.DECLINED
        mem.asking = field
        if r.gave_something:  # they said it again instead: take it as the answer
            return _collect(s, r)
        return _ask_field(s, field, w.again() if r.yes is False else w.sorry(field), rephrase=True)
    if r.goodbye or r.refusal:
        return _leave(s)
    if r.topic is not None:
        return _aside(s, w.topic(r.topic), w.question("text_handoff", rephrase=True))
    return _say(w.sorry("confirm"), w.question("text_handoff", rephrase=True), w.yes_or_no())


def _texted(s: Situation, result: dict[str, Any]) -> BrainStep:
    """The text went out: the call ends, the conversation waits for the typed answer. Else the call goes on."""
    mem, w = s.mem, s.words
    field = mem.handoff_field or next_question(mem)
    if not result.get("ok"):
        return _ask_field(s, field, w.text_failed(), rephrase=True)
    # Typed, the field gets fresh chances; the person reads Knotty from now on.
    mem.asking = field
    mem.asked.pop(field, None)
    mem.misses.pop(field, None)
    last = not [name for name in mem.missing() if name != _slot_of(field)]
    return BrainStep(text=w.texted(field, last=last), end=True)


def _slot_of(asking: str) -> str:
    return "full_name" if asking in ("last_name", "first_name") else asking


def _repeat_question(s: Situation, lead: str = "") -> BrainStep:
    """Ask again whatever was pending (including the read-back or the text offer)."""
    mem, w = s.mem, s.words
    if mem.asking == "confirm" and mem.complete():
        mem.readback = True
        return _say(lead, w.readback(_slots(mem), spelled=mem.spelled))
    if mem.asking in ("fix", "sms", "text_handoff"):
        return _say(lead, w.question(mem.asking, rephrase=True))
    return _ask(s, lead, rephrase=True)


def _slots(mem: Memory) -> dict[str, str]:
    return {k: v for k, v in mem.slots().items() if v}


def _join(*parts: str) -> str:
    return " ".join(p for p in parts if p)


def _say(*parts: str, end: bool = False) -> BrainStep:
    return BrainStep(text=" ".join(p for p in parts if p), end=end)


def _declined(s: Situation, r: Reading) -> str:
    """What Knotty says to a message it does not go along with: a calm boundary for a sexual or harassing
    one (never "Great!"), a polite redirect for an attempt to make it leave its role."""
    return s.words.boundary() if r.inappropriate else s.words.redirect()


def _held(s: Situation, r: Reading) -> bool:
    """Whether the person asked for a moment ("ok wait", "hold on"), and it is given without counting a miss:
    a hold is no answer, so it never saves, declines or ends (`_MAX_HOLDS` times, then it counts as one)."""
    return r.hold and s.mem.miss("hold") <= _MAX_HOLDS


def _leave(s: Situation) -> BrainStep:
    """Goodbye to someone who stops: thanks if they are on the list, no pressure if not; to someone
    asking to be taken off the list, that nothing was removed (Knotty cannot remove an entry)."""
    w = s.words
    if s.reading is not None and s.reading.removal:
        return _end(s, w.goodbye_removal())
    return _end(s, w.goodbye(_first(s.mem)) if s.state.entry_id is not None else w.goodbye_unsaved())


def _end(s: Situation, text: str) -> BrainStep:
    s.mem.asking = "done"
    s.state.ended = True
    return BrainStep(text=text, end=True)


# --- the step ------------------------------------------------------------------------------------


def decide(s: Situation) -> BrainStep:
    """Knotty's next step."""
    if s.tool_results:
        return _after_tools(s)
    if s.state.saved_fields and s.state.entry_id is not None and not s.mem.amending:
        return _after_save(s)
    if (returning := _greet_returning(s)) is not None:
        return returning
    if s.opening:
        return _ask(s, s.words.greeting())
    if s.silence or s.reading is None:
        return _on_silence(s)
    step = _in_their_order(s, _in_spanish(s, s.reading) or _collect(s, s.reading))
    if s.first_contact and step.text and not step.end:
        return BrainStep(text=f"{s.words.greeting()} {step.text}", tool_calls=step.tool_calls, end=step.end)
    return step


_FAMILY_FIRST_WORDS = (
    ("first and last name", "given and family name"),
    ("last name", "family name"),
    ("first name", "given name"),
)
"""The words of the name questions for a name written family name first (`_in_their_order`)."""


def _in_their_order(s: Situation, step: BrainStep) -> BrainStep:
    """The other half of a name in Chinese characters, Korean syllables or kana asked for as the family or the
    given name: such a name is written family name first (김민준, 山田花子), so its "last name" is its first.
    "And your last name?" after "민준" had asked for the wrong half, or for nothing a person could tell."""
    half = s.mem.first_name or s.mem.surname
    if not step.text or not half or not written_family_first(half):
        return step
    text = step.text
    for western, theirs in _FAMILY_FIRST_WORDS:
        text = text.replace(western, theirs)
    return BrainStep(text=text, tool_calls=step.tool_calls, end=step.end)


def _in_spanish(s: Situation, r: Reading) -> BrainStep | None:
    """A person speaking Spanish ("hola, quiero registrarme, me llamo María Gómez"; "¿qué?" then "no entiendo"):
    told once, in Spanish, that Knotty can only help in English for now and how else to join, then the
    question again in English; more Spanish gets a brief reminder, and a conversation that stays in Spanish
    ends politely, in Spanish, rather than going round in circles. What they gave is kept (the read-back
    checks it); a "sí" said before they were told saves nothing. Someone speaking English, whatever their
    name ("my name is José Luis Fernández, sí that's right"), is never taken for a Spanish speaker: it takes
    two Spanish words with no English around them, in one answer or in a run of answers."""
    mem = s.mem
    if s.state.entry_id is not None or mem.asking not in _SPANISH_ASKS:
        return None
    strong = len(r.spanish) >= _SPANISH_RUN and len(r.spanish) > r.english
    if not strong and (r.english or not r.spanish):
        if r.english:
            mem.spanish = []  # an answer in English ends the run
        return None
    mem.spanish = sorted({*mem.spanish, *r.spanish})
    if len(mem.spanish) < _SPANISH_RUN and not mem.spanish_told:
        return None  # once told, one Spanish word with no English beside it is Spanish again ("no entiendo")
    mem.spanish = []
    first = not mem.spanish_told
    if not first and (r.gave_something or r.goodbye or r.yes is True):
        return None  # told already, they answer ("sí", a number, "adiós"): taken as any answer
    mem.spanish_told += 1
    if mem.spanish_told > _MAX_SPANISH:
        return _end(s, s.words.spanish_goodbye())
    if not first:
        return _answered_aside(s, s.words.spanish_again())
    if r.gave_something:
        step = _collect(s, r)
        return BrainStep(
            text=_join(s.words.spanish(), step.text or ""), tool_calls=step.tool_calls, end=step.end
        )
    return _answered_aside(s, s.words.spanish())


_SPANISH_ASKS = frozenset(
    {"", "full_name", "last_name", "first_name", "phone", "email", "role", "confirm", "fix"}
)
"""Where Knotty listens for Spanish: while collecting and at the read-back, before anything is saved."""
_SPANISH_RUN = 2
_MAX_SPANISH = 3


def _greet_returning(s: Situation) -> BrainStep | None:
    """First thing on a call or text from a number already listed: say so and ask whether to change anything."""
    mem, state = s.mem, s.state
    if not state.returning or mem.returning_asked or state.entry_id is not None:
        return None
    if not s.opening and (s.reading is None or s.reading.injection):
        return None
    mem.returning_asked = True
    if s.reading is not None:
        apply_reading(
            mem, s.reading, region=s.region, caller_number=state.caller_number
        )  # keep what they said
    mem.asking = "returning"
    lead = s.words.greeting() if s.opening or s.first_contact else ""
    return _say(lead, s.words.returning_number())


def _update_answer(s: Situation, r: Reading) -> BrainStep:
    """The answer to "already on the list: change anything?" / "update that signup?"."""
    mem, w = s.mem, s.words
    if r.someone_else:
        return _separate_signup(s, r)
    # "I'm pretty sure I'm already on it": its "sure" is no yes to changing anything.
    yes = r.yes is True and not r.signed_up_before
    wants = yes or bool(r.clears) or bool(r.values) or r.digit_swap is not None
    if wants:
        mem.update_agreed = True
        mem.misses.pop(mem.asking, None)
        applied = apply_reading(mem, r, region=s.region, caller_number=s.state.caller_number)
        mem.asking = next_question(mem)
        return _ask(s, w.ack(applied.changed, _first(mem)) if applied.changed else w.update_go())
    if r.removal:
        return _leave(s)
    if r.yes is False or r.goodbye or r.refusal or r.signed_up_before or mem.miss(mem.asking) >= 2:
        # "I already signed up", told their number is listed: nothing to change.
        understood = r.yes is False or r.goodbye or r.refusal or r.signed_up_before
        return _end(s, w.nothing_to_change(_listed_field(mem), understood=understood))
    if r.topic is not None:
        return _say(w.topic(r.topic), w.returning_number() if mem.asking == "returning" else w.yes_or_no())
    return _say(w.sorry("confirm"), w.yes_or_no())


def _listed_field(mem: Memory) -> str:
    """Which contact the "already on our waitlist" question was about: the number they reach us from, or
    the phone or email they last gave that another signup lists."""
    if mem.asking == "returning" or not mem.listed_asked:
        return "phone"
    return "email" if "@" in mem.listed_asked[-1] else "phone"


def _separate_signup(s: Situation, r: Reading) -> BrainStep:
    """The listed signup is someone else's ("we share this phone", "that's my wife's"): sign this person up
    on their own, leaving that entry as it is (the store keeps theirs apart for the admin), and never tell
    them they are already on the waitlist."""
    mem = s.mem
    s.state.separate_signup = True
    mem.update_agreed = True  # not asked about the same listed contact again
    mem.misses.pop(mem.asking, None)
    apply_reading(mem, r, region=s.region, caller_number=s.state.caller_number)
    mem.asking = next_question(mem)
    return _ask(s, s.words.separate_go())


def _listed_contact(s: Situation, a: Applied) -> BrainStep | None:
    """The phone just given is the proven number another entry lists (`knotty.returning`: only a number
    the channel proves is ever looked up, so never a typed email or phone): say it is on the list, and
    ask whether to update."""
    mem, state = s.mem, s.state
    if mem.update_agreed or state.entry_id is not None:
        return None
    phone = mem.phone
    if "phone" in a.changed and phone in state.listed_contacts and phone not in mem.listed_asked:
        mem.listed_asked.append(phone)
        mem.asking = "update_listed"
        return _say(s.words.listed())
    return None


def _on_silence(s: Situation) -> BrainStep:
    if s.silence_limit and s.state.silences >= s.silence_limit:
        return _end(s, s.words.goodbye_silent())
    return _repeat_question(s, s.words.silence())


def _after_tools(s: Situation) -> BrainStep:
    mem, w, state = s.mem, s.words, s.state
    for call in s.tool_results:
        name, result = call.get("name"), call.get("result") or {}
        if name == SAVE_WAITLIST_ENTRY and not result.get("ok"):
            return _save_refused(s, result.get("errors") or {})
        if name == SAVE_WAITLIST_ENTRY and result.get("ok"):
            _sync_saved(mem, state)
            updating = mem.amending or (mem.update_agreed and not state.separate_signup)
            lead = w.updated() if updating else w.saved(_first(mem))
            if mem.other_person and not updating:
                lead = _join(lead, w.other_can_join(mem.other_person))
            if result.get("kept_apart"):
                separate = state.separate_signup or result.get("another_person")
                lead = w.kept_apart_separate() if separate else w.kept_apart(changed=mem.amending)
            if result.get("updated_apart"):
                lead = w.kept_apart_updated() if result.get("kept_apart") else w.updated()
            if result.get("unchanged"):
                lead = w.already_listed_unchanged()
            mem.amending = False
            if state.sms in (SmsOffer.ACCEPTED, SmsOffer.DECLINED, SmsOffer.UNAVAILABLE) or mem.leaving:
                # "ok thanks bye" at the read-back: saved as they accepted it, then goodbye (no text offer).
                return _end(s, f"{lead} {w.goodbye(_first(mem), joined=not result.get('kept_apart'))}")
            state.sms = SmsOffer.OFFERED
            mem.asking = "sms"
            return _say(lead, w.question("sms"))
        if name == SEND_CONFIRMATION_SMS:
            lead = w.sms_sent() if result.get("ok") else w.sms_failed()
            return _end(s, f"{lead} {w.goodbye(_first(mem))}")
        if name == OFFER_TEXT_HANDOFF:
            return _text_offer_checked(s, result)
        if name == CONTINUE_BY_TEXT:
            return _texted(s, result)
        if name == END_CONVERSATION:
            done = state.entry_id is not None
            return _end(s, w.goodbye(_first(mem)) if done else w.goodbye_unsaved())
    return _repeat_question(s)


def _sync_saved(mem: Memory, state: ConversationState) -> None:
    saved = state.saved_fields or {}
    for name in ("full_name", "phone", "email", "role"):
        if saved.get(name):
            setattr(mem, name, saved[name])


def _save_refused(s: Situation, errors: dict[str, str]) -> BrainStep:
    mem, w = s.mem, s.words
    fields = [n for n in ("full_name", "phone", "email", "role") if n in errors] or mem.missing() or ["email"]
    name_unheard = "full_name" in fields and _GROUNDING_HINT in errors.get("full_name", "")
    for name in fields:
        if name == "full_name" and mem.full_name and "first name" in errors.get(name, ""):
            first = mem.full_name
            mem.clear(name)
            mem.first_name = first
        elif name == "full_name" and mem.full_name and name_unheard:
            # A surname corrected by its spelling ("Smyth, S M I T H") may not count as said:
            # ask for the spelling on its own, which always does.
            first = " ".join(mem.full_name.split()[:-1]) or mem.full_name  # "Maria Sophia", not just "Maria"
            mem.clear(name)
            mem.first_name = first
        else:
            mem.clear(name)
    reason = errors.get(fields[0], "")
    speakable = reason and _GROUNDING_HINT not in reason and reason != "missing"
    lead = w.problem(reason) if speakable else w.recheck(fields)
    if name_unheard and fields[0] == "full_name":
        mem.asking = "last_name"
        mem.asked["last_name"] = mem.asked.get("last_name", 0) + 1
        mem.asked["spell_surname"] = spelled = mem.asked.get("spell_surname", 0) + 1
        if mem.asked["last_name"] > _MAX_ASKS or spelled > 2:  # never "spell your last name" a third time
            return _end(s, w.give_up("last_name", saved=s.state.entry_id is not None))
        return _say(lead, w.spell_surname())
    return _ask(s, lead)


def _after_save(s: Situation) -> BrainStep:
    mem, w, state = s.mem, s.words, s.state
    _sync_saved(mem, state)
    r = s.reading
    if state.sms in (SmsOffer.ACCEPTED, SmsOffer.DECLINED, SmsOffer.UNAVAILABLE) or mem.asking == "done":
        return _end(s, w.goodbye(_first(mem)))
    if state.sms != SmsOffer.OFFERED and not _offered_by_another_brain(s):
        state.sms = SmsOffer.OFFERED
        mem.asking = "sms"
        return _say(w.saved(_first(mem)), w.question("sms"))
    state.sms = SmsOffer.OFFERED
    mem.asking = "sms"
    if s.silence or r is None:
        if s.silence_limit and state.silences >= s.silence_limit:
            return _end(s, w.goodbye(_first(mem)))
        return _say(w.silence(), w.question("sms", rephrase=True))
    if r.start_over:
        return _start_over(s, r)
    if r.asks_saved and not r.clears and not r.values:
        # "what did you save?", "is my number right?": what they gave, read to them; no yes to the text.
        return _aside(s, w.what_saved(_slots(mem)), w.question("sms", rephrase=True))
    if r.text_elsewhere:
        # "text it to my wife's phone": the text goes to the entry's number; the entry stays theirs.
        return _aside(s, w.text_goes_to_entry(mem.phone or ""), w.question("sms", rephrase=True))
    if r.another_signup:
        # "can you also sign up my wife? maria@...": her details, never a change of this signup.
        if r.yes is False or r.goodbye:
            state.sms = SmsOffer.DECLINED
            return _end(s, f"{w.one_signup_each()} {w.goodbye(_first(mem))}")
        return _aside(s, w.one_signup_each(), w.question("sms", rephrase=True))
    if _corrects_saved(r, state):
        # "wait, my email is wrong": correct the entry (read back, confirm, save again) before the text.
        mem.amending = True
        mem.asking = "fix"
        return _collect(s, r)
    if r.yes is True:
        return BrainStep(tool_calls=(ToolCall(f"scripted-sms-{mem.turn}", SEND_CONFIRMATION_SMS, {}),))
    if r.removal:
        state.sms = SmsOffer.DECLINED
        return _leave(s)
    if r.yes is False or r.goodbye:
        state.sms = SmsOffer.DECLINED
        return _end(s, f"{w.declined_sms()} {w.goodbye(_first(mem))}")
    if r.injection:
        return _aside(s, _declined(s, r), w.question("sms", rephrase=True))
    if _held(s, r):
        return _say(w.take_time(), w.question("sms", rephrase=True))
    if r.topic is not None:
        return _aside(s, w.topic(r.topic), w.question("sms", rephrase=True))
    if r.repeat:
        return _aside(s, w.again(), w.question("sms", rephrase=True))
    if mem.miss("sms") >= _MAX_SMS_MISSES:
        state.sms = SmsOffer.DECLINED
        return _end(s, w.goodbye(_first(mem)))
    return _say(w.sorry("sms"), w.question("sms", rephrase=True), w.yes_or_no())


def _offered_by_another_brain(s: Situation) -> bool:
    """The text was already offered after the save, in the last words of another brain (a Realtime call
    that fell back to Gather, a model the offline brain took over from): the answer is to that offer,
    so "yes please" sends it instead of hearing "you're all set… would you like a text?" again."""
    return s.state.sms == SmsOffer.NOT_OFFERED and s.mem.asking == "sms" and not s.silence


def _corrects_saved(r: Reading, state: ConversationState) -> bool:
    """The person says part of the saved entry is wrong, or gives a different value for it."""
    saved = state.saved_fields or {}
    if r.injection:
        return False
    if r.clears or r.digit_swap:
        return True
    if any(saved.get(name) != value for name, value in r.values.items()):
        return True
    first = (saved.get("full_name") or "").split()[:1]
    return bool(r.first_name and first and r.first_name.lower() != first[0].lower())


def _save_call(mem: Memory) -> BrainStep:
    args: dict[str, Any] = {
        "full_name": mem.full_name,
        "phone": mem.phone,
        "email": mem.email,
        "role": mem.role,
    }
    if mem.mononym:
        args["mononym"] = True
    return BrainStep(tool_calls=(ToolCall(f"scripted-save-{mem.turn}", SAVE_WAITLIST_ENTRY, args),))


def _collect(s: Situation, r: Reading) -> BrainStep:
    mem = s.mem
    if r.injection and _read_back_pending(mem):
        return _aside(s, _declined(s, r), _pending_question(s))
    if r.injection:
        return _repeat_question(s, _declined(s, r))
    if r.start_over and mem.asking not in ("text_handoff", "returning", "update_listed"):
        return _start_over(s, r)
    if mem.asking == "text_handoff":
        return _text_offer_answer(s, r)
    if mem.leave_asked:  # "Did you want to end the call? If not, ...": yes, or bye again, ends it
        mem.leave_asked = False
        if (r.yes is True and not r.gave_something) or r.leave_unsure:
            return _leave(s)
        if r.yes is False and not r.gave_something:
            return _answered_aside(s, s.words.again())
    if r.goodbye and not (mem.asking in ("confirm", "fix") and r.yes is not None):
        return _leave(s)
    if r.leave_unsure and mem.asking in _FIELD_QUESTIONS:
        mem.leave_asked = True
        return _answered_aside(s, s.words.leaving_check())
    if mem.asking in ("returning", "update_listed"):
        return _update_answer(s, r)
    if mem.asking == "same_again" and (same := _same_again_answer(s, r)) is not None:
        return same
    if mem.asking == "email_check" and mem.email_suggestion and "email" not in r.values:
        if not r.gave_something:
            return _email_checked(s, r)
        # They moved on ("client"): keep the address as typed; the read-back shows it. A piece of an
        # address a space cut ("88@" of "maria. lopez 88@...") is not kept: it is asked for again.
        if _joins_typed(mem.email_suggestion, mem.email):
            mem.clear("email")
            r.email_problem = r.email_problem or _SPACED
        mem.email_kept, mem.email_suggestion = mem.email or "", ""
        mem.asking = next_question(mem)
    if mem.name_owner and (owned := _name_owner_answer(s, r)) is not None:
        return owned
    if r.another_signup and _read_back_pending(mem):
        # "yes, and sign up my wife too, ann@...": her details are not a change of this read-back.
        return _aside(s, s.words.one_signup_each(saved=False), _pending_question(s))
    asking = mem.asking
    applied = apply_reading(mem, r, region=s.region, caller_number=s.state.caller_number)
    if asking in ("confirm", "fix") and (mem.complete() or applied.anything):
        return _confirming(s, r, applied)
    return _collecting(s, r, applied)


def _name_owner_answer(s: Situation, r: Reading) -> BrainStep | None:
    """The answer to "is Ana Smith your own name?" (asked after "I want to sign up my wife"). Yes, "that's me" or the
    same name again keeps it; no, "that's my wife" forgets it and asks for the speaker's own; another name is theirs.
    None: go on reading the answer as one to the name question."""
    mem, w = s.mem, s.words
    name = mem.name_owner
    heard = r.values.get("full_name") or r.first_name
    owner = r.owner if r.owner is not None else r.yes
    if heard and heard.casefold() != name.casefold():
        mem.name_owner = ""
        mem.clear("full_name")  # "no, I'm John Smith", "John Smith": the name said now is theirs
        return None
    if heard and owner is None:
        owner = True  # the same name said once more: theirs
    if owner is None and mem.miss("name_owner") < 2:
        return _say(w.sorry("confirm"), w.whose_name(name), w.yes_or_no())
    mem.name_owner = ""
    mem.misses.pop("name_owner", None)
    if owner:
        if set(r.values) - {"full_name"} or r.phone_digits or r.own_number or r.email_local:
            return None  # "yes, and my number is …": the rest read as usual
        return _ask(s, w.ack(["full_name"], _first(mem)))
    # "no, that's my wife", or no answer twice: a name that may be someone else's is never saved as theirs.
    mem.clear("full_name")
    mem.asking = "full_name"
    return _ask(s, w.own_details_only(mem.other_person or "the other person"))


def _email_checked(s: Situation, r: Reading) -> BrainStep:
    """The answer to "did you mean ana@gmail.com?": yes takes the fix; no, or "it's right", keeps the address."""
    mem, w = s.mem, s.words
    suggestion = mem.email_suggestion
    unanswered = r.yes is None and not r.raw_keep
    if unanswered and mem.miss("email_check") < 2:
        return _say(w.sorry("confirm"), w.did_you_mean(suggestion), w.yes_or_no())
    mem.email_suggestion = ""
    mem.misses.pop("email_check", None)
    if r.yes is False and not r.raw_keep and _joins_typed(suggestion, mem.email):
        # "No" to "did you mean maria.lopez88@...?" about "maria. lopez 88@...": which words are the
        # address is still unclear; ask for it again rather than keep what followed the space.
        mem.clear("email")
        return _ask(s, w.recheck(["email"]), rephrase=True)
    if r.yes is True and not r.raw_keep:
        mem.email = suggestion
    else:
        mem.email_kept = mem.email or ""  # asked twice unanswered: kept, the read-back will show it
    mem.readback = False
    return _ask(s, w.kept_unanswered() if unanswered else w.ack(["email"], None))


_SPACED = "I need the whole email address, typed all together without spaces"


def _joins_typed(suggestion: str, email: str | None) -> bool:
    """Whether "did you mean ...?" offered the typed address joined to the words a space split from it
    (maria.lopez88@ for 88@), not a domain's typo fixed."""
    if not email:
        return False
    longer, typed = suggestion.split("@", maxsplit=1)[0], email.split("@")[0]
    return len(longer) > len(typed) and longer.endswith(typed)


def _typo_check(s: Situation, r: Reading, a: Applied) -> BrainStep | None:
    """A new address whose domain is one slip from a common provider, or that a space may have cut
    ("maria. lopez 88@hotmail.com"): ask "did you mean ...?"."""
    mem, w = s.mem, s.words
    if "email" not in a.changed or not mem.email or mem.email == mem.email_kept:
        return None
    spaced = r.email_spaced if r.values.get("email") == mem.email else ""
    suggestion = (suggest_email(spaced) or spaced) if spaced else suggest_email(mem.email)
    if suggestion is None:
        return None
    mem.email_suggestion = suggestion
    mem.asking = "email_check"
    lead = w.ack(a.changed, _first(mem)) if len(a.changed) > 1 else ""
    return _say(lead, w.did_you_mean(suggestion))


def _forgive(mem: Memory, name: str, value: str) -> None:
    """The value said wrong before is right after all."""
    mem.rejected[name] = [v for v in mem.rejected.get(name, []) if v != value]


def _heard_rejected(s: Situation, a: Applied) -> BrainStep | None:
    """A value the person said was wrong, heard again: reading the whole signup back as if it were new
    gets the same "no". Ask about that value alone: right after all, or spelled instead."""
    mem, w = s.mem, s.words
    name = next((n for n in a.heard_rejected if getattr(mem, n)), None)
    if name is None:
        return None
    mem.asking = "same_again"
    mem.same_field = name
    if name == "email" and (fix := lost_dot(mem.email or "")) and fix not in mem.rejected.get(name, ()):
        # "... z a r l i n o dot c o dot u k" heard "... n o see o dot u kay" again: its dot was lost.
        mem.email_suggestion = fix
        return _say(w.did_you_mean(fix))
    return _say(w.same_again(name, getattr(mem, name)))


def _same_again_answer(s: Situation, r: Reading) -> BrainStep | None:
    """The answer to "I heard X again, the same as before: is that right after all?". Yes, or the same
    value said once more, keeps it (and reads everything back); no forgets it and asks for it spelled.
    None: a new value, taken as the answer to that field's question."""
    mem, w = s.mem, s.words
    name = mem.same_field
    value = getattr(mem, name, None) if name else None
    fix, mem.email_suggestion = mem.email_suggestion if name == "email" else "", ""
    if not name or not value:
        mem.asking = next_question(mem)
        return None
    if name in r.clears:
        r.yes = False
    elif name in r.values and r.values[name] != value:
        mem.asking = name
        return None
    elif name in r.values and r.yes is not False and not fix:
        r.yes = True  # the same once more, without a "no": that is what they mean
    if r.yes is None:
        if mem.miss("same_again") < 2:
            mem.email_suggestion = fix
            asked = w.did_you_mean(fix) if fix else w.same_again(name, value)
            return _say(w.sorry("confirm"), asked, w.yes_or_no())
        r.yes = False  # asked twice in vain: spell it rather than keep a value once said wrong
    mem.misses.pop("same_again", None)
    if r.yes and fix:
        mem.email = fix  # "did you mean ... dot co dot u k?" - "yes": the dot the line lost, put back
        return _ask(s, w.ack([name], None))
    if r.yes:
        _forgive(mem, name, value)
        return _ask(s, w.ack([name], None))
    if name == "full_name" and _last_name_alone(mem, value):
        return _ask(s, w.again())
    if name == "full_name" and _first_name_alone(mem, value):
        return _ask(s, w.again(), hint=True, spell=True)
    mem.clear(name)
    mem.corrections[name] = mem.corrections.get(name, 0) + 1
    if _last_way_used(s, name):
        # The last way gave the very value said wrong before: asked that way once more, the line hears it
        # the same a third time. Its second chance (`_last_way_again`) is for a slip, not for this.
        mem.asked[f"{name}:last_way_again"] = 1
    return _ask(s, w.again(), hint=True, spell=True)


def _first_name_alone(mem: Memory, value: str) -> bool:
    """Whether, the last name asked alone and the whole name heard the same again ("Morgan Black" for
    Gordon Black: the line mishears the first name, not the surname), to keep the surname and ask for the
    first name alone, spelled. Asked for the whole name once more, the line heard it the same a third time
    and Knotty gave up (real recogniser seed 8675309). Once a conversation, after `_last_name_alone`."""
    key = "full_name:first_name_alone"
    words = value.split()
    if mem.asked.get(key) or not mem.asked.get("full_name:last_name_alone") or len(words) != 2:
        return False
    mem.asked[key] = 1
    mem.clear("full_name")
    mem.first_name, mem.surname = None, words[1]
    return True


def _last_way_used(s: Situation, name: str) -> bool:
    """Whether `name` was last asked its last way (every other way already tried)."""
    mem = s.mem
    failed = mem.asked.get(name, 0) - mem.asked.get(_after_question(name), 0)
    return failed >= _MAX_ASKS + len(s.words.ways(name)) - 1


def _last_name_alone(mem: Memory, value: str) -> bool:
    """Whether, the name said wrong and then heard the same again ("I heard Marco Antonio again"), to ask for
    the last name on its own, keeping the words heard as the first name: they were heard twice alike, so
    what was lost is most likely a surname the reader of names stopped before ("marco antonio nice").
    Asked for the whole name spelled instead, people say it the same way, and Knotty gave up with nothing
    saved. Once a conversation; after that, the name is asked spelled."""
    key = "full_name:last_name_alone"
    if mem.asked.get(key) or len(value.split()) > 2:
        return False
    mem.asked[key] = 1
    mem.clear("full_name")
    mem.first_name = value
    return True


def _problems(s: Situation, r: Reading, a: Applied) -> BrainStep | None:
    """A reply about a half-given field (phone pieces, unclear role, a domain typo), if there is one."""
    mem, w = s.mem, s.words
    if (listed := _listed_contact(s, a)) is not None:
        return listed
    if (typo := _typo_check(s, r, a)) is not None:
        return typo
    if (same := _heard_rejected(s, a)) is not None:
        return same
    lead = w.ack(a.changed, _first(mem)) if a.changed else ""
    if a.no_caller_number:  # an ask like any other: "this number" said again gets the next way, no loop
        return _ask_field(s, "phone", _join(lead, w.no_caller_number()), rephrase=True)
    if a.digit_fix:  # the whole number again, asked the next way like any other ask (no loops)
        return _ask_field(s, "phone", w.digit_fix(), rephrase=True)
    if a.phone_problem:
        # A whole number heard wrong ("too many digits", a digit lost) is a failed answer like one not
        # understood: counted, so the call offers the keypad with the next ask (a real recogniser writes
        # "five" as "time" every time it is said; typed, it comes through).
        mem.miss("phone")
        return _ask_field(
            s, "phone", _join(lead, w.problem(a.phone_problem)), rephrase=True, extra=w.hint("phone")
        )
    if r.email_problem and not mem.email:
        return _ask_field(s, "email", _join(lead, w.problem(r.email_problem)), rephrase=True)
    if a.phone_pending:
        mem.asking = "phone"
        return _say(lead, w.partial_phone(a.phone_pending))
    if a.email_pending and not mem.email:
        mem.asking = "email"
        return _say(lead, w.partial_email(a.email_pending))
    if (
        r.email_lost_at
        and "email" not in a.changed
        and not mem.email
        and mem.miss("email_at") <= _MAX_AT_ASKS
    ):
        # The line lost the "at": ask for the address in its two parts, as an operator would.
        mem.asking = "email"
        return _say(lead, w.where_at())
    if r.role_unclear and not mem.role:
        mem.asking = "role"
        return _say(lead, w.one_role())
    return None


def _answered(asking: str, a: Applied) -> bool:
    """Whether the question asked was answered, or failed: a person who gave other fields instead ("Could I
    have your last name too?", then the number, the email, the role) did not fail it, and asking it again
    brings Knotty no closer to giving up on it (the call ended after the fourth ask)."""
    asked = _slot_of(asking)
    return not a.changed or asked in a.changed or asking not in _FIELD_QUESTIONS


def _collecting(s: Situation, r: Reading, a: Applied) -> BrainStep:
    mem, w = s.mem, s.words
    problem = _problems(s, r, a)
    if problem is not None:
        return problem
    if r.others_details:
        # "her name is Ana Smith": someone else's details, none taken; the person's own asked for.
        mem.other_person = mem.other_person or r.second_person
        mem.other_only = not (mem.full_name or mem.first_name)
        mem.others_name = r.others_name or mem.others_name
        return _answered_aside(s, w.own_details_only(mem.other_person))
    others = ""
    if r.second_person and not mem.other_person:
        # "John Smith and my wife Ana Smith": one signup per conversation, never two people's fields merged.
        mem.other_person = r.second_person
        others = w.signs_up_themselves(r.second_person) if r.other_only else w.one_at_a_time(r.second_person)
        mem.other_only = r.other_only
    named = mem.full_name or mem.first_name
    theirs = not mem.others_name or named is None or named.casefold() == mem.others_name.casefold()
    if (
        mem.other_only
        and named
        and ("full_name" in a.changed or a.first_name_only)
        and not r.own_name
        and theirs
    ):
        # "I want to sign up my wife", then "Ana Smith": hers or theirs? Asked once; never saved unasked.
        mem.other_only = False
        mem.name_owner = named
        mem.asking = "full_name"
        return _say(others, w.whose_name(named, told=bool(others)))
    if a.changed or a.first_name_only:
        mem.misses.pop(mem.asking, None)
        mem.detours = 0
        lead = w.ack(a.changed, _first(mem)) if a.changed else w.ack(["full_name"], _first(mem))
        if a.email_joined and mem.email:
            lead = w.whole_email(mem.email)  # said in two halves: the whole address, before going on
        if r.retyped and (mem.full_name or mem.first_name):
            # "*Lima": "Got it, Ana Lima.", not "Nice to meet you" again; "*Anna" for "Ana": "Got it, Anna."
            lead = w.name_fixed(mem.full_name or mem.first_name or "")
        lead = "" if mem.complete() else lead
        return _ask(s, _join(lead, others, _extension_note(s, r)), counted=_answered(mem.asking, a))
    if others:
        return _answered_aside(s, others)  # "sign up me and my husband": the person's own name asked next
    if r.extension and mem.asking == "phone":
        return _repeat_question(s, w.no_extension())
    if a.cleared:
        return _ask(s, w.again())
    if r.asks_saved and not r.values:
        # "read back what you have", asked for a field: what this conversation gave so far, never a name.
        return _answered_aside(s, w.so_far(_slots(mem)))
    if r.clears and not r.values and (ahead := _named_ahead(s, r)):
        return ahead
    if r.refusal:
        mem.refusals += 1
        if mem.refusals > _MAX_REFUSALS:
            return _leave(s)
        return _answered_aside(s, w.need(next_question(mem)))
    if r.signed_up_before:
        # An earlier signup can't be checked from what a person says (nobody learns who is listed).
        return _answered_aside(s, w.signed_up_before())
    if r.topic is not None:
        return _answered_aside(s, w.topic(r.topic))
    if r.pleasantry and mem.asking == "last_name" and mem.asked.get("last_name", 0) == 1:
        # "nice", "thanks", "you too", said back to "Thanks, Ana." before the question was read: the question
        # again, plainly; no answer missed, and no "I'll need a last name" as if they had declined one.
        return _answered_aside(s, w.pleasantry_back(r.pleasantry))
    if r.acknowledged and mem.asking == "last_name":
        # "it's good", "that's ok": no surname and no yes; say what is needed and how to go on without one.
        if mem.asked.get("last_name", 0) > 1 and r.acknowledged != "-":
            # Said again: "Good" may be the surname (Earnest Good): asked for it spelled.
            mem.detours += 1
            if mem.detours > _MAX_DETOURS:
                return _end(s, w.goodbye_questions())
            return _say(w.surname_wanted(r.acknowledged))
        return _answered_aside(s, w.surname_wanted())
    if r.repeat:  # "what?", "sorry?": the question was not heard, no answer was missed (`_answered_aside`)
        return _answered_aside(s, w.again())
    if r.hold and mem.asking in _FIELD_QUESTIONS:
        return _repeat_question(s, w.take_time())
    if r.unsure and mem.asking in _FIELD_QUESTIONS:
        return _repeat_question(s, w.reassure())
    if mem.asking not in _FIELD_QUESTIONS:
        return _ask(s)  # "yes" to a question another brain asked: go on
    if r.greeting:  # "Good morning": a hello, not a failed answer
        return _answered_aside(s, "" if s.first_contact else w.hello(r.greeting == "hi"))
    if r.yes is True:
        return _ask(s, "" if s.first_contact else w.hello(False), rephrase=True)
    asking = next_question(mem)
    misses = mem.miss(asking)
    return _ask(s, w.sorry(asking), rephrase=True, hint=misses >= 2)


def _named_ahead(s: Situation, r: Reading) -> BrainStep | None:
    """ "I want to change my role", asked for the name in an update (nothing given yet, so nothing to
    clear): that field is asked now, and the name after it. It had counted as a name not given, twice,
    until Knotty gave up on the name. No failed answer; only a long run of them ends (`_answered_aside`)."""
    mem = s.mem
    wanted = next((name for name in r.clears if name in mem.missing()), None)
    if wanted is None:
        return None
    mem.detours += 1
    if mem.detours > _MAX_DETOURS:
        return _end(s, s.words.goodbye_questions())
    if wanted == "full_name":
        wanted = next_question(mem) if next_question(mem) in ("last_name", "first_name") else wanted
    return _ask_field(s, wanted, s.words.again(), rephrase=True, counted=False)


def _extension_note(s: Situation, r: Reading) -> str:
    """ "I can only save the number itself" when an extension came with the number: it is not saved."""
    return s.words.no_extension() if r.extension and s.mem.phone else ""


def _answered_aside(s: Situation, lead: str) -> BrainStep:
    """The person asked something ("is it free?", "why do you need my phone?") instead of answering: answer,
    then ask the question again. That is no failed answer, so it does not count towards giving up on the
    field; only a long run of questions with no answer at all ends the conversation, politely."""
    mem = s.mem
    mem.detours += 1
    if mem.detours > _MAX_DETOURS:
        return _end(s, s.words.goodbye_questions())
    if mem.asking in _FIELD_QUESTIONS:
        return _ask(s, lead, rephrase=True, counted=False)
    return _repeat_question(s, lead)


def _aside(s: Situation, lead: str, question: str) -> BrainStep:
    """At the read-back or the text offer, a message that is no answer (a question, "what?", "are you there?",
    a remark declined): answered, then `question` again. Counted like questions at a field question
    (`_answered_aside`), so a run of them ends politely instead of keeping the person, or a paid call,
    going for ever: after the save as a goodbye with no text, before it with nothing saved."""
    mem = s.mem
    mem.detours += 1
    if mem.detours <= _MAX_DETOURS:
        return _say(lead, question)
    if s.state.entry_id is None:
        return _end(s, s.words.goodbye_questions())
    if s.state.sms is SmsOffer.OFFERED:
        s.state.sms = SmsOffer.DECLINED
    return _end(s, s.words.goodbye(_first(mem)))


def _read_back_pending(mem: Memory) -> bool:
    """Knotty's last question was the read-back of every field, or which part of it to change."""
    return mem.asking == "fix" or (mem.asking == "confirm" and mem.complete())


def _pending_question(s: Situation) -> str:
    """The read-back or "which part should I change?" (`_read_back_pending`), asked again."""
    mem, w = s.mem, s.words
    if mem.asking == "confirm":
        mem.readback = True
        return w.readback(_slots(mem), spelled=mem.spelled)
    return w.question(mem.asking, rephrase=True)


def _start_over(s: Situation, r: Reading) -> BrainStep:
    """ "Let's start over": forget everything collected and ask for the name again. After the save this is a
    correction of the saved entry (read back and saved again over it), never a second entry."""
    mem, w = s.mem, s.words
    saved = s.state.entry_id is not None
    collected = any(mem.slots().values()) or bool(mem.first_name or mem.phone_digits or mem.email_start)
    if not (collected or saved or r.gave_something):
        return _answered_aside(s, w.again())  # nothing to forget yet: the name question again
    mem.restarts += 1
    if mem.restarts > _MAX_RESTARTS:
        return _end(s, w.give_up("details", saved=saved))
    for name in ASK_ORDER:
        mem.clear(name)
    mem.email_start = mem.email_suggestion = mem.email_kept = mem.same_field = ""
    for counts in (mem.misses, mem.asked, mem.corrections, mem.rejected):
        counts.clear()
    mem.amending = saved
    mem.asking = "full_name"
    if r.gave_something:  # "let's start over: Kim Pak"
        applied = apply_reading(mem, r, region=s.region, caller_number=s.state.caller_number)
        if applied.changed or applied.first_name_only:
            return _collecting(s, r, applied)
    return _ask(s, w.start_over(saved=saved), rephrase=True)


def _same_name_said(s: Situation, r: Reading, a: Applied) -> BrainStep | None:
    """ "No, my name is Brendan Moore" at the read-back, or "Brendan Moore" to "which part should I change?",
    when that is the name read back: a name said wrong by Knotty would be a change; the same one is the
    person unsure of what they heard. Ask about the name alone ("I heard Brendan Moore again ... right after
    all?"). It had asked "which part?" and then missed the name said there until it gave up."""
    mem, w = s.mem, s.words
    if (
        a.changed
        or a.cleared
        or r.yes is True
        or not mem.full_name
        or r.values.get("full_name") != mem.full_name
    ):
        return None
    mem.asking = "same_again"
    mem.same_field = "full_name"
    return _say(w.same_again("full_name", mem.full_name))


def _confirming(s: Situation, r: Reading, a: Applied) -> BrainStep:
    mem, w = s.mem, s.words
    if r.yes is not None or a.anything:
        mem.detours = 0  # an answer to the read-back: the questions before it were no run
    problem = _problems(s, r, a)
    if problem is not None:
        return problem
    if a.changed and mem.complete():
        mem.asking = "confirm"
        mem.readback = True
        saved = s.state.entry_id is not None
        return _say(
            _extension_note(s, r), w.readback(_slots(mem), updated=True, saved=saved, spelled=mem.spelled)
        )
    if (same := _same_name_said(s, r, a)) is not None:
        return same
    if a.cleared or a.first_name_only or a.changed:
        for name in a.cleared:
            mem.corrections[name] = mem.corrections.get(name, 0) + 1
        again = any(mem.corrections.get(n, 0) >= 2 for n in a.cleared)
        return _ask(s, w.again() if not a.changed else w.ack(a.changed, _first(mem)), hint=again, spell=again)
    if r.extension and mem.complete() and (r.yes is None or not mem.misses.get(mem.asking)):
        # "you forgot the extension, it's ext 3": the number read back stays; only the extension is left out.
        # A yes beside it ("ext 3 please") is taken the next time: first they hear the extension is not kept.
        mem.miss(mem.asking)
        return _say(w.no_extension(), w.confirm_again() if mem.asking == "confirm" else w.question("fix"))
    if mem.asking == "confirm":
        if r.yes is True and mem.complete():
            if mem.readback:
                mem.asking = "saving"
                mem.leaving = r.goodbye
                return _save_call(mem)
            if s.unheard and s.words.spoken:  # "yes" said over the read-back: read on from where it was cut
                mem.readback = True
                return _say(w.readback_rest(_slots(mem), s.unheard, spelled=mem.spelled))
            return _ask(s)
        if r.yes is False:
            mem.asking = "fix"
            return _say(w.again(), w.question("fix"))
    elif r.yes is True and mem.complete():
        # "Which part should I change?" - "None, it's fine": read it back once more.
        return _ask(s)
    if r.topic is not None:
        return _aside(
            s, w.topic(r.topic), w.confirm_again() if mem.asking == "confirm" else w.question("fix")
        )
    if r.repeat and _read_back_pending(mem):
        return _aside(s, w.again(), _pending_question(s))
    if r.repeat:
        return _repeat_question(s, w.again())
    if r.refusal:
        return _leave(s)
    if _held(s, r):
        return _say(
            w.take_time(), w.confirm_again() if mem.asking == "confirm" else w.question("fix", rephrase=True)
        )
    if mem.miss(mem.asking) >= _MAX_CONFIRM_MISSES:
        return _end(s, w.give_up(mem.asking, saved=s.state.entry_id is not None))
    if mem.asking == "fix":
        return _say(w.sorry("fix"), w.question("fix", rephrase=True))
    return _say(w.sorry("confirm"), w.confirm_again())

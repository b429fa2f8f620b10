"""What the offline brain remembers between turns, kept as JSON in `ConversationState.memory["scripted"]`.

The memory is a cache of the transcript, never the truth: it can always be rebuilt by replaying the
transcript (see `transcript.py`), which is what happens when the OpenAI brain answered earlier turns.
`cursor` counts the transcript lines already folded in, so a normal turn reads only its new lines.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import MISSING, dataclass, field, fields
from typing import Any

__all__ = ["ASK_ORDER", "Asking", "Memory"]

Asking = str
"""What Knotty last asked for: a field, `last_name`, `first_name`, `email_check`, `returning`, `update_listed`, `confirm`,
`fix`, `same_again` (a value said wrong, heard again: right after all?), `sms`, `text_handoff` (finish by
text?), or "" (nothing yet)."""

ASK_ORDER = ("full_name", "phone", "email", "role")
"""The order fields are asked in (the prompt's order)."""

_VERSION = 1


@dataclass
class Memory:
    """The slots collected so far and where the dialogue stands."""

    cursor: int = 0
    """How many transcript lines (history, then this turn's lines) are already folded in."""
    full_name: str | None = None
    mononym: bool = False
    """The person said they have only one name: `full_name` is that name alone, saved with the flag."""
    first_name: str | None = None
    """A first name heard alone, waiting for its surname."""
    spelled: list[str] = field(default_factory=list)
    """Words of the name the person spelled letter by letter on a call: the read-back spells them again."""
    surname: str | None = None
    """A surname heard alone ("Mrs. Smith", "my last name is Smith"), waiting for the first name."""
    phone: str | None = None
    """E.164."""
    email: str | None = None
    role: str | None = None
    asking: Asking = ""
    readback: bool = False
    """The pending confirmation question is Knotty's own read-back of exactly the current slots."""
    phone_digits: str = ""
    """Digits of a phone number said in pieces over several turns, not yet a whole number."""
    phone_unplaced: str = ""
    """The digits of a whole number just refused as from another country, or as one of two countries' ("312
    345 6789 italy"): read in the country the person names next ("UK"), instead of asked for again."""
    misses: dict[str, int] = field(default_factory=dict)
    """How many times in a row the answer to each question was not understood."""
    email_start: str = ""
    """The part before the @ of an address said in two halves, waiting for the part after it."""
    email_suggestion: str = ""
    """The address Knotty asked "did you mean ...?" about (an obvious domain typo fixed), awaiting the answer."""
    email_kept: str = ""
    """An address the person said is right as given, though its domain looked like a typo: not asked again."""
    returning_asked: bool = False
    """The person was told their number is already on the list and asked whether to change anything."""
    listed_asked: list[str] = field(default_factory=list)
    """Contacts the person gave that are already listed, each asked about once ("update that signup?")."""
    update_agreed: bool = False
    """The person wants to update the listed signup: collect, read back and save as usual."""
    asked: dict[str, int] = field(default_factory=dict)
    """How many times each field's question was asked: the third asks another way, after that Knotty stops."""
    corrections: dict[str, int] = field(default_factory=dict)
    """How many times each field was said to be wrong at the read-back."""
    same_field: str = ""
    """The field whose value, once said wrong, was heard again and asked about (`same_again`)."""
    rejected: dict[str, list[str]] = field(default_factory=dict)
    """Values the person said were wrong, per field: heard again, Knotty asks whether it is right after
    all (`same_again`) instead of reading it back as if it were new."""
    handoff_field: str = ""
    """The field a text was offered for, to type instead of saying it (`knotty.handoff`)."""
    handoff_lead: str = ""
    """What to say before the text offer (the "sorry, I missed that" of the failed answer)."""
    refusals: int = 0
    detours: int = 0
    """Questions answered in a row instead of an answer ("is it free?", "why do you need my phone?"): not
    failed answers, but after too many Knotty says goodbye (no endless loop)."""
    restarts: int = 0
    """How many times the person asked to start over."""
    reasons: dict[str, str] = field(default_factory=dict)
    """Why a field was refused by the save tool, said once when asking again."""
    last_question: str = ""
    """The wording of the last question asked, so that asking again sounds different."""
    amending: bool = False
    """The entry is saved and the person is correcting it: collect, read back, save again."""
    leaving: bool = False
    """The yes to the read-back said goodbye too ("ok thanks bye"): once saved, a goodbye, not the text's offer."""
    leave_asked: bool = False
    """A goodbye word came inside a longer answer on a call, and Knotty asked whether to end the call."""
    spanish: list[str] = field(default_factory=list)
    """The Spanish words said in the person's latest run of answers with no English in them (`policy._spanish`)."""
    spanish_told: int = 0
    """Times Knotty said, in Spanish, that it can only help in English: the whole note once, then briefly."""
    other_person: str = ""
    """A second person named beside this one at a field question ("and my wife Ana"), told they sign up on their
    own: how to refer to them ("your wife", "Ana"), to say after the save that they can sign up too."""
    other_only: bool = False
    """The speaker asked to sign up only someone else ("I want to sign up my wife") or gave their details ("her name
    is Ana Smith"): a name said next without "I'm" or "my name is" may be theirs, and is asked about once."""
    others_name: str = ""
    """The name given as the other person's ("her name is Ana Smith"): only that name, said bare, is asked about."""
    name_owner: str = ""
    """The name Knotty asked "is it your own name?" about, awaiting the answer (it is in the slots meanwhile)."""
    turn: int = 0
    """Turns answered by this brain; feeds the deterministic choice of wording."""
    seed: int = 0
    """A number fixed for the conversation; with `turn`, picks wording variants."""

    @classmethod
    def load(cls, raw: dict[str, Any]) -> Memory:
        """The memory stored in `raw`, or a blank one when absent or from another version."""
        if raw.get("v") != _VERSION:
            return cls()
        # What `cls(**stored fields)` builds, without its 27-argument call (~12 us every turn): the
        # defaults in field order (fresh containers), then the stored values over them.
        values = _DEFAULTS | raw  # the fields in their order, then anything else `raw` holds
        del values["v"]
        if len(values) != len(_DEFAULTS):  # keys that are no field: left out, as before
            values = {k: v for k, v in values.items() if k in _FIELD_NAMES}
        for name, factory in _FACTORIES:
            if name not in raw:
                values[name] = factory()
        mem = cls.__new__(cls)
        mem.__dict__.update(values)
        return mem

    @staticmethod
    def asked_of(raw: dict[str, Any]) -> tuple[Asking, int] | None:
        """What the memory stored in `raw` last asked for and how many answers to it were not understood
        (None when nothing is asked), read without loading the whole memory (every turn asks it)."""
        if raw.get("v") != _VERSION or not (asking := raw.get("asking", "")):
            return None
        misses: int = raw.get("misses", {}).get(asking, 0)
        return asking, misses

    def dump(self) -> dict[str, Any]:
        """The JSON form stored in the conversation state: what `dataclasses.asdict` gives, with the version.

        Written by hand (every turn dumps the memory, and `asdict`'s recursive deep copy cost about
        70 µs a time): the fields in their order, the dicts and lists copied, the rest plain values.
        """
        data: dict[str, Any] = {"v": _VERSION, **self.__dict__}
        for name in _CONTAINERS:
            data[name] = data[name].copy()
        return data

    def slots(self) -> dict[str, str | None]:
        """The four waitlist fields as collected so far."""
        return {"full_name": self.full_name, "phone": self.phone, "email": self.email, "role": self.role}

    def missing(self) -> list[str]:
        """Fields still to collect, in asking order."""
        return [name for name in ASK_ORDER if not getattr(self, name)]

    def complete(self) -> bool:
        """All four fields are collected."""
        return not self.missing()

    def clear(self, name: str) -> None:
        """Forget one field (it was wrong or refused)."""
        setattr(self, name, None)
        if name == "full_name":
            self.first_name = None
            self.surname = None
            self.mononym = False
        if name == "phone":
            self.phone_digits = ""
        self.readback = False

    def miss(self, asking: Asking) -> int:
        """Count one more answer not understood for `asking`; return the count."""
        self.misses[asking] = self.misses.get(asking, 0) + 1
        return self.misses[asking]


_FIELD_NAMES = frozenset(f.name for f in fields(Memory))
_DEFAULTS: dict[str, Any] = {f.name: None if f.default is MISSING else f.default for f in fields(Memory)}
"""Every field in order with its default (a container's is made fresh by its factory: `_FACTORIES`)."""
_FACTORIES: tuple[tuple[str, Callable[[], Any]], ...] = tuple(
    (f.name, f.default_factory) for f in fields(Memory) if f.default_factory is not MISSING
)
_CONTAINERS = tuple(name for name in _FIELD_NAMES if isinstance(getattr(Memory(), name), dict | list))
"""The fields holding a dict or list (flat, of plain values): copied when dumped, as `asdict` did."""

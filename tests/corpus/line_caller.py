"""A corpus person on a noisy phone line: asked again, they say it another way; offered the keypad, they use it.

`LineCaller` is the corpus' `SimulatedPerson` (same people, same detours, same read-back checks)
with what a careful caller does when a bad line makes them repeat themselves:

- the phone number: the first time in their own style; asked again, digit by digit, slowly; on the
  keypad (national digits then `#`) once Knotty's words offer it ("keypad", "press"), or once the
  question has come a third time and the call accepts keys;
- the role: "press 1 if you are a therapist, 2 if ..." is answered with the key;
- the email: asked again, spelled letter by letter; a third time, "a as in alpha"; one caller in three,
  asked again, says it in two halves ("the first part is j a n e dot d o e" ... "at gmail dot com");
  asked for the part before the at, or after it, they spell that part;
- the name: asked again, with the surname spelled; the last name, spelled;
- offered to finish by text ("so you can type it instead"), yes, except one caller in four, whatever
  they answer to the confirmation text after the save (another question: a person who wants no text
  confirming a signup may well rather type an address than spell it a fifth time); offered keys for
  it ("press 1 for yes"), the key.

Each turn is an `Action`: words (and whether they were said carefully, which the line hears better),
keys, or silence. What the line makes of the words is the line's business (`tests.corpus.line`).
"""

from __future__ import annotations

import re
import zlib
from collections import Counter
from dataclasses import dataclass, field, replace

import phonenumbers

from knotty.brains.scripted.replies import written_phone
from knotty.fields import normalize_email, speak_email
from knotty.state import Modality
from tests.corpus.people import say_last_name
from tests.corpus.simulator import Scenario, SimulatedPerson, name_read_back, said_exactly

__all__ = ["Action", "LineCaller", "keypad_digits", "spell_address"]

_WELL_KNOWN = frozenset({"gmail", "yahoo", "outlook", "hotmail", "icloud", "aol", "proton", "protonmail", "live",
                         "msn", "gmx", "web", "orange", "libero", "btinternet", "uol", "mail"})  # fmt: skip
"""Providers whose names a recogniser knows; a caller spells any other domain too."""
_SPELLED = {".": "dot", "_": "underscore", "-": "dash", "@": "at"}
_DIGITS = ("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")
_READ_NAME = re.compile(r"\bname is (.+?)(?:, spelled [a-z ]+)*\.(?:\s|$)")
"""The name in a read-back ("Your name is Ana Lima. Your phone ...", "Your name is Ana Lima, spelled l i m a.")."""
_CAREFUL_FIELDS = frozenset({"phone", "email", "full_name", "last_name"})
_KEYPAD_WORDS = ("keypad", "press")
_HALVES_EVERY = 3
"""One caller in this many, asked for the email again, says it in two halves."""
_TEXT_INSTEAD = "type it instead"
"""Knotty's offer to finish by text ("Shall I text you so you can type it instead?")."""
_DECLINES_TEXT_EVERY = 4
"""One caller in this many, offered to type it by text instead, says no (they would rather go on)."""
_YES_TO_TEXT = ("yes please", "sure", "yeah, why not", "yes", "ok sure", "yes, text me")
_NO_TO_TEXT = ("no thanks", "nope", "no thank you", "no, let's keep going")
_AFTER_THE_AT = "after the at"
_BEFORE_THE_AT = "part before the at"


@dataclass(frozen=True)
class Action:
    """One turn of the caller: `say` words (`careful`: spelled or slow), `press` keys, or stay silent."""

    kind: str
    """"say", "press" or "silence"."""
    text: str = ""
    careful: bool = False


def keypad_digits(e164: str, attempt: int = 1, *, told_prefix: bool = False) -> str:
    """What a caller types for their number, then `#`: the national digits for a US number; else the
    country code and the national number (as written after the plus) and, on a second try or when
    Knotty said to ("type 0 0 and the country code"), with the international prefix most of the
    world dials ("00")."""
    number = phonenumbers.parse(e164, None)
    national = phonenumbers.national_significant_number(number)
    if number.country_code == 1:
        return f"{national}#"
    prefix = "00" if attempt >= 2 or told_prefix else ""
    return f"{prefix}{number.country_code}{national}#"


def spell_address(email: str) -> str:
    """The whole address letter by letter, as a caller spells one the line keeps getting wrong."""
    out = []
    for c in email.lower():
        out.append(_SPELLED.get(c) or (_DIGITS[int(c)] if c.isdigit() else c))
    return " ".join(out)


def _well_known(email: str) -> bool:
    return email.rsplit("@", maxsplit=1)[-1].split(".", maxsplit=1)[0].lower() in _WELL_KNOWN


@dataclass
class LineCaller(SimulatedPerson):
    """A `SimulatedPerson` who repeats themselves differently and uses the keypad."""

    times: Counter[str] = field(default_factory=Counter)
    """How many times each field was asked for."""
    keys_pressed: int = 0
    phone_keyed: int = 0
    """Times the phone number was typed on the keypad."""
    reading_texts: bool = False
    """Knotty finished the call by text: its read-backs are now read, not heard."""
    email_rest: str = ""
    """The second half of an address said in two ("at gmail dot com"), to say next."""

    def act(self, reply: str, *, keypad: bool) -> Action:
        """The caller's next turn, given Knotty's last words and whether the call takes keys now."""
        asked = self.what_is_asked(reply)
        self.asked.append(asked)
        self.answered += 1
        self.times[asked] += 1
        if _TEXT_INSTEAD in reply.lower() and not self.reading_texts:
            return self._text_instead(reply, keypad)
        rest, self.email_rest = self.email_rest, ""
        if rest and (asked == "email" or _AFTER_THE_AT in reply.lower()):
            return Action("say", rest, careful=True)  # the second half, whatever Knotty said in between
        halves = self._asked_for_a_half(reply)
        if halves is not None:
            return Action("say", halves, careful=True)
        detour = self._detour(asked)
        if detour is not None:
            return Action("say", detour) if detour else Action("silence")
        keys = self._keys(asked, reply, keypad)
        if keys:
            self.keys_pressed += 1
            self.given.add(asked)
            return Action("press", keys)
        said = self._answer(asked, reply)
        careful = asked in _CAREFUL_FIELDS and self.times[asked] >= 2
        return Action("say", said, careful) if said else Action("silence")

    def _text_instead(self, reply: str, keypad: bool) -> Action:
        """Offered to finish by text after a field failed twice: a yes, except for one caller in
        `_DECLINES_TEXT_EVERY`; asked again with keys offered ("press 1 for yes"), the key."""
        self.times["text_handoff"] += 1
        yes = zlib.crc32(f"{self.sc.id}:text".encode()) % _DECLINES_TEXT_EVERY != 0
        if keypad and "press 1" in reply.lower():
            self.keys_pressed += 1
            return Action("press", "1" if yes else "2")
        pool = _YES_TO_TEXT if yes else _NO_TO_TEXT
        return Action("say", pool[(self.sc.variant + self.times["text_handoff"]) % len(pool)])

    def _keys(self, asked: str, reply: str, keypad: bool) -> str | None:
        offered = any(w in reply.lower() for w in _KEYPAD_WORDS)
        if asked == "phone" and keypad and self.sc.behaviour != "own_number":
            again = self.times[asked] >= 2
            planted = self.wrong_phone is not None and not self.detour_done  # the wrong number comes first
            if again and (offered or (self.times[asked] >= 3 and not planted)):
                # Told to type it, a person who has the wrong number in mind types that one: the read-back
                # shows it, and they correct it there as they meant to.
                number = self.wrong_phone if planted and self.wrong_phone else self.sc.person.phone
                self.phone_keyed += 1
                return keypad_digits(number, self.phone_keyed, told_prefix="0 0" in reply)
        if asked == "role" and keypad and "press 1" in reply.lower():
            return "1" if self.sc.person.role == "therapist" else "2"
        return None

    def _wrong_fields(self, reply: str) -> list[str]:
        """As the corpus person checks a read-back, but a name with a word added ("Ana Lima Eye") is wrong."""
        if self.reading_texts:
            return self._wrong_in_writing(reply)
        wrong = super()._wrong_fields(reply)
        name = self.sc.person.expected_name(self.sc.modality, self.sc.name_style)
        read = _READ_NAME.search(reply)
        if "full_name" not in wrong and read is not None and read.group(1) != name:
            wrong.insert(0, "full_name")
        return wrong

    def _wrong_in_writing(self, reply: str) -> list[str]:
        """A read-back texted after the call: the phone and address as written, the name as the call gave it."""
        p = self.sc.person
        checks = {
            "full_name": name_read_back(p.expected_name(Modality.SPOKEN), reply),
            "phone": said_exactly(written_phone(p.phone), reply),
            "email": said_exactly(p.expected_email, reply),
            "role": p.role in reply,
        }
        return [name for name, right in checks.items() if not right]

    def _check_readback(self, reply: str) -> str:
        """The person who notices their own wrong email only after the save still notices one the line made."""
        planted = self.wrong_email
        if (
            self.sc.behaviour == "readback_email_value"
            and self.detour_done
            and "email" in self._wrong_fields(reply)
        ):
            return "no, the email is wrong"  # said the value once; the second time, let Knotty ask
        if self.sc.behaviour == "correct_after_save" and planted and not self.detour_done:
            theirs = speak_email(normalize_email(planted))
            if self._wrong_fields(reply) == ["email"] and theirs not in reply:
                self.detour_done = True
                return "no, the email is wrong"
        return super()._check_readback(reply)

    def _plain_answer(self, asked: str, reply: str) -> str:
        n = self.times[asked]
        if asked == "last_name" and n >= 2:
            return say_last_name(self.sc.person, self.sc.modality, spell=True)
        if (
            asked == "email"
            and n == 2
            and not self.wrong_email_pending
            and not _well_known(self.sc.person.email)
        ):
            self.given.add("email")
            spelled = spell_address(self.sc.person.email)
            return self._first_half(spelled) if self._says_halves() else spelled
        restyled = self._restyled(asked, n)
        if restyled is None:
            return super()._plain_answer(asked, reply)
        kept, self.sc = self.sc, restyled
        try:
            said = super()._plain_answer(asked, reply)
        finally:
            self.sc = kept
        if asked == "email" and n == 2 and not self.wrong_email_pending and self._says_halves():
            return self._first_half(said)
        return said

    def _asked_for_a_half(self, reply: str) -> str | None:
        """Asked for one part of the address ("spell just the part before the at sign", "and after the
        at?"), that part, spelled."""
        low = reply.lower()
        local, _, domain = self.sc.person.email.lower().rpartition("@")
        if self.wrong_email_pending or self.reading_texts:
            return None
        if _BEFORE_THE_AT in low:
            self.given.add("email")
            return spell_address(local)
        if _AFTER_THE_AT in low:
            return f"at {spell_address(domain)}"
        return None

    def _says_halves(self) -> bool:
        return zlib.crc32(self.sc.id.encode()) % _HALVES_EVERY == 0

    def _first_half(self, said: str) -> str:
        """ "the first part is jane dot doe", keeping "at gmail dot com" for the next turn."""
        cut = said.rfind(" at ")
        if cut < 0 or self.reading_texts:
            return said  # typed, an address comes whole
        self.email_rest = said[cut + 1 :]
        first = said[:cut]
        return first if self.sc.variant % 2 else f"the first part is {first}"

    @property
    def wrong_email_pending(self) -> bool:
        """The scenario's planted wrong email is still to be given."""
        return self.wrong_email is not None and not self.detour_done

    def _restyled(self, asked: str, n: int) -> Scenario | None:
        """The scenario with the way this field is said changed for its `n`th asking, or None."""
        if n < 2:
            return None
        if asked == "phone":
            return replace(self.sc, phone_style="groups" if n == 2 else "words")
        if asked == "email":
            return replace(self.sc, email_style="spelled" if n == 2 else "nato")
        if asked == "full_name":
            return replace(self.sc, name_style="spelled_surname")
        return None

"""Fold what an utterance said into the remembered slots, the same way live and on replay.

The newest value of a field wins (a correction is just a new value). A phone number said in pieces
is put together across turns; a single corrected digit ("it's 0, not 6") makes Knotty ask for the
whole number again rather than patch it, so the saved number is one the person actually said.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from knotty.brains.scripted.memory import Memory
from knotty.brains.scripted.understanding import Reading
from knotty.fields import FieldError, join_names, normalize_email, normalize_phone
from knotty.fields._address_names import other_surname_in_address
from knotty.fields.name import written_family_first
from knotty.fields.phone_country import number_in_country

__all__ = ["Applied", "apply_reading"]

_MIN_DIGITS = 7
_MAX_HALF_AGAIN = 2
"""Times the part before the @, said again unchanged, gets "and after the at?" again."""


@dataclass
class Applied:
    """What folding one reading changed, for the policy to acknowledge."""

    changed: list[str] = field(default_factory=list)
    """Fields that got a new value, in asking order."""
    cleared: list[str] = field(default_factory=list)
    """Fields forgotten because the person said they were wrong."""
    phone_pending: str = ""
    """Digits of a phone number in progress (fewer than a whole number)."""
    phone_problem: str | None = None
    """Why the digits heard are not a phone number."""
    no_caller_number: bool = False
    """The person said "this number" and the channel does not know it."""
    digit_fix: bool = False
    """A single digit was corrected; the whole number has to be said again."""
    first_name_only: bool = False
    email_pending: str = ""
    """The part before the @ of an address said in halves, waiting for the part after it."""
    email_joined: bool = False
    """The address was put together from two halves said apart: read it back whole."""
    heard_rejected: list[str] = field(default_factory=list)
    """Fields given a value the person said was wrong before (the same mishearing again)."""

    @property
    def anything(self) -> bool:
        """Whether the utterance moved the signup at all."""
        return bool(
            self.changed or self.cleared or self.phone_pending or self.phone_problem or self.no_caller_number
            or self.digit_fix or self.first_name_only or self.email_pending
        )  # fmt: skip


def _partial(r: Reading) -> bool:
    return len(r.phone_digits.lstrip("+")) < _MIN_DIGITS and r.yes is not True


def _words_beside_a_yes(mem: Memory, r: Reading) -> bool:
    """A few digits beside a yes to the read-back are words a line wrote as digits ("yes, good two go",
    "yes thanks four checking", "yes, all four are right"), not the start of another number: the yes
    stands. They had Knotty answer "Okay, 2. And the rest?" to a caller who had just said yes."""
    short = len(r.phone_digits.lstrip("+")) < _MIN_DIGITS
    return bool(mem.phone) and mem.asking in ("confirm", "fix") and r.yes is True and short


def _part_of(word: str, name: str | None) -> bool:
    """ "Ana" said again when "Ana Lima" is known is no correction."""
    if not name:
        return False
    return word.lower() in name.lower().split()


def _set(mem: Memory, name: str, value: str, applied: Applied) -> None:
    if getattr(mem, name) != value:
        setattr(mem, name, value)
        applied.changed.append(name)
        mem.readback = False
        if value in mem.rejected.get(name, ()):
            applied.heard_rejected.append(name)
    mem.misses.pop(name, None)
    mem.reasons.pop(name, None)


def _reject(mem: Memory, name: str) -> None:
    """Remember the value the person just said is wrong, to notice it if it is heard again."""
    value = getattr(mem, name)
    if isinstance(value, str) and value not in (said_wrong := mem.rejected.get(name, [])):
        mem.rejected[name] = [*said_wrong, value]


def _phone_pieces(mem: Memory, digits: str, region: str, applied: Applied) -> None:
    """Add digits said on their own to a number being given in pieces."""
    plus = digits.startswith("+")
    if mem.phone_digits and not plus and len(mem.phone_digits.lstrip("+")) < _MIN_DIGITS:
        combined = mem.phone_digits + digits
    else:
        combined = digits
    try:
        phone = normalize_phone(combined, region)
    except FieldError as exc:
        if len(combined.lstrip("+")) < _MIN_DIGITS:
            mem.phone_digits = combined
            applied.phone_pending = combined
        else:
            mem.phone_digits = ""
            mem.phone_unplaced = combined
            applied.phone_problem = exc.reason
        return
    mem.phone_digits = ""
    _set(mem, "phone", phone, applied)


def _email_halves(mem: Memory, r: Reading, applied: Applied) -> None:
    """Put an address said in two halves together ("jane dot doe" ... "at gmail dot com").

    A half is never saved: the part before the @ waits in `email_start` until the part after it is
    said; a whole address said meanwhile replaces it.
    """
    if "email" in r.values or "email" in r.clears:
        mem.email_start = ""
        return
    local, domain = r.email_local, r.email_domain
    if local and domain:  # words that read as either half ("f dot c o m a s"): the half still missing,
        # unless they are the first half said again
        local, domain = ("", domain) if mem.email_start and local != mem.email_start else (local, "")
    if local and mem.email_start and local != mem.email_start:
        # Asked for the part after the @, words that read only as a part before one: the second half was
        # garbled. Forget both halves (a miss: the address is asked again) rather than keep a wrong one.
        mem.email_start = ""
        return
    if local and (not mem.email_start or mem.miss("email_start_again") <= _MAX_HALF_AGAIN):
        # The same first half said again (the part after the @ was missed): ask for that part again, twice at most.
        mem.email_start = applied.email_pending = local
        return
    if domain and mem.email_start:
        try:
            email = normalize_email(f"{mem.email_start}@{domain}")
        except FieldError:
            mem.email_start = ""
            return
        mem.email_start = ""
        _set(mem, "email", email, applied)
        applied.email_joined = True


def _given_names_only(mem: Memory) -> None:
    """A two-word name whose address names another surname was given names only: ask for the last name.

    "Maria Belen" with maria.bernad@..., "Enzo Gabriel" with e.casagrande@...: many people give their
    two given names when asked for their full name, and no word list tells "Belen" from "Lima". The
    address the person just gave does: a careful operator asks for the surname rather than read back a
    name with none. "it's Lima" then keeps "Ana Lima" as it was (see `understanding`).
    """
    if mem.full_name is None or mem.email is None or mem.mononym:
        return
    if other_surname_in_address(mem.full_name, mem.email):
        mem.first_name, mem.full_name = mem.full_name, None
        mem.readback = False


def _lone_name(mem: Memory, r: Reading, applied: Applied) -> None:
    """A name heard without its surname: kept until the surname comes, or the whole name of someone who
    has only one."""
    fresh_first = r.first_name and not _part_of(r.first_name, mem.full_name)
    if fresh_first and (mem.full_name is None or mem.asking in ("confirm", "fix", "full_name")):
        if mem.full_name is not None:
            mem.clear("full_name")
            applied.cleared.append("full_name")
        mem.first_name = r.first_name
        applied.first_name_only = True
    single = r.first_name or mem.first_name or mem.surname
    if r.single_name and single and "full_name" not in r.values:
        # "I only have one name": the name given alone is the whole name (asked once for a surname); so is
        # a name said with a title ("Doctor Wilderman"), whose first name was asked for.
        mem.first_name = mem.surname = None
        _set(mem, "full_name", single, applied)
        mem.mononym = True
        applied.first_name_only = False


def _surname_waits(mem: Memory, r: Reading, applied: Applied) -> bool:
    """A surname heard alone ("Mrs. Smith", "my last name is Smith") waits for the first name, and the
    first name said next goes before it ("Jane", then: Jane Smith). The surname said again is no first
    name (never "Smith Smith"). Whether the reading was taken here."""
    if r.first_name and r.surname_only and mem.full_name is None and not mem.first_name and not r.single_name:
        mem.surname = r.first_name
        applied.first_name_only = True
        return True
    if not (mem.surname and r.first_name and mem.full_name is None) or r.single_name:
        return False
    if r.first_name.lower() != mem.surname.lower():
        try:
            _set(mem, "full_name", join_names(r.first_name, mem.surname), applied)
        except FieldError:
            return True  # no name it can take: the first name is asked again
        mem.surname = None
    elif written_family_first(mem.surname):
        _set(mem, "full_name", mem.surname, applied)  # "山田" said again for the given name: all there is
        mem.surname = None
    return True


def apply_reading(mem: Memory, r: Reading, *, region: str, caller_number: str | None) -> Applied:
    """Update `mem` with reading `r`; return what changed."""
    applied = Applied()
    for name in r.clears:
        if getattr(mem, name) or (name == "full_name" and mem.first_name):
            _reject(mem, name)
            mem.clear(name)
            applied.cleared.append(name)
    if r.spelled:
        mem.spelled = sorted({*mem.spelled, *r.spelled})
    if "full_name" in r.values:
        mem.first_name = None
        mem.mononym = False
        said_wrong = mem.rejected.get("full_name", ())
        if r.values["full_name"] in said_wrong and r.name_as_said and r.name_as_said not in said_wrong:
            r.values["full_name"] = r.name_as_said  # "de Elder" was wrong: "angelina the elder" is The Elder
    for name in ("full_name", "phone", "email", "role"):
        if name in r.values:
            _set(mem, name, r.values[name], applied)
    if "phone" in r.values:
        mem.phone_digits = ""
    _email_halves(mem, r, applied)
    if "email" in applied.changed and mem.asking == "email" and "full_name" not in r.values:
        _given_names_only(mem)
    if "full_name" in r.values:
        mem.surname = None
    if not _surname_waits(mem, r, applied):
        _lone_name(mem, r, applied)
    if r.own_number:
        if caller_number:
            mem.phone_digits = ""
            _set(mem, "phone", caller_number, applied)
        else:
            applied.no_caller_number = True
    elif mem.phone and (
        r.digit_swap or (r.phone_digits and mem.asking in ("confirm", "fix") and _partial(r))
    ):
        # "it's 0 not 6", "the last four are 0199": ask for the whole number rather than patch it.
        _reject(mem, "phone")
        mem.clear("phone")
        applied.digit_fix = True
    elif r.phone_digits and "phone" not in r.values and not _words_beside_a_yes(mem, r):
        _phone_pieces(mem, r.phone_digits, region, applied)
    _placed(mem, r, applied)
    return applied


def _placed(mem: Memory, r: Reading, applied: Applied) -> None:
    """A number's country: asked about ("312 345 6789 italy" is Italian or American), or named after a number
    refused as from another country ("07911 123456", then "UK"): the digits said are read there."""
    unplaced, mem.phone_unplaced = mem.phone_unplaced, ""
    if r.phone_doubt:
        mem.phone_unplaced = r.doubt_digits
        applied.phone_problem = r.phone_doubt
        return
    if "phone" in applied.changed or r.phone_digits or not (unplaced and r.country):
        if applied.phone_problem:
            mem.phone_unplaced = mem.phone_unplaced or unplaced
        return
    if (phone := number_in_country(unplaced, r.country)) is not None:
        _set(mem, "phone", phone, applied)

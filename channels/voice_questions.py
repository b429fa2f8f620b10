"""How a phone call listens for each question: speech settings, the keypad, and what a key press means.

A careful human operator on a bad line does two things a recogniser can't: tells the caller what to
expect ("digits, please") and offers another way in (the keypad). The agent says which field its
question asks for (`TurnResult.asking`) and how many answers to it were not understood
(`TurnResult.misses`); from that this module picks the `<Gather>` for the question:

- the phone number: speech or keypad, finished by `#`, with Twilio's digit-sequence class as a hint;
  after a miss the question adds "you can also type it on your keypad, then press pound", and a number
  that needs its country code gets how to type one ("type 0 0 and the country code first": a keypad
  has no "+"; the country code typed without them is taken too);
- the role: speech or one key; after a miss, "press 1 if you are a therapist, 2 if you are a client";
- the email: letters and digits (Twilio's alphanumeric class), spelling words and common providers as
  hints, and longer pauses allowed (people pause while spelling);
- yes/no questions (the read-back, the text offers, "did you mean ...?", a returning person's "change
  anything?"): yes/no words as hints; the two text offers (finish by text, the confirmation text) take
  a key too, and after a miss say so ("Or press 1 for yes, 2 for no."): a short "yes" is the word a bad
  line loses most, and an unheard yes to the offer to finish by text would leave the caller spelling.
- keys pressed at a question no key can answer (a name, an email, the read-back, the other yes/no
  questions): the Gather still listens for keys, so that the caller is told to say it
  (`keys_not_taken`) instead of hearing "I didn't hear anything" and, the second time, goodbye. The
  read-back takes no key for yes: Knotty never offers one there, and a guessed "1" must not confirm.

The field asked travels in the Gather's `action` URL (`ask=`), which Twilio signs, so the next turn
knows what a key press answers without trusting anything else.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "ASK_PARAM",
    "KEYPAD_COUNTRY_HINT",
    "KEYPAD_PHONE_HINT",
    "KEYPAD_ROLE_HINT",
    "KEYPAD_YES_NO_HINT",
    "Listening",
    "keypad_answer",
    "keys_not_taken",
    "listening_for",
    "with_keypad_hint",
]

ASK_PARAM = "ask"
"""The query parameter of the turn URL naming the field the question asked for."""

_YES_NO = "yes, no, yes please, no thanks, that's right, correct, that's wrong"
_EMAIL = (
    "my email is, $OOV_CLASS_ALPHANUMERIC_SEQUENCE, at, dot, underscore, dash, as in, "
    "gmail dot com, yahoo dot com, hotmail dot com, outlook dot com, icloud dot com, "
    "dot com, dot net, dot org, dot co dot uk"
)
"""Letters and digits first (on a bad line an address is mostly spelled), the words between them, the
common providers and endings said whole. Tried on the recogniser tier (issue 11) with ten addresses
Whisper tiny garbled: with the earlier list ("at sign", "period", "A as in apple") it still wrote
"... dot com, not UK" for "yahoo dot co dot uk"; with this one, spaced letters and "dot co dot uk"."""
_GENERIC = (
    "at, dot, dot com, underscore, dash, gmail, yahoo, hotmail, outlook, icloud, therapist, massage therapist, "
    "client, waitlist, yes, no, that's right, my name is, my email is, my number is, this number"
)
ROLE_KEYS = {"1": "therapist", "2": "client"}
YES_NO_KEYS = {"1": "yes", "2": "no"}
_KEYED_YES_NO = frozenset({"sms", "text_handoff"})
KEYPAD_PHONE_HINT = "You can also type it on your keypad, then press pound."
KEYPAD_COUNTRY_HINT = "On the keypad, type 0 0 and the country code first, then the number, then press pound."
KEYPAD_ROLE_HINT = "Or press 1 if you are a therapist, 2 if you are a client."
KEYPAD_YES_NO_HINT = "Or press 1 for yes, 2 for no."
_SAY_YES_NO = "Sorry, the keypad doesn't work for this question. Please say yes or no."
_SAY_IT = {
    "full_name": "Sorry, the keypad can't spell a name. Please say your full name.",
    "first_name": "Sorry, the keypad can't spell a name. Please say your first name.",
    "last_name": "Sorry, the keypad can't spell a name. Please say your last name.",
    "email": "Sorry, the keypad can't type an email address. Please say your email address.",
    "confirm": (
        "Sorry, the keypad doesn't work for this question. Please say yes if your details are all correct, "
        "or tell me what to change."
    ),
    "email_check": _SAY_YES_NO,
    "returning": _SAY_YES_NO,
    "update_listed": _SAY_YES_NO,
}
"""What a caller who pressed keys at a question no key answers hears instead (the question stays open)."""


@dataclass(frozen=True)
class Listening:
    """The `<Gather>` attributes for one question."""

    input: str = "speech"
    hints: str = _GENERIC
    speech_timeout_s: int = 3
    """Seconds of silence that end an answer (a positive number: Twilio refuses `auto` with a model)."""
    wait_s: int = 6
    """Seconds Twilio waits for the caller to start."""
    num_digits: int | None = None
    finish_on_key: str | None = None
    barge_in: bool = True
    """Whether the caller's words may cut into what Knotty is saying (`bargeIn`). Every question uses it: a
    read-back is said in a Gather of its own, which marks words said over it
    (`voice_twiml.gather_read_back`), and nothing relies on `bargeIn="false"` dropping words said over
    a prompt: Twilio's reference does not say it does (docs/voice-modes.md)."""


_YES_NO_KEYS = Listening(input="dtmf speech", hints=_YES_NO, num_digits=1)
"""A text offer: yes or no, said or pressed (a short "yes" is what a bad line loses most)."""
_KEYS_HEARD = "dtmf speech"
"""Questions keys can't answer still listen for them: a key pressed there is answered with `_SAY_IT`."""
_PROFILES = {
    "full_name": Listening(input=_KEYS_HEARD),
    "first_name": Listening(input=_KEYS_HEARD),
    "last_name": Listening(input=_KEYS_HEARD),
    "phone": Listening(
        input="dtmf speech",
        hints="$OOV_CLASS_DIGIT_SEQUENCE, this number, the number I'm calling from, my number is",
        wait_s=8,
        finish_on_key="#",
    ),
    "email": Listening(input=_KEYS_HEARD, hints=_EMAIL, speech_timeout_s=4, wait_s=8),
    "role": Listening(
        input="dtmf speech", hints="therapist, massage therapist, LMT, client, customer", num_digits=1
    ),
    "confirm": Listening(input=_KEYS_HEARD, hints=_YES_NO),
    "sms": _YES_NO_KEYS,
    "text_handoff": _YES_NO_KEYS,
    "email_check": Listening(input=_KEYS_HEARD, hints=_YES_NO),
    "returning": Listening(input=_KEYS_HEARD, hints=_YES_NO),
    "update_listed": Listening(input=_KEYS_HEARD, hints=_YES_NO),
}


def listening_for(asking: str) -> Listening:
    """How to listen for the answer to a question about `asking` (a field, `confirm`, `sms`, or "")."""
    return _PROFILES.get(asking, Listening())


def with_keypad_hint(reply: str, asking: str, misses: int) -> str:
    """The reply, with the keypad offered once an answer to a phone or role question was missed.

    A number that needs its country code gets how to type one (a keypad has no "+"), whenever asked.
    """
    if asking == "phone" and "country code" in reply and KEYPAD_COUNTRY_HINT not in reply:
        reply = f"{reply} {KEYPAD_COUNTRY_HINT}"
    if misses < 1 or "keypad" in reply.lower():
        return reply
    hint = {"phone": KEYPAD_PHONE_HINT, "role": KEYPAD_ROLE_HINT}.get(asking)
    if asking in _KEYED_YES_NO:
        hint = KEYPAD_YES_NO_HINT
    return f"{reply} {hint}" if hint and hint not in reply else reply


def keypad_answer(asking: str, digits: str) -> str:
    """What keys pressed in answer to a question about `asking` say, in words the agent reads."""
    digits = "".join(ch for ch in digits if ch.isdigit() or ch in "*#").strip("#")
    if asking == "role":
        return ROLE_KEYS.get(digits[:1], digits)
    if asking in _KEYED_YES_NO:
        return YES_NO_KEYS.get(digits[:1], digits)
    return digits


def keys_not_taken(asking: str) -> str:
    """What to say to keys pressed at a question about `asking` that no key answers ("" when keys answer it,
    or when Knotty asked nothing it knows: those keys go to the agent as before)."""
    return _SAY_IT.get(asking, "")
